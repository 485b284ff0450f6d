/**
 * The operations the fault matrix runs: six that send something and must
 * never send an item twice, four that only read and may be retried, each
 * with its parameters, its request and a check of a good result.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { CUSTOMER_ADA, startCallParameters } from '../harness/calls';
import { CHATBOT_ID, HAMSA_KEY, HOTTASK_KEY, VOICE_AGENT_ID, type Simulator } from '../harness/simulator';

export type Service = 'HotTask' | 'Hamsa';

export interface OperationCase {
	label: string;
	node: string;
	service: Service;
	method: 'GET' | 'POST' | 'PATCH';
	/** The request a fault is aimed at: an exact path, or a prefix ending in `*`. */
	path: string;
	/** True for Send SMS, Start Call, Ask and the voice-agent writes: never sent twice for one item. */
	sends: boolean;
	/** Builds the node parameters; `setup` may look something up first (e.g. a call id). */
	parameters(options: INodeParameters, setup: IDataObject): INodeParameters;
	setup?(sim: Simulator): Promise<IDataObject>;
	/** Checks one successful output item. */
	ok(json: IDataObject): void;
	/** How many times the service really acted (e.g. calls placed), where the simulator shows it. */
	acted?(sim: Simulator): number;
	/** A request each item makes before the one under test (Ask with a Chatbot ID opens a session first). */
	before?: { method: 'GET' | 'POST'; path: string };
}

export const SEND_SMS: OperationCase = {
	label: 'Send SMS',
	node: 'hotTaskTwilio',
	service: 'HotTask',
	method: 'POST',
	path: '/chat/Chatbot/SendTwilioMessage',
	sends: true,
	parameters: (options) => ({
		resource: 'message',
		operation: 'send',
		chatbotId: CHATBOT_ID,
		to: '+1 415 555 0123',
		message: 'Your table is ready',
		options,
	}),
	ok: (json) => expect(json).toMatchObject({ sent: true, to: '+14155550123' }),
	acted: (sim) => sim.hottask.sentMessages.length,
};

export const START_CALL: OperationCase = {
	label: 'Start Call',
	node: 'hamsaVoiceCall',
	service: 'Hamsa',
	method: 'POST',
	path: '/v1/voice-agents/twilio/call',
	sends: true,
	parameters: (options) => startCallParameters({ toNumber: '+1 415 555 0123', ...CUSTOMER_ADA, options }),
	ok: (json) => {
		expect(typeof json.callId).toBe('string');
		expect(json.status).toBe('PENDING');
	},
	acted: (sim) => sim.calls.size,
};

/** Ask with a Chatbot ID: a session is made first (a harmless, retryable request), then the question. */
export const ASK: OperationCase = {
	label: 'Ask',
	node: 'hotTaskChat',
	service: 'HotTask',
	method: 'POST',
	path: '/chat/Chat/ClientAsk',
	sends: true,
	before: { method: 'POST', path: '/chat/Chatbot/GetSession' },
	acted: (sim) => sim.hottask.history.length,
	parameters: (options) => ({ resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: false, options }),
	ok: (json) => expect(json.answer).toBe('Hello! You asked: "Opening hours?". HotTask is here to help 🙂'),
};

export const ASK_STREAMED: OperationCase = {
	...ASK,
	label: 'Ask (streamed)',
	parameters: (options) => ({ ...ASK.parameters(options, {}), stream: true }),
};

export const GET_CREDITS: OperationCase = {
	label: 'Get Message Credits',
	node: 'hotTaskChat',
	service: 'HotTask',
	method: 'GET',
	path: '/chat/Chatbot/GetMessageCreditsUsage',
	sends: false,
	parameters: (options) => ({ resource: 'account', operation: 'getCredits', options }),
	ok: (json) => expect(json).toEqual({ total: -1, used: 243, remaining: -1, unlimited: true }),
};

export const CREATE_SESSION: OperationCase = {
	label: 'Create Session',
	node: 'hotTaskChat',
	service: 'HotTask',
	method: 'POST',
	path: '/chat/Chatbot/GetSession',
	sends: false,
	parameters: (options) => ({ resource: 'session', operation: 'create', chatbotId: CHATBOT_ID, options }),
	ok: (json) => expect(typeof json.sessionId).toBe('number'),
};

export const GET_CALL: OperationCase = {
	label: 'Get Call',
	node: 'hamsaVoiceCall',
	service: 'Hamsa',
	method: 'GET',
	path: '/v1/voice-agents/conversation/*',
	sends: false,
	setup: async (sim) => ({ callId: await seededCallId(sim) }),
	parameters: (options, setup) => ({ resource: 'call', operation: 'get', callId: setup.callId as string, options }),
	ok: (json) => expect(typeof json.status).toBe('string'),
};

/** Voice Agent → Create: a second request would make a second agent. */
export const CREATE_AGENT: OperationCase = {
	label: 'Create Voice Agent',
	node: 'hamsaVoiceCall',
	service: 'Hamsa',
	method: 'POST',
	path: '/v2/voice-agents',
	sends: true,
	parameters: (options) => ({ resource: 'voiceAgent', operation: 'create', name: 'Dental Reminder', options }),
	ok: (json) => {
		expect(typeof json.voiceAgentId).toBe('string');
		expect(json.name).toBe('Dental Reminder');
	},
	// The simulator's project has 25 agents before the test.
	acted: (sim) => sim.hamsa.agents.length - 25,
};

/** Voice Agent → Update: a write, sent once although repeating the same change would be harmless. */
export const UPDATE_AGENT: OperationCase = {
	label: 'Update Voice Agent',
	node: 'hamsaVoiceCall',
	service: 'Hamsa',
	method: 'PATCH',
	path: `/v1/voice-agents/${VOICE_AGENT_ID}`,
	sends: true,
	parameters: (options) => ({
		resource: 'voiceAgent',
		operation: 'update',
		voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID },
		updateFields: { greetingMessage: 'Hello again!' },
		options,
	}),
	ok: (json) => expect(json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, greetingMessage: 'Hello again!' }),
};

export const GET_AGENT: OperationCase = {
	label: 'Get Voice Agent',
	node: 'hamsaVoiceCall',
	service: 'Hamsa',
	method: 'GET',
	path: `/v2/voice-agents/${VOICE_AGENT_ID}`,
	sends: false,
	parameters: (options) => ({ resource: 'voiceAgent', operation: 'get', voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID }, options }),
	ok: (json) => expect(json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, name: 'Appointment Reminder' }),
};

export const SENDING: OperationCase[] = [SEND_SMS, START_CALL, ASK, ASK_STREAMED, CREATE_AGENT, UPDATE_AGENT];
export const READING: OperationCase[] = [GET_CREDITS, CREATE_SESSION, GET_CALL, GET_AGENT];

/** The id of a seeded historical call, looked up behind the node's back (and not left in `sim.requests`). */
export async function seededCallId(sim: Simulator): Promise<string> {
	const response = await fetch(`${sim.url}/v1/voice-agents/conversations/minimal-list?perPage=1`, {
		headers: { Authorization: `Token ${HAMSA_KEY}` },
	});
	const body = (await response.json()) as { data: { calls: Array<{ id: string }> } };
	sim.clearRequests();
	return body.data.calls[0].id;
}

/** Opens a HotTask chat session behind the node's back (not left in `sim.requests`). */
export async function openSession(sim: Simulator): Promise<number> {
	const response = await fetch(`${sim.url}/chat/Chatbot/GetSession`, {
		method: 'POST',
		headers: { Authorization: HOTTASK_KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ serialNumber: CHATBOT_ID }),
	});
	const body = (await response.json()) as { Data: { SessionID: number } };
	sim.clearRequests();
	return body.Data.SessionID;
}
