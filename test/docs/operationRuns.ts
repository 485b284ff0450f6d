/**
 * One way to run each operation the README lists, against the simulator, for
 * the README-claims test (readme.test.ts): per node display name, per
 * "Resource → Operation" as the README writes it, the runs that show its
 * outputs (with any setup: a call placed first, a campaign played, a message
 * asked). A run with `fields` is the one that shows those claimed fields (Ask's
 * streamed ids); the others show every other claim. An operation with a README
 * line and no entry here fails the test: "no run for <Resource → Operation>: add one".
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { finishedCall, startCallParameters } from '../harness/calls';
import { callReaches } from '../harness/expectations';
import { runNode, type NodeRun, type RunNodeOptions } from '../harness/runWorkflow';
import { runWebhook, type WebhookRun } from '../harness/runWebhook';
import { CHATBOT_ID, credentialsFor, HAMSA_KEY, TWILIO_NUMBER, VOICE_AGENT_ID, type Simulator } from '../harness/simulator';
import { WEBHOOK_SECRETS } from '../harness/knownSecrets';
import { startWebhookReceiver } from '../harness/webhookReceiver';

/** How fast the simulator plays calls, jobs and campaigns for these runs (useSimulator options). */
export const SIMULATOR_PACE = { callDurationMs: 150, callOutcome: 'COMPLETED', campaignStartDelayMs: 10, campaignRetryDelayMs: 20, jobDurationMs: 200 };

export interface OperationRun {
	label: string;
	/** The claimed fields only this run shows (see outputProblems in readmeClaims.ts). */
	fields?: string[];
	run(sim: Simulator): Promise<NodeRun>;
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byNumber = (value: string) => ({ __rl: true, mode: 'number', value });

/** Runs `node` with the simulator's credentials. */
function runner(node: string) {
	return async (sim: Simulator, parameters: Record<string, unknown>, extra: Partial<RunNodeOptions> = {}): Promise<NodeRun> =>
		await runNode({ node, parameters: parameters as INodeParameters, credentials: credentialsFor(sim), ...extra });
}
const hotTaskChat = runner('hotTaskChat');
const hotTaskTwilio = runner('hotTaskTwilio');
const hamsaVoiceCall = runner('hamsaVoiceCall');
const hamsaSpeech = runner('hamsaSpeech');

/** One run, the way a user fills in the operation. */
const plain = (run: OperationRun['run']): OperationRun[] => [{ label: 'default options', run }];

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86400000).toISOString().slice(0, 10);

const CAMPAIGN = {
	resource: 'campaign',
	operation: 'create',
	campaignName: 'Reminders',
	voiceAgentId: byId(VOICE_AGENT_ID),
	fromPhoneNumber: byNumber(TWILIO_NUMBER),
};
const RECIPIENTS = [{ phoneNumber: '+14155550123', name: 'Ada' }];

/** Creates a campaign with the node and waits until the simulator has called every recipient. */
async function playedCampaign(sim: Simulator): Promise<string> {
	const created = await hamsaVoiceCall(sim, CAMPAIGN, { items: RECIPIENTS });
	const campaignId = created.items[0]?.json.campaignId as string;
	if (!campaignId) throw new Error(`Campaign → Create gave no campaignId: ${created.error?.message}`);
	const until = Date.now() + 10000;
	for (;;) {
		const response = await fetch(`${sim.url}/v1/voice-agents/campaigns/${campaignId}`, { headers: { Authorization: `Token ${HAMSA_KEY}` } });
		const { data } = (await response.json()) as { data: { status: string } };
		if (data.status === 'COMPLETED') break;
		if (Date.now() > until) throw new Error(`campaign ${campaignId} is still ${data.status}`);
		await sleep(20);
	}
	sim.clearRequests();
	return campaignId;
}

/** A call that stays in progress until it is ended. */
async function callInProgress(sim: Simulator): Promise<string> {
	sim.configure({ callOutcome: 'IN_PROGRESS' });
	const started = await hamsaVoiceCall(sim, startCallParameters());
	const callId = started.items[0]?.json.callId as string;
	await callReaches(sim, callId, 'IN_PROGRESS');
	return callId;
}

export const OPERATION_RUNS: Record<string, Record<string, OperationRun[]>> = {
	'HotTask Chat': {
		'Message → Ask': [
			{
				label: 'not streamed',
				run: (sim) => hotTaskChat(sim, { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: false }),
			},
			{
				label: 'streamed into a streaming trigger',
				fields: ['questionId', 'answerId'],
				run: (sim) =>
					hotTaskChat(sim, { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: true }, { streaming: true }),
			},
		],
		'Message → Get History': plain(async (sim) => {
			await hotTaskChat(sim, { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: false });
			return await hotTaskChat(sim, { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: today(), endDate: tomorrow() });
		}),
		'Session → Create': plain((sim) => hotTaskChat(sim, { resource: 'session', operation: 'create', chatbotId: CHATBOT_ID })),
		'Lead → Get Many': plain((sim) => hotTaskChat(sim, { resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID })),
		'Knowledge → Get': plain((sim) => hotTaskChat(sim, { resource: 'knowledge', operation: 'get', chatbotId: CHATBOT_ID })),
		'Knowledge → Add': plain((sim) =>
			hotTaskChat(sim, { resource: 'knowledge', operation: 'add', chatbotId: CHATBOT_ID, knowledgeType: 'qa', qaFrom: 'items' }, { items: [{ question: 'Do you deliver?', answer: 'Yes, within 5 km.' }] }),
		),
		'Knowledge → Remove': plain((sim) =>
			hotTaskChat(sim, { resource: 'knowledge', operation: 'remove', chatbotId: CHATBOT_ID, knowledgeType: 'website', url: 'https://bakery.example.com/about' }),
		),
		'Knowledge → Sync Sitemap': plain((sim) =>
			hotTaskChat(sim, { resource: 'knowledge', operation: 'syncSitemap', chatbotId: CHATBOT_ID, sitemapUrl: 'https://bakery.example.com/sitemap.xml', frequency: 'weekly' }),
		),
		'Knowledge → Sync Google Sheet': plain((sim) =>
			hotTaskChat(sim, { resource: 'knowledge', operation: 'syncGoogleSheet', chatbotId: CHATBOT_ID, sheetUrl: 'https://docs.google.com/spreadsheets/d/1AbC/edit', retrain: true }),
		),
		'Chatbot → Create': plain((sim) => hotTaskChat(sim, { resource: 'chatbot', operation: 'create', timeZone: 'Europe/Berlin' })),
		'Chatbot → Update': plain((sim) =>
			hotTaskChat(sim, { resource: 'chatbot', operation: 'update', chatbotId: CHATBOT_ID, updateFields: { temperature: 0.2 } }),
		),
		'Account → Get Models': plain((sim) => hotTaskChat(sim, { resource: 'account', operation: 'getModels' })),
		'Account → Get Message Credits': plain((sim) => hotTaskChat(sim, { resource: 'account', operation: 'getCredits' })),
	},
	'HotTask Twilio': {
		'Message → Send': plain((sim) =>
			hotTaskTwilio(sim, { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: '+14155550123', message: 'Your table is ready' }),
		),
	},
	'Hamsa Voice Call': {
		'Call → Start': plain((sim) => hamsaVoiceCall(sim, startCallParameters())),
		'Call → Start and Wait for Outcome': plain((sim) =>
			hamsaVoiceCall(sim, startCallParameters({ operation: 'startAndWait', waitMethod: 'poll', pollIntervalSeconds: 1, timeLimitMinutes: 1 })),
		),
		'Call → Get': plain(async (sim) => hamsaVoiceCall(sim, { resource: 'call', operation: 'get', callId: await finishedCall(sim) })),
		'Call → Get Recording': plain(async (sim) => {
			const callId = await finishedCall(sim);
			// A recording the simulator itself serves, as Hamsa's API names it for the call.
			sim.calls.get(callId)!.mediaUrl = `${sim.url}/recordings/public-1.mp3` as never;
			return await hamsaVoiceCall(sim, { resource: 'call', operation: 'getRecording', callId });
		}),
		'Call → Get Many': plain((sim) => hamsaVoiceCall(sim, { resource: 'call', operation: 'getMany' })),
		'Call → End': plain(async (sim) => hamsaVoiceCall(sim, { resource: 'call', operation: 'end', callId: await callInProgress(sim) })),
		'Campaign → Create': plain((sim) => hamsaVoiceCall(sim, CAMPAIGN, { items: RECIPIENTS })),
		'Campaign → Get': plain(async (sim) => hamsaVoiceCall(sim, { resource: 'campaign', operation: 'get', campaignId: await playedCampaign(sim) })),
		'Campaign → Get Many': plain(async (sim) => {
			await hamsaVoiceCall(sim, CAMPAIGN, { items: RECIPIENTS });
			return await hamsaVoiceCall(sim, { resource: 'campaign', operation: 'getMany' });
		}),
		'Voice Agent → Get Many': plain((sim) => hamsaVoiceCall(sim, { resource: 'voiceAgent', operation: 'getMany' })),
		'Voice Agent → Get': plain((sim) => hamsaVoiceCall(sim, { resource: 'voiceAgent', operation: 'get', voiceAgentId: byId(VOICE_AGENT_ID) })),
		'Voice Agent → Create': plain((sim) => hamsaVoiceCall(sim, { resource: 'voiceAgent', operation: 'create', name: 'Docs Agent' })),
		'Voice Agent → Update': plain((sim) =>
			hamsaVoiceCall(sim, { resource: 'voiceAgent', operation: 'update', voiceAgentId: byId(VOICE_AGENT_ID), updateFields: { greetingMessage: 'Hello again!' } }),
		),
		// Hamsa's reference shows no delete: the run is against a simulator that has one (hamsaDeletes).
		'Voice Agent → Delete': plain(async (sim) => {
			sim.configure({ hamsaDeletes: 'supported' });
			return await hamsaVoiceCall(sim, { resource: 'voiceAgent', operation: 'delete', voiceAgentId: byId(VOICE_AGENT_ID) });
		}),
		'Tool → Get Many': plain((sim) => hamsaVoiceCall(sim, { resource: 'tool', operation: 'getMany' })),
		'Tool → Get': plain((sim) => hamsaVoiceCall(sim, { resource: 'tool', operation: 'get', toolId: byId(String(sim.hamsa.webTools[0].id)) })),
		'Tool → Delete': plain(async (sim) => {
			sim.configure({ hamsaDeletes: 'supported' });
			return await hamsaVoiceCall(sim, { resource: 'tool', operation: 'delete', toolId: byId(String(sim.hamsa.webTools[0].id)) });
		}),
		'Phone Number → Get Many': plain((sim) => hamsaVoiceCall(sim, { resource: 'phoneNumber', operation: 'getMany' })),
	},
	'Hamsa Speech': {
		'Speech → Text to Speech': plain((sim) =>
			hamsaSpeech(sim, { resource: 'speech', operation: 'textToSpeech', text: 'مرحبا', speaker: 'Majd', dialect: 'ksa' }),
		),
		'Speech → Transcribe': plain((sim) =>
			hamsaSpeech(sim, {
				resource: 'speech',
				operation: 'transcribe',
				source: 'url',
				mediaUrl: 'https://example.com/voice-note.mp3',
				options: { pollIntervalSeconds: 1 },
			}),
		),
	},
};

export interface TriggerRun {
	label: string;
	fields?: string[];
	run(sim: Simulator): Promise<WebhookRun>;
}

const SECRET = WEBHOOK_SECRETS[0];

/**
 * Plays a call through the simulator with its events posted to a local
 * receiver (`configureWebhook` says where: the call's own Webhook URL or the
 * agent's, for campaign calls), then hands the call.ended Hamsa sent to the
 * Hamsa Trigger, as n8n would receive it.
 */
async function triggerOnCallEnded(sim: Simulator, place: (sim: Simulator, hookUrl: string) => Promise<void>): Promise<WebhookRun> {
	const receiver = await startWebhookReceiver();
	try {
		await place(sim, receiver.urlFor('/webhook/hamsa'));
		await receiver.waitForEvent('call.ended');
		await sim.webhooksIdle();
		const ended = receiver.received.find((entry) => entry.body.eventType === 'call.ended');
		if (!ended) throw new Error('the simulator sent no call.ended');
		return await runWebhook({
			node: 'hamsaTrigger',
			parameters: { authKey: 'Bearer', authSecret: SECRET },
			headers: ended.headers as Record<string, string>,
			body: ended.body,
		});
	} finally {
		await receiver.close();
	}
}

export const TRIGGER_RUNS: TriggerRun[] = [
	{
		label: 'call.ended of a call placed with Call → Start',
		run: (sim) =>
			triggerOnCallEnded(sim, async (_sim, hookUrl) => {
				const started = await hamsaVoiceCall(sim, startCallParameters({ webhookUrl: hookUrl, webhookAuthSecret: SECRET }));
				if (started.error) throw new Error(`Call → Start failed: ${started.error.message}`);
			}),
	},
	{
		label: 'call.ended of a campaign call',
		fields: ['campaignId'],
		run: (sim) =>
			triggerOnCallEnded(sim, async (_sim, hookUrl) => {
				// The voice agent's webhook, as set in Hamsa's dashboard: where campaign calls report.
				sim.configure({ agentWebhook: { webhookUrl: hookUrl, webhookAuth: { authKey: 'Bearer', authSecret: SECRET } } });
				await playedCampaign(sim);
			}),
	},
];

/** The json of each item a trigger run started the workflow with. */
export const triggerItems = (run: WebhookRun): IDataObject[] => (run.workflowData ?? []).flat().map((item) => item.json);
