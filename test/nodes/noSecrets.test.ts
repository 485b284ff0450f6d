/**
 * No output item, error message or error description of any operation ever
 * contains a secret: the HotTask secret key, the Hamsa API key, or the webhook
 * secret given to Call → Start or to a voice agent, even when a service repeats
 * the key in its answer.
 */
import { startCallParameters } from '../harness/calls';
import { expectNoSecrets } from '../harness/expectations';
import { WEBHOOK_SECRETS } from '../harness/knownSecrets';
import { runNode } from '../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, HAMSA_KEY, HOTTASK_KEY, useSimulator, VOICE_AGENT_ID } from '../harness/simulator';

const context = useSimulator({ callOutcome: 'PENDING' });
const WEBHOOK_SECRET = WEBHOOK_SECRETS[1];
const options = { maxRetries: 0 };

type Service = 'hottask' | 'hamsa';
const OPERATIONS: [string, string, Service, Record<string, unknown>][] = [
	['HotTask Chat → Session → Create', 'hotTaskChat', 'hottask', { resource: 'session', operation: 'create', chatbotId: CHATBOT_ID }],
	['HotTask Chat → Message → Ask', 'hotTaskChat', 'hottask', { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Hi', stream: false }],
	['HotTask Chat → Message → Ask (streamed)', 'hotTaskChat', 'hottask', { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Hi', stream: true }],
	['HotTask Chat → Message → Get History', 'hotTaskChat', 'hottask', { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: '2025-01-01', endDate: '2025-01-31' }],
	['HotTask Chat → Lead → Get Many', 'hotTaskChat', 'hottask', { resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID }],
	['HotTask Chat → Account → Get Models', 'hotTaskChat', 'hottask', { resource: 'account', operation: 'getModels' }],
	['HotTask Chat → Knowledge → Get', 'hotTaskChat', 'hottask', { resource: 'knowledge', operation: 'get', chatbotId: CHATBOT_ID }],
	['HotTask Chat → Knowledge → Add', 'hotTaskChat', 'hottask', { resource: 'knowledge', operation: 'add', chatbotId: CHATBOT_ID, knowledgeType: 'qa', qaFrom: 'fields', qaPairs: { pair: [{ question: 'Q?', answer: 'A.' }] } }],
	['HotTask Chat → Knowledge → Remove', 'hotTaskChat', 'hottask', { resource: 'knowledge', operation: 'remove', chatbotId: CHATBOT_ID, knowledgeType: 'qa', question: 'Is there parking?' }],
	['HotTask Chat → Knowledge → Sync Sitemap', 'hotTaskChat', 'hottask', { resource: 'knowledge', operation: 'syncSitemap', chatbotId: CHATBOT_ID, sitemapUrl: 'https://example.com/sitemap.xml', frequency: 'daily' }],
	['HotTask Chat → Knowledge → Sync Google Sheet', 'hotTaskChat', 'hottask', { resource: 'knowledge', operation: 'syncGoogleSheet', chatbotId: CHATBOT_ID, sheetUrl: 'https://docs.google.com/spreadsheets/d/x' }],
	['HotTask Chat → Chatbot → Create', 'hotTaskChat', 'hottask', { resource: 'chatbot', operation: 'create', timeZone: 'UTC' }],
	['HotTask Chat → Chatbot → Update', 'hotTaskChat', 'hottask', { resource: 'chatbot', operation: 'update', chatbotId: CHATBOT_ID, updateFields: { name: 'Bot' } }],
	['HotTask Chat → Account → Get Message Credits', 'hotTaskChat', 'hottask', { resource: 'account', operation: 'getCredits' }],
	['HotTask Twilio → Message → Send', 'hotTaskTwilio', 'hottask', { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: '+14155550123', message: 'Hi' }],
	[
		'Hamsa Voice Call → Call → Start',
		'hamsaVoiceCall',
		'hamsa',
		startCallParameters({
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuthSecret: WEBHOOK_SECRET,
		}),
	],
	['Hamsa Voice Call → Call → Get', 'hamsaVoiceCall', 'hamsa', { resource: 'call', operation: 'get', callId: 'no-such-call' }],
	['Hamsa Voice Call → Call → Get Many', 'hamsaVoiceCall', 'hamsa', { resource: 'call', operation: 'getMany', limit: 3 }],
	[
		'Hamsa Voice Call → Voice Agent → Create',
		'hamsaVoiceCall',
		'hamsa',
		{ resource: 'voiceAgent', operation: 'create', name: 'Secret keeper', simplify: false, additionalFields: { webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthSecret: WEBHOOK_SECRET } },
	],
	[
		'Hamsa Voice Call → Voice Agent → Update',
		'hamsaVoiceCall',
		'hamsa',
		{ resource: 'voiceAgent', operation: 'update', voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID }, simplify: false, updateFields: { webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthSecret: WEBHOOK_SECRET } },
	],
	['Hamsa Voice Call → Voice Agent → Get', 'hamsaVoiceCall', 'hamsa', { resource: 'voiceAgent', operation: 'get', voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID }, simplify: false }],
	['Hamsa Voice Call → Tool → Get Many', 'hamsaVoiceCall', 'hamsa', { resource: 'tool', operation: 'getMany', simplify: false }],
];

/** Answers in which the service repeats its own key back to us. */
function echoingFaults(service: Service): [string, Record<string, unknown>][] {
	if (service === 'hottask') {
		return [
			['a refusal in the envelope', { hottaskFailure: { code: 403, message: `Secret key ${HOTTASK_KEY} is blocked` } }],
			['HTTP 401', { status: 401, body: { Data: null, Success: false, Code: 401, Message: `Invalid secret key ${HOTTASK_KEY}` } }],
			['a plain-text HTTP 400', { status: 400, body: `Bad request for key ${HOTTASK_KEY}` }],
		];
	}
	return [
		['a 4xx with messageKey', { status: 403, body: { success: false, message: `API key ${HAMSA_KEY} is blocked`, messageKey: 'FORBIDDEN' } }],
		['HTTP 401', { status: 401, body: { success: false, message: `Token ${HAMSA_KEY} is not valid`, messageKey: 'UNAUTHORIZED' } }],
		['a plain-text HTTP 400', { status: 400, body: `Bad request for Token ${HAMSA_KEY}` }],
	];
}

function run(node: string, parameters: Record<string, unknown>, continueOnFail = false) {
	return runNode({ node, parameters: { ...parameters, options }, credentials: credentialsFor(context.sim), continueOnFail });
}

describe.each(OPERATIONS)('%s', (_name, node, service, parameters) => {
	it('shows no secret in its output', async () => {
		expectNoSecrets(await run(node, parameters), [WEBHOOK_SECRET]);
	});

	describe.each(echoingFaults(service))('when the service repeats the key in %s', (_fault, fault) => {
		it('shows no secret in the error', async () => {
			context.sim.addFault(fault);
			const result = await run(node, parameters);
			expect(result.error).toBeDefined();
			expectNoSecrets(result, [WEBHOOK_SECRET]);
		});

		it('shows no secret in the error item under Continue On Fail', async () => {
			context.sim.addFault(fault);
			const result = await run(node, parameters, true);
			expect(result.items[0].json.error).toEqual(expect.stringContaining('***'));
			expectNoSecrets(result, [WEBHOOK_SECRET]);
		});
	});
});
