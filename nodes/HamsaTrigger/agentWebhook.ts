/**
 * The Hamsa Trigger setting itself up on a voice agent: when the workflow is
 * activated (or "Listen for test event" starts), the agent's webhookUrl and
 * webhookAuth are pointed at this trigger, with a secret generated for it;
 * when it is deactivated, what the agent had before is put back.
 *
 * What is kept in the node's static data (per URL: a test webhook and the
 * production webhook each keep their own), never in parameters, output,
 * errors or logs: the agent, the URL written, the generated secret, and the
 * agent's previous webhookUrl and webhookAuth. n8n saves static data after
 * activating and deactivating a workflow's webhooks; for a test webhook it
 * hands the static data create() wrote to the test webhook's requests.
 *
 * Reads are v2 (`GET /v2/voice-agents/{id}`: `webhookUrl`, `webhookAuth` at the
 * top); writes are the v1 flat update (`PATCH /v1/voice-agents/{id}`), as the
 * Voice Agent operations write. Restoring "no webhook" sends
 * `webhookUrl: null, webhookAuth: null` (assumption: Hamsa's docs do not say
 * how a webhook is removed; the simulator takes null and "" as "none").
 */
import { randomBytes } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { ServiceError } from '../shared/errors';
import { hamsaRequest } from '../shared/hamsa/service';

/** What the trigger keeps about the agent it set up. */
export interface AgentSetup {
	agentId: string;
	/** The URL written into the agent (this trigger's production or test URL). */
	webhookUrl: string;
	/** Whether that is the test URL ("Listen for test event"). */
	test: boolean;
	/** The generated secret Hamsa sends as "Authorization: Bearer <secret>". */
	secret: string;
	/** What the agent had before, put back on deactivation. */
	previous: { webhookUrl: string | null; webhookAuth: IDataObject | null };
}

export const GENERATED_AUTH_KEY = 'Bearer';

type Context = IHookFunctions | IWebhookFunctions;

/**
 * Setups are kept by the URL they wrote (static data key `agentWebhooks`), so
 * a test webhook and the production one each keep their own. n8n runs delete
 * in mode "internal" for both, so only the URL (which getNodeWebhookUrl gives
 * for the right one) tells them apart there; create runs in mode "manual"
 * only for a test webhook, and a test delivery runs in mode "manual" too.
 */
function setups(context: Context): Record<string, AgentSetup> {
	const staticData = context.getWorkflowStaticData('node');
	const kept = staticData.agentWebhooks;
	if (kept === null || typeof kept !== 'object' || Array.isArray(kept)) staticData.agentWebhooks = {};
	return staticData.agentWebhooks as unknown as Record<string, AgentSetup>;
}

function isSetup(value: unknown): value is AgentSetup {
	const setup = value as AgentSetup | undefined;
	return (
		setup !== undefined &&
		setup !== null &&
		typeof setup === 'object' &&
		typeof setup.agentId === 'string' &&
		typeof setup.secret === 'string' &&
		setup.secret !== ''
	);
}

/** The chosen Voice Agent's id, or '' for manual setup. */
export function chosenAgentId(context: Context): string {
	try {
		const value = context.getNodeParameter('voiceAgentId', '', { extractValue: true });
		return typeof value === 'string' ? value.trim() : '';
	} catch {
		return '';
	}
}

/** The secrets this trigger generated for the agent, for the kind of delivery this is (test or production). */
export function generatedSecrets(context: IWebhookFunctions, agentId: string): string[] {
	const test = context.getMode() === 'manual';
	return Object.values(setups(context))
		.filter((setup) => isSetup(setup) && setup.agentId === agentId && setup.test === test)
		.map((setup) => setup.secret);
}

/** What this trigger keeps for the agent at its URL of this activation, if it set the agent up. */
function storedSetup(context: IHookFunctions, url: string, agentId: string): AgentSetup | undefined {
	const setup = setups(context)[url];
	return isSetup(setup) && setup.agentId === agentId ? setup : undefined;
}

function recordOf(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function urlOf(agent: IDataObject): string | null {
	return typeof agent.webhookUrl === 'string' && agent.webhookUrl.trim() !== '' ? agent.webhookUrl : null;
}

function secretOf(auth: IDataObject | null): string | undefined {
	return auth !== null && typeof auth.authSecret === 'string' && auth.authSecret !== '' ? auth.authSecret : undefined;
}

/** The host (and port) of a URL, never its path, query or credentials. */
function hostOf(url: string): string {
	try {
		return new URL(url).host || 'an address that is not a URL';
	} catch {
		return 'an address that is not a URL';
	}
}

/** The credential is optional for manual setup and required once a Voice Agent is chosen. */
async function requireCredential(context: IHookFunctions, agentId: string): Promise<void> {
	try {
		await context.getCredentials('hamsaApi');
	} catch {
		throw new NodeOperationError(
			context.getNode(),
			`The Hamsa Trigger needs a Hamsa API credential to set up voice agent ${agentId}`,
			{
				description:
					'Choose a Hamsa API credential on the trigger (it reads the agent and writes this trigger\'s webhook into it), or clear Voice Agent to paste the Production URL into the agent yourself.',
			},
		);
	}
}

async function readAgent(context: IHookFunctions, agentId: string): Promise<IDataObject> {
	const data = await hamsaRequest.call(context, { method: 'GET', path: `/v2/voice-agents/${encodeURIComponent(agentId)}`, idempotent: true });
	return recordOf(data);
}

/** The v1 flat update of the agent's webhook; a 2xx answered with a message only is a success too. */
async function writeWebhook(
	context: IHookFunctions,
	agentId: string,
	webhookUrl: string | null,
	webhookAuth: IDataObject | null,
	secrets: string[],
): Promise<void> {
	try {
		await hamsaRequest.call(context, {
			method: 'PATCH',
			path: `/v1/voice-agents/${encodeURIComponent(agentId)}`,
			body: { webhookUrl, webhookAuth },
			idempotent: false,
			secrets,
		});
	} catch (error) {
		if (error instanceof ServiceError) {
			const status = error.serviceFailure.httpStatus ?? 0;
			if (status >= 200 && status < 300) return;
		}
		throw asNodeError(context, error);
	}
}

/** The error as thrown (a ServiceError or NodeOperationError already names the node), or wrapped. */
function asNodeError(context: IHookFunctions, error: unknown): Error {
	if (error instanceof Error && 'node' in error) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function ourUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave the Hamsa Trigger no webhook URL to write into the voice agent');
	return url;
}

/** checkExists: the agent sends its events to this trigger, with this trigger's secret. */
export async function agentWebhookExists(context: IHookFunctions): Promise<boolean> {
	const agentId = chosenAgentId(context);
	if (agentId === '') return true;
	await requireCredential(context, agentId);
	const url = ourUrl(context);
	const stored = storedSetup(context, url, agentId);
	if (stored === undefined) return false;
	const agent = await readAgent(context, agentId);
	return urlOf(agent) === url && secretOf(recordOf(agent.webhookAuth)) === stored.secret;
}

/** create: points the agent at this trigger, keeping what it had before. */
export async function setUpAgentWebhook(context: IHookFunctions): Promise<boolean> {
	const agentId = chosenAgentId(context);
	if (agentId === '') return true;
	await requireCredential(context, agentId);
	const url = ourUrl(context);
	const agent = await readAgent(context, agentId);
	const currentUrl = urlOf(agent);
	const currentAuth = agent.webhookAuth === undefined || agent.webhookAuth === null ? null : recordOf(agent.webhookAuth);
	const kept = setups(context);
	const stored = storedSetup(context, url, agentId);
	// This trigger's own earlier URL (n8n's address or the webhook path changed since): ours too, not "elsewhere".
	// (Of the same kind only: the production setup is not a test webhook's earlier URL.)
	const test = context.getMode() === 'manual';
	const earlierKey = Object.keys(kept).find(
		(key) => key !== url && isSetup(kept[key]) && kept[key].agentId === agentId && kept[key].test === test && kept[key].webhookUrl === currentUrl,
	);
	const earlier = earlierKey === undefined ? undefined : kept[earlierKey];

	let previous: AgentSetup['previous'];
	if (currentUrl === url || earlier !== undefined) {
		// Already ours (a secret lost or changed behind our back, or an earlier URL of ours): keep what was there before us, if known.
		previous = stored?.previous ?? earlier?.previous ?? { webhookUrl: null, webhookAuth: null };
	} else {
		const options = recordOf(context.getNodeParameter('options', {}));
		if (currentUrl !== null && options.replaceExistingWebhook !== true) {
			const name = agent.name ?? agent.agentName ?? agentId;
			throw new NodeOperationError(
				context.getNode(),
				`Voice agent "${String(name)}" already sends its events to ${hostOf(currentUrl)}, so the Hamsa Trigger did not change it`,
				{
					description:
						'Turn on Options → Replace Existing Webhook to point the agent at this trigger (its current webhook is put back when the workflow is deactivated), or choose another agent. If that address is this workflow\'s own production webhook, the workflow is active: deactivate it to listen for a test event, or turn on Replace Existing Webhook.',
				},
			);
		}
		previous = { webhookUrl: currentUrl, webhookAuth: currentAuth };
	}

	const secret = randomBytes(32).toString('base64url');
	const previousSecret = secretOf(previous.webhookAuth);
	await writeWebhook(
		context,
		agentId,
		url,
		{ authKey: GENERATED_AUTH_KEY, authSecret: secret },
		[secret, ...(previousSecret ? [previousSecret] : [])],
	);
	const setup: AgentSetup = { agentId, webhookUrl: url, test, secret, previous };
	kept[url] = setup;
	if (earlierKey !== undefined) delete kept[earlierKey];
	return true;
}

/** delete: puts back what the agent had, if it still sends its events here, and forgets the setup. */
export async function restoreAgentWebhook(context: IHookFunctions): Promise<boolean> {
	const kept = setups(context);
	const url = ourUrl(context);
	const stored = kept[url];
	if (!isSetup(stored)) {
		delete kept[url];
		return true;
	}
	let agent: IDataObject | undefined;
	try {
		agent = await readAgent(context, stored.agentId);
	} catch (error) {
		// The agent is gone: nothing to put back.
		if (!(error instanceof ServiceError && error.serviceFailure.httpStatus === 404)) throw asNodeError(context, error);
	}
	// Changed since (someone pointed it elsewhere): leave their setting alone.
	if (agent !== undefined && urlOf(agent) === stored.webhookUrl) {
		const previousSecret = secretOf(stored.previous?.webhookAuth ?? null);
		await writeWebhook(
			context,
			stored.agentId,
			stored.previous?.webhookUrl ?? null,
			stored.previous?.webhookAuth ?? null,
			[stored.secret, ...(previousSecret ? [previousSecret] : [])],
		);
	}
	delete kept[url];
	return true;
}
