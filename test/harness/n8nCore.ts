/**
 * What every harness runner gives n8n-core besides the node: the
 * additionalData n8n passes to each execution context, and the clean-up n8n's
 * own shutdown would do, so that a test file leaves no timer behind.
 */
import { Container } from '@n8n/di';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';
// Not exported from n8n-core's index; the same module its execution contexts load.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { stopAfterTestFile } from './n8nCoreStops';

export const N8N_URL = 'http://127.0.0.1:5678';
export const WEBHOOK_BASE_URL = `${N8N_URL}/webhook`;
export const WEBHOOK_WAITING_BASE_URL = `${N8N_URL}/webhook-waiting`;

/**
 * The URLs and fields of n8n's WorkflowExecuteAdditionalData that our nodes
 * and n8n's contexts read, plus `fields`. n8n passes many more; any other
 * field reads as undefined.
 */
export function testAdditionalData(fields: Record<string, unknown>): IWorkflowExecuteAdditionalData {
	const data: Record<string, unknown> = {
		executionId: undefined,
		currentNodeParameters: undefined,
		restApiUrl: `${N8N_URL}/rest`,
		instanceBaseUrl: `${N8N_URL}/`,
		webhookBaseUrl: WEBHOOK_BASE_URL,
		webhookWaitingBaseUrl: WEBHOOK_WAITING_BASE_URL,
		webhookTestBaseUrl: `${N8N_URL}/webhook-test`,
		formWaitingBaseUrl: `${N8N_URL}/form-waiting`,
		variables: {},
		...fields,
	};
	return new Proxy(data, {
		get: (target, key: string) => (key in target ? target[key] : undefined),
	}) as unknown as IWorkflowExecuteAdditionalData;
}

// Every execution context n8n-core builds starts its SSH-client manager, whose
// 60 s sweep timer n8n stops only at shutdown. Each test file (and each
// jest.isolateModules) loads its own n8n-core: n8nCoreTeardown.js stops this
// copy's manager once the file's tests are done.
stopAfterTestFile(() => Container.get(SSHClientsManager).onShutdown());
