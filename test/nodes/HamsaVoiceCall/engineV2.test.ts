/**
 * n8n's Engine 2.0 (opt-in in n8n 2.41.1: workflow setting "engineType": "v2"
 * with N8N_ENABLED_MODULES=engine-v2) cannot resume a waiting execution: the
 * webhook wait method must refuse at once, naming the setting, before any call
 * is placed. n8n gives Engine 2.0 executions UUID v7 ids, which is how the node
 * tells (the workflow setting itself is not handed to the node there).
 */
import { CUSTOMER_ADA, startCallParameters } from '../../harness/calls';
import { runNode, type RunNodeOptions } from '../../harness/runWorkflow';
import { credentialsFor, useSimulator } from '../../harness/simulator';
import { runsOnEngineV2 } from '../../../nodes/shared/engineV2';
import type { IExecuteFunctions } from 'n8n-workflow';

const context = useSimulator({ callDurationMs: 300 });
/** A UUID v7, as n8n's createExecutionIdV2 makes them. */
const V2_EXECUTION_ID = '019aa1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';

function parameters(extra: Record<string, unknown>) {
	return startCallParameters({ operation: 'startAndWait', toNumber: '+1 (415) 555-0123', ...CUSTOMER_ADA, ...extra });
}

describe('Hamsa Voice Call → Start and Wait for Outcome on n8n Engine 2.0', () => {
	const engines: Array<[string, Pick<RunNodeOptions, 'executionId' | 'settings'>]> = [
		['a UUID v7 execution id', { executionId: V2_EXECUTION_ID }],
		['the workflow setting engineType: v2', { settings: { engineType: 'v2' } }],
	];
	it.each(engines)('with the webhook method, refuses at once on %s, naming the setting, and places no call', async (_, engine) => {
		const { sim } = context;
		const started = Date.now();
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: parameters({ waitMethod: 'webhook' }), credentials: credentialsFor(sim), ...engine });
		expect(Date.now() - started).toBeLessThan(5000);
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/Engine 2\.0/);
		expect(run.error?.message).toMatch(/"engineType": "v2"/);
		expect(run.error?.message).toMatch(/N8N_ENABLED_MODULES=engine-v2/);
		expect(run.error?.description).toMatch(/Set Wait Method to "Poll"/);
		expect(sim.requests).toHaveLength(0);
	});

	it('with polling, runs as on Engine 1: it does not need a resume', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: parameters({ waitMethod: 'poll', pollIntervalSeconds: 1, timeLimitMinutes: 1 }),
			credentials: credentialsFor(sim),
			executionId: V2_EXECUTION_ID,
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ status: 'COMPLETED', finished: true });
	});

	it('with the webhook method on Engine 1 (numeric execution ids), still waits', async () => {
		const { sim } = context;
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: parameters({ waitMethod: 'webhook' }), credentials: credentialsFor(sim), executionId: '42' });
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('waiting');
	});
});

describe('runsOnEngineV2', () => {
	const contextWith = (executionId: unknown, settings: object = {}) =>
		({ getExecutionId: () => executionId, getWorkflowSettings: () => settings }) as unknown as IExecuteFunctions;

	it('is true for UUID v7 execution ids and the engineType v2 setting only', () => {
		expect(runsOnEngineV2(contextWith(V2_EXECUTION_ID))).toBe(true);
		expect(runsOnEngineV2(contextWith(V2_EXECUTION_ID.toUpperCase()))).toBe(true);
		expect(runsOnEngineV2(contextWith('1', { engineType: 'v2' }))).toBe(true);
		expect(runsOnEngineV2(contextWith('1'))).toBe(false);
		expect(runsOnEngineV2(contextWith('1', { engineType: 'v1' }))).toBe(false);
		// A UUID v4 is not an Engine 2.0 id.
		expect(runsOnEngineV2(contextWith('1b4e28ba-2fa1-41d2-883f-0016d3cca427'))).toBe(false);
		expect(runsOnEngineV2(contextWith(undefined))).toBe(false);
	});
});
