/**
 * Hamsa answer and webhook shapes that its docs (see docs/services.md) show or
 * leave open, beyond what each operation's own test file pins down. Each test
 * drives the real node (runNode / runWebhook) against the simulator, with
 * faults carrying the exact body where the simulator would not produce that
 * shape by itself.
 */
import { startCallParameters } from '../../harness/calls';
import { failureOf } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { runListSearch } from '../../harness/runListSearch';
import { runWebhook, type RunWebhookOptions } from '../../harness/runWebhook';
import { credentialsFor, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';

/** The id in Hamsa's documented sample conversation (its apiKeyId field: the id of a key, not a key). */
const DOC_SAMPLE_ID = 'd949f13f-40d2-4e48-ac86-b66633070603';

const context = useSimulator({ callDurationMs: 150 });

const hamsa = operationRunner(context, 'hamsaVoiceCall', {});

/** Hamsa's documented success envelope (success: false, message: "success"). */
function hamsaOk(data: unknown) {
	return { success: false, message: 'success', data };
}

const CALL_ID = '849e77c6-5cb3-479a-a985-7fab630e2c78';

/** get-conversation exactly as docs.tryhamsa.com/api-reference/endpoint/get-conversation shows it. */
function documentedConversation(extra: Record<string, unknown> = {}) {
	return {
		id: CALL_ID,
		model: 'gpt-4',
		agentDetails: {},
		jobResponse: {},
		status: 'COMPLETED',
		type: 'VOICE_AGENTS',
		processingType: 'real-time',
		voiceAgentId: VOICE_AGENT_ID,
		apiKeyId: DOC_SAMPLE_ID,
		createdAt: '2024-01-15T10:30:00Z',
		updatedAt: '2024-01-15T10:35:00Z',
		title: 'Customer Support Call',
		mediaUrl: 'https://storage.example.com/recordings/123.mp3',
		callParams: { userNumber: '+1234567890' },
		callDuration: 125,
		channelType: 'TELEPHONE',
		callAnalysis: {},
		voiceAgent: { voiceAgentWebTools: [{ webTool: {} }], webTools: {}, voiceAgentKnowledgeBases: [{ knowledgeBaseItem: {} }] },
		logs: [{ id: 'log_123', timestamp: '2024-01-15T10:30:15Z', payload: {}, createdAt: '2024-01-15T10:30:15Z', updatedAt: '2024-01-15T10:30:15Z' }],
		performanceMetrics: {},
		...extra,
	};
}

describe('Hamsa envelope variants', () => {
	it('Start Call: HTTP 201 with success: true and the job is a started call', async () => {
		context.sim.addFault({
			path: '/v1/voice-agents/twilio/call',
			status: 201,
			body: { success: true, message: 'Created', data: { id: 'job-201', status: 'PENDING' } },
		});
		const run = await hamsa(startCallParameters());
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ callId: 'job-201', status: 'PENDING' });
	});

	it('a NestJS-style 400 {statusCode, message: [..], error} names every validation message', async () => {
		context.sim.addFault({
			path: `/v1/voice-agents/conversation/${CALL_ID}`,
			status: 400,
			body: { statusCode: 400, message: ['conversationId must be a UUID', 'something else'], error: 'Bad Request' },
		});
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(failureOf(run).message).toMatch(/conversationId must be a UUID/);
	});

	it('Phone Numbers: data as an empty array gives no items and no error', async () => {
		context.sim.addFault({ path: '/v1/voice-agents/phone-number/list', status: 200, body: hamsaOk([]) });
		const run = await hamsa({ resource: 'phoneNumber', operation: 'getMany' });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});
});

describe('Hamsa Get Call: get-conversation as documented', () => {
	it('the documented example (no transcript anywhere, empty jobResponse) gives status, duration and recording, an empty transcript', async () => {
		context.sim.addFault({ path: `/v1/voice-agents/conversation/${CALL_ID}`, status: 200, body: { success: true, message: 'Success', data: documentedConversation() } });
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			callId: CALL_ID,
			status: 'COMPLETED',
			callDuration: 125,
			recordingUrl: 'https://storage.example.com/recordings/123.mp3',
			transcript: '',
			outcome: {},
		});
	});

	it('reads the transcript and outcome when they sit only in jobResponse (the docs show no top-level transcription)', async () => {
		const transcription = [{ Agent: 'Hello! How can I help you?' }, { User: 'I want to book.' }];
		context.sim.addFault({
			path: `/v1/voice-agents/conversation/${CALL_ID}`,
			status: 200,
			body: {
				success: true,
				message: 'Success',
				data: documentedConversation({ jobResponse: { transcription, outcomeResult: { customerName: 'Ada', interested: true } } }),
			},
		});
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			transcript: 'Agent: Hello! How can I help you?\nUser: I want to book.',
			outcome: { customerName: 'Ada', interested: true },
		});
	});
});

describe('Hamsa list paging where the docs leave total/filtered open', () => {
	it('Voice Agents, Return All: reads every agent when "filtered" counts only the agents on the page', async () => {
		const agents = Array.from({ length: 120 }, (_, index) => ({ id: `agent-${index}`, name: `Agent ${index}` }));
		context.sim.addFaults([
			{ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 100, voiceAgents: agents.slice(0, 100) }) },
			{ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 20, voiceAgents: agents.slice(100) }) },
		]);
		const run = await hamsa({ resource: 'voiceAgent', operation: 'getMany', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(120);
	});

	it('Voice Agent dropdown: offers a next page when "filtered" counts only the agents on the page', async () => {
		const agents = Array.from({ length: 50 }, (_, index) => ({ id: `agent-${index}`, name: `Agent ${index}` }));
		context.sim.addFault({ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 50, voiceAgents: agents }) });
		const page = await runListSearch({
			node: 'hamsaVoiceCall',
			method: 'searchVoiceAgents',
			parameters: { resource: 'call', operation: 'start' },
			credentials: credentialsFor(context.sim),
			path: 'parameters.voiceAgentId',
		});
		expect(page.results).toHaveLength(50);
		expect(page.paginationToken).toBe('50');
	});

	it('Voice Agents: the v1 shape (agentName instead of name) gives the name', async () => {
		context.sim.addFault({
			path: '/v2/voice-agents',
			status: 200,
			body: hamsaOk({ total: 1, filtered: 1, voiceAgents: [{ id: 'a1', agentName: 'Legacy Agent', lang: 'ar' }] }),
		});
		const run = await hamsa({ resource: 'voiceAgent', operation: 'getMany', limit: 5 });
		expect(run.items[0].json).toMatchObject({ voiceAgentId: 'a1', name: 'Legacy Agent' });
	});
});

describe('Hamsa voice agents and tools in the shapes the docs show or leave open', () => {
	it('Voice Agent → Get: an agent in the flat v1 shape (agentName, lang, webToolsIds) gives the same simplified fields', async () => {
		context.sim.addFault({
			path: `/v2/voice-agents/${VOICE_AGENT_ID}`,
			status: 200,
			body: hamsaOk({
				id: VOICE_AGENT_ID,
				agentName: 'Legacy Agent',
				greetingMessage: 'Hello!',
				preamble: 'Be brief.',
				lang: 'ar',
				voiceId: 'ar-XA-Wavenet-B',
				maxCallDuration: 90,
				webhookUrl: 'https://hooks.example.com/a',
				webhookAuth: { authKey: 'Bearer', authSecret: WEBHOOK_SECRETS[0] },
				webToolsIds: ['tool-1'],
			}),
		});
		const run = await hamsa({ resource: 'voiceAgent', operation: 'get', voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID } });
		expect(run.items[0].json).toEqual({
			voiceAgentId: VOICE_AGENT_ID,
			name: 'Legacy Agent',
			language: 'ar',
			voiceId: 'ar-XA-Wavenet-B',
			greetingMessage: 'Hello!',
			preamble: 'Be brief.',
			maxCallDuration: 90,
			webhookUrl: 'https://hooks.example.com/a',
			hasWebhookAuth: true,
			toolIds: ['tool-1'],
		});
	});

	it('Tool → Get Many: data as a bare list of tools (no items/total) gives every tool, once', async () => {
		const tools = [{ id: 't1', name: 'One', type: 'FUNCTION' }, { id: 't2', name: 'Two', type: 'MCP' }];
		context.sim.addFault({ path: '/v2/voice-agents/web-tool/list', status: 200, body: hamsaOk(tools) });
		const run = await hamsa({ resource: 'tool', operation: 'getMany', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.toolId)).toEqual(['t1', 't2']);
	});
});

// ───────────────────────────── Webhooks ─────────────────────────────

const SECRET = WEBHOOK_SECRETS[0];
let counter = 0;
function newCallId(): string {
	counter += 1;
	return `aud17000-7a2d-4c55-9e61-${String(counter).padStart(12, '0')}`;
}

function trigger(body: unknown, parameters: Record<string, unknown> = {}, extra: Partial<RunWebhookOptions> = {}) {
	return runWebhook({
		node: 'hamsaTrigger',
		parameters: { authKey: 'Bearer', authSecret: SECRET, events: ['call.started', 'call.answered', 'transcription.update', 'tool.executed', 'call.ended'], ...parameters },
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` },
		body,
		...extra,
	});
}

function envelope(eventType: string, callId: string, data: unknown, timestamp: unknown = '2025-06-02T10:15:30.000Z') {
	return { eventType, callId, timestamp, projectId: 'proj-7c1d', agentId: VOICE_AGENT_ID, agentName: 'Appointment Reminder', data };
}

describe('Hamsa Trigger: event shapes the webhook guide shows or leaves open', () => {
	it('call.ended with its details flat under data (no data.data) gives transcript, outcome and recording', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, {
				conversationId: callId,
				conversationRecording: 'https://rec.example.com/1.mp3',
				transcription: [{ Agent: 'Hi' }, { User: 'Hello' }],
				outcomeResult: { interested: true },
			}),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({
			callId,
			transcript: 'Agent: Hi\nUser: Hello',
			outcome: { interested: true },
			recordingUrl: 'https://rec.example.com/1.mp3',
		});
	});

	it('call.ended with only the guide\'s echo example (data.data.outcomeResult, no callId, no recording, no transcript) does not fail', async () => {
		const run = await trigger({ eventType: 'call.ended', data: { data: { outcomeResult: { application_id: '12345', expectedSalary: '80000' } } } });
		expect(run.error).toBeUndefined();
		expect(run.workflowData?.[0][0].json).toMatchObject({ eventType: 'call.ended', transcript: '', outcome: { application_id: '12345', expectedSalary: '80000' } });
	});

	it('call.ended with data.data.conversationId but no top-level callId uses the conversation id', async () => {
		const callId = newCallId();
		const run = await trigger({ eventType: 'call.ended', timestamp: '2025-06-02T10:15:30.000Z', data: { data: { conversationId: callId, transcription: [] } } });
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId });
	});

	it('keeps a timestamp sent as epoch milliseconds', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('call.started', callId, {}, 1717323330000));
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId, timestamp: 1717323330000 });
	});

	it('an event without a data object at all (call.started) starts the workflow without failing', async () => {
		const callId = newCallId();
		const run = await trigger({ eventType: 'call.started', callId, timestamp: '2025-06-02T10:15:30.000Z' });
		expect(run.error).toBeUndefined();
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId, eventType: 'call.started' });
	});

	it('transcription.update with data.transcription gives the new lines', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('transcription.update', callId, { transcription: [{ User: 'Thursday works.' }] }));
		expect(run.workflowData?.[0][0].json).toMatchObject({ transcript: 'User: Thursday works.' });
	});

	it('reads a transcription sent as a JSON string of the list (the guide: "parse complex data from JSON strings")', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, { data: { conversationId: callId, transcription: JSON.stringify([{ Agent: 'Hi' }, { User: 'Hello' }]), outcomeResult: {} } }),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({ transcript: 'Agent: Hi\nUser: Hello' });
	});

	it('reads an outcomeResult sent as a JSON string of the object', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, { data: { conversationId: callId, transcription: [], outcomeResult: JSON.stringify({ interested: true, customerName: 'Ada' }) } }),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({ outcome: { interested: true, customerName: 'Ada' } });
	});

	it('two different transcription.update events of one call sent within the same timestamp both start the workflow', async () => {
		const callId = newCallId();
		const first = await trigger(envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }] }, 1717323330));
		const second = await trigger(envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }, { User: 'Hello' }] }, 1717323330));
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toHaveLength(1);
	});

	it('two different tool.executed events of one call without a timestamp both start the workflow', async () => {
		const callId = newCallId();
		const first = await trigger({ eventType: 'tool.executed', callId, data: { toolName: 'lookup', result: 'A' } });
		const second = await trigger({ eventType: 'tool.executed', callId, data: { toolName: 'book', result: 'B' } });
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toHaveLength(1);
	});

	it('an identical event delivered twice starts the workflow once', async () => {
		const callId = newCallId();
		const event = envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }] }, 1717323330);
		const first = await trigger(event);
		const second = await trigger(JSON.parse(JSON.stringify(event)));
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toBeUndefined();
	});

	it('tool.executed keeps the tool\'s data in the output when Include Raw Event is off', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('tool.executed', callId, { toolName: 'bookAppointment', result: { booked: true } }), {
			options: { includeRawEvent: false },
		});
		expect(JSON.stringify(run.workflowData?.[0][0].json)).toContain('bookAppointment');
	});

	it('accepts Authorization "Token <secret>" when the Auth Key agreed with Hamsa is Token (the seed\'s example)', async () => {
		const run = await trigger(envelope('call.started', newCallId(), {}), { authKey: 'Token' }, {
			headers: { 'Content-Type': 'application/json', Authorization: `Token ${SECRET}` },
		});
		expect(run.status).toBe(200);
		expect(run.workflowData).toHaveLength(1);
	});
});
