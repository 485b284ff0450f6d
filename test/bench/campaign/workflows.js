'use strict';
// The workflows `npm run bench:campaign` imports, each against its baseline
// built from n8n's own nodes:
//  - waitOurs: Webhook (a lead) → Hamsa Voice Call → Start and Wait for
//    Outcome (Wait Method: Hamsa Webhook) → After Call;
//  - waitNode: Webhook (a lead) → Hamsa Voice Call → Start Call (Webhook URL:
//    $execution.resumeUrl) → n8n's Wait node (Resume: On Webhook Call) → After Call;
//  - floodOurs: Hamsa Trigger (every event type) → Next;
//  - floodWebhook: n8n's Webhook node with Header Auth → Next;
//  - campaign: Webhook (all leads) → Split Out → Hamsa Voice Call → Campaign →
//    Create, and campaignOutcomes: Hamsa Trigger (call.ended) → Record Outcome.

const { CREDENTIALS } = require('../../e2e/stack');
const { DEFAULT_VOICE_AGENT_ID, DEFAULT_TWILIO_NUMBER } = require('../../simulator');

const PACKAGE = 'n8n-nodes-hottask-hamsa';
const FLOOD_SECRET = 'bench-flood-secret-3f9a1c7e5b2d';
const CAMPAIGN_SECRET = 'bench-campaign-secret-8e1d4a6c2f9b';
const HEADER_AUTH = { id: 'BenchHeaderAuth01', name: 'Bench header auth' };
const EVENT_TYPES = ['call.started', 'call.answered', 'transcription.update', 'tool.executed', 'call.ended'];

let nextId = 0;
const node = (name, type, typeVersion, position, parameters, extra = {}) => ({
	id: `b0a00000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});
const chain = (...names) => {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
};
const hamsaCredentials = { hamsaApi: { ...CREDENTIALS.hamsaApi } };
const settings = { executionOrder: 'v1' };

/** A trigger → a No Op node, which only marks which events reached the step after the trigger. */
function triggerToNoOp(name, trigger, noOpName) {
	return {
		name,
		nodes: [trigger, node(noOpName, 'n8n-nodes-base.noOp', 1, [240, 0], {})],
		connections: chain(trigger.name, noOpName),
		settings,
	};
}

function leadWebhook(path) {
	return node('Lead', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: `bench-${path}` });
}

const callFields = {
	resource: 'call',
	voiceAgentId: { __rl: true, mode: 'id', value: DEFAULT_VOICE_AGENT_ID },
	toNumber: '={{ $json.body.phone }}',
	twilioPhoneNumber: { __rl: true, mode: 'number', value: DEFAULT_TWILIO_NUMBER },
	paramsInput: 'keyValue',
	params: { values: [{ key: 'customerName', value: '={{ $json.body.name }}' }, { key: 'lead', value: '={{ $json.body.lead }}' }] },
};

const waitOurs = {
	name: 'bench: lead → Start and Wait for Outcome (Hamsa Webhook)',
	nodes: [
		leadWebhook('bench-wait-ours'),
		node('Call and Wait', `${PACKAGE}.hamsaVoiceCall`, 1, [240, 0], { ...callFields, operation: 'startAndWait', waitMethod: 'webhook', timeLimitMinutes: 60, options: {} }, { credentials: hamsaCredentials }),
		node('After Call', 'n8n-nodes-base.noOp', 1, [480, 0], {}),
	],
	connections: chain('Lead', 'Call and Wait', 'After Call'),
	settings,
};

const waitNode = {
	name: 'bench: lead → Start Call → n8n Wait node (On Webhook Call)',
	nodes: [
		leadWebhook('bench-wait-node'),
		node(
			'Start Call',
			`${PACKAGE}.hamsaVoiceCall`,
			1,
			[240, 0],
			{ ...callFields, operation: 'start', webhookUrl: '={{ $execution.resumeUrl }}', webhookAuthKey: 'Bearer', webhookAuthSecret: 'bench-wait-node', options: {} },
			{ credentials: hamsaCredentials },
		),
		node('Wait', 'n8n-nodes-base.wait', 1.1, [480, 0], { resume: 'webhook', httpMethod: 'POST', options: {} }, { webhookId: 'b0a00000-0000-4000-8000-0000000000aa' }),
		node('After Call', 'n8n-nodes-base.noOp', 1, [720, 0], {}),
	],
	connections: chain('Lead', 'Start Call', 'Wait', 'After Call'),
	settings,
};

const floodOurs = triggerToNoOp(
	'bench: Hamsa Trigger flood → Next',
	node('Hamsa Trigger', `${PACKAGE}.hamsaTrigger`, 1, [0, 0], { events: EVENT_TYPES, authKey: 'Bearer', authSecret: FLOOD_SECRET, options: {} }, { webhookId: 'b0a00000-0000-4000-8000-0000000000bb' }),
	'Next',
);

const floodWebhook = triggerToNoOp(
	'bench: Webhook node (Header Auth) flood → Next',
	node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		[0, 0],
		{ httpMethod: 'POST', path: 'bench-flood-webhook', authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
		{ webhookId: 'b0a00000-0000-4000-8000-0000000000cc', credentials: { httpHeaderAuth: { ...HEADER_AUTH } } },
	),
	'Next',
);

const campaign = {
	name: 'bench: leads → Campaign → Create',
	nodes: [
		leadWebhook('bench-campaign'),
		node('Split Leads', 'n8n-nodes-base.splitOut', 1, [240, 0], { fieldToSplitOut: 'body.leads', options: {} }),
		node(
			'Create Campaign',
			`${PACKAGE}.hamsaVoiceCall`,
			1,
			[480, 0],
			{
				resource: 'campaign',
				operation: 'create',
				campaignName: 'bench campaign',
				voiceAgentId: { __rl: true, mode: 'id', value: DEFAULT_VOICE_AGENT_ID },
				fromPhoneNumber: { __rl: true, mode: 'number', value: DEFAULT_TWILIO_NUMBER },
				recipientPhoneNumber: '={{ $json.phone }}',
				recipientName: '={{ $json.name }}',
				dynamicVariables: 'allFields',
				excludeFields: 'phone, name',
				sendType: 'NOW',
				options: {},
			},
			{ credentials: hamsaCredentials },
		),
	],
	connections: chain('Lead', 'Split Leads', 'Create Campaign'),
	settings,
};

const campaignOutcomes = triggerToNoOp(
	'bench: campaign outcomes (Hamsa Trigger) → Record Outcome',
	node('Hamsa Trigger', `${PACKAGE}.hamsaTrigger`, 1, [0, 0], { events: ['call.ended'], authKey: 'Bearer', authSecret: CAMPAIGN_SECRET, options: {} }, { webhookId: 'b0a00000-0000-4000-8000-0000000000dd' }),
	'Record Outcome',
);

/** The Hamsa Trigger's production URL on a base URL (its path is "<webhookId>/hamsa"). */
const triggerUrl = (base, wf) => `${base}/webhook/${wf.nodes[0].webhookId}/hamsa`;

module.exports = {
	all: { waitOurs, waitNode, floodOurs, floodWebhook, campaign, campaignOutcomes },
	triggerUrl,
	HEADER_AUTH,
	FLOOD_SECRET,
	CAMPAIGN_SECRET,
	EVENT_TYPES,
};
