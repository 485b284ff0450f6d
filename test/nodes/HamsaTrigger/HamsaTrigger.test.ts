/**
 * Hamsa Trigger's webhook(), run on n8n-core's real WebhookContext (see
 * test/harness/runWebhook.ts): the Authorization check, the event filter,
 * repeated deliveries, the flattened output, and the node's description.
 */
import type { INodeProperties } from 'n8n-workflow';
import { ANSWERED_CALL_EVENTS } from '../../harness/calls';
import { PACKAGE_NAME, nodeTypesByName } from '../../harness/packageTypes';
import { runWebhook, type RunWebhookOptions } from '../../harness/runWebhook';
import { HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { startWebhookReceiver } from '../../harness/webhookReceiver';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WEBHOOK_SECRETS } = require('../../harness/knownSecrets') as { WEBHOOK_SECRETS: string[] };

const SECRET = WEBHOOK_SECRETS[0];
const OTHER_SECRET = WEBHOOK_SECRETS[1];
const GOOD_AUTH = `Bearer ${SECRET}`;

let callCounter = 0;
/** A fresh call id per test: the delivery log lives for the whole test file. */
function newCallId(): string {
	callCounter += 1;
	return `5b3f0c1e-7a2d-4c55-9e61-${String(callCounter).padStart(12, '0')}`;
}

/** A call.ended event in the shape of Hamsa's webhook guide (and the simulator's). */
function callEnded(callId: string, timestamp = '2025-06-02T10:15:30.000Z') {
	return {
		eventType: 'call.ended',
		callId,
		timestamp,
		projectId: 'proj-7c1d',
		agentId: VOICE_AGENT_ID,
		agentName: 'Appointment Reminder',
		data: {
			timestamp,
			status: 'COMPLETED',
			callDuration: 47,
			data: {
				conversationId: callId,
				conversationRecording: `https://recordings.example.com/${callId}.mp3`,
				transcription: [
					{ Agent: 'Hello, this is the clinic calling about your appointment.' },
					{ User: 'Hi! Yes, Tuesday works for me.' },
					{ Agent: 'Great, see you on Tuesday at 3 pm.' },
				],
				outcomeResult: { customerName: 'Ada', interested: true, appointmentTime: '2025-06-03T15:00:00.000Z' },
			},
		},
	};
}

function otherEvent(eventType: string, callId: string, timestamp = '2025-06-02T10:14:00.000Z') {
	return {
		eventType,
		callId,
		timestamp,
		projectId: 'proj-7c1d',
		agentId: VOICE_AGENT_ID,
		agentName: 'Appointment Reminder',
		data: { status: 'IN_PROGRESS' },
	};
}

function trigger(options: Partial<RunWebhookOptions> & { parameters?: Record<string, unknown> } = {}) {
	const { parameters, ...rest } = options;
	return runWebhook({
		node: 'hamsaTrigger',
		parameters: { authKey: 'Bearer', authSecret: SECRET, ...parameters },
		headers: { 'Content-Type': 'application/json', Authorization: GOOD_AUTH },
		...rest,
	});
}

describe('Hamsa Trigger → webhook', () => {
	it('with the right Authorization, starts the workflow with the call flattened into plain fields', async () => {
		const callId = newCallId();
		const event = callEnded(callId);
		const run = await trigger({ body: event });

		expect(run.error).toBeUndefined();
		expect(run.status).toBe(200);
		expect(run.body).toEqual({ received: true });
		expect(run.noWebhookResponse).toBe(false);
		expect(run.workflowData).toHaveLength(1);
		expect(run.workflowData![0]).toHaveLength(1);
		const json = run.workflowData![0][0].json;
		expect(json).toEqual({
			deliveryId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
			callId,
			eventType: 'call.ended',
			status: 'COMPLETED',
			timestamp: '2025-06-02T10:15:30.000Z',
			agentId: VOICE_AGENT_ID,
			agentName: 'Appointment Reminder',
			callDuration: 47,
			transcript:
				'Agent: Hello, this is the clinic calling about your appointment.\n' +
				'User: Hi! Yes, Tuesday works for me.\n' +
				'Agent: Great, see you on Tuesday at 3 pm.',
			transcription: event.data.data.transcription,
			outcome: { customerName: 'Ada', interested: true, appointmentTime: '2025-06-03T15:00:00.000Z' },
			recordingUrl: `https://recordings.example.com/${callId}.mp3`,
			event,
		});
	});

	it('is registered as n8n registers it: POST, answering on receipt, at <webhookId>/hamsa', async () => {
		const run = await trigger({ body: callEnded(newCallId()), webhookId: '0d7e4c2a-1b3f-4e5d-8a9b-c0d1e2f3a4b5' });
		expect(run.webhookData.httpMethod).toBe('POST');
		expect(run.webhookData.webhookDescription.responseMode).toBe('onReceived');
		expect(run.webhookData.path).toBe('0d7e4c2a-1b3f-4e5d-8a9b-c0d1e2f3a4b5/hamsa');
		expect(run.workflowData).toHaveLength(1);
	});

	describe('refuses, with 401 and no execution, a request whose Authorization does not match', () => {
		it.each([
			['a wrong secret of the same length', `Bearer ${OTHER_SECRET.slice(0, SECRET.length).padEnd(SECRET.length, 'x')}`],
			['the secret with one character changed', `Bearer ${SECRET.slice(0, -1)}${SECRET.endsWith('n') ? 'm' : 'n'}`],
			['the right secret with extra characters (a different length)', `${GOOD_AUTH}-and-more`],
			['a shorter value (a different length)', GOOD_AUTH.slice(0, -3)],
			['the right secret after another key (Token)', `Token ${SECRET}`],
			['the secret alone, without the Auth Key', SECRET],
			['the Auth Key alone', 'Bearer'],
			['a differently cased Auth Key', `bearer ${SECRET}`],
			['an empty header', ''],
		])('%s', async (_label, authorization) => {
			const run = await trigger({ body: callEnded(newCallId()), headers: { Authorization: authorization } });
			expect(run.status).toBe(401);
			expect(run.noWebhookResponse).toBe(true);
			expect(run.workflowData).toBeUndefined();
			expect(run.response.ended).toBe(true);
			expect(run.body).toEqual({ message: expect.stringMatching(/Authorization does not match/) });
			expect(JSON.stringify(run.body)).not.toContain(SECRET);
		});

		it('no Authorization header at all', async () => {
			const run = await trigger({ body: callEnded(newCallId()), headers: { 'Content-Type': 'application/json' } });
			expect(run.status).toBe(401);
			expect(run.workflowData).toBeUndefined();
		});

		it('any request at all when the Auth Secret is empty, even "Authorization: Bearer"', async () => {
			for (const authorization of ['Bearer', 'Bearer ', 'Bearer  ', ' ', undefined]) {
				const run = await trigger({
					parameters: { authSecret: '' },
					body: callEnded(newCallId()),
					headers: { Authorization: authorization },
				});
				expect({ authorization, status: run.status }).toEqual({ authorization, status: 401 });
				expect(run.workflowData).toBeUndefined();
			}
		});

		it('a wrong Authorization before looking at the body: an unselected event type is still 401', async () => {
			const run = await trigger({ body: otherEvent('call.started', newCallId()), headers: { Authorization: 'Bearer nope' } });
			expect(run.status).toBe(401);
			expect(run.webhookResponse).toBeUndefined();
		});
	});

	it('accepts whitespace around the header and around the pasted Auth Key and Auth Secret', async () => {
		const run = await trigger({
			parameters: { authKey: ' Bearer ', authSecret: `${SECRET}\n` },
			headers: { Authorization: ` ${GOOD_AUTH} ` },
			body: callEnded(newCallId()),
		});
		expect(run.status).toBe(200);
		expect(run.workflowData).toHaveLength(1);
	});

	it('uses whatever Auth Key was agreed with Hamsa, not only Bearer', async () => {
		const run = await trigger({
			parameters: { authKey: 'X-Hamsa' },
			headers: { Authorization: `X-Hamsa ${SECRET}` },
			body: callEnded(newCallId()),
		});
		expect(run.workflowData).toHaveLength(1);
		const refused = await trigger({ parameters: { authKey: 'X-Hamsa' }, body: callEnded(newCallId()) });
		expect(refused.status).toBe(401);
	});

	it('acknowledges an event type that is not selected (200) and starts nothing', async () => {
		const run = await trigger({ body: otherEvent('call.started', newCallId()) });
		expect(run.status).toBe(200);
		expect(run.noWebhookResponse).toBe(false);
		expect(run.workflowData).toBeUndefined();
		expect(run.body).toEqual({ received: true, ignored: 'event type "call.started" is not selected' });
	});

	it('acknowledges an authenticated body that is not an event (no eventType, null, a list) without failing', async () => {
		for (const body of [{ hello: 'world' }, null, [callEnded(newCallId())]]) {
			const run = await trigger({ body });
			expect({ body, status: run.status, error: run.error?.message }).toEqual({ body, status: 200, error: undefined });
			expect(run.workflowData).toBeUndefined();
			expect(run.body).toMatchObject({ received: true, ignored: 'event type "" is not selected' });
		}
	});

	it('starts the workflow for every selected event type and only for those', async () => {
		const events = ['call.started', 'call.answered', 'transcription.update', 'tool.executed'];
		const callId = newCallId();
		for (const [index, eventType] of ['call.started', 'call.answered', 'transcription.update', 'tool.executed', 'call.ended'].entries()) {
			const body = eventType === 'call.ended' ? callEnded(callId) : otherEvent(eventType, callId, `2025-06-02T10:1${index}:00.000Z`);
			const run = await trigger({ parameters: { events }, body });
			const started = run.workflowData !== undefined;
			expect({ eventType, started }).toEqual({ eventType, started: events.includes(eventType) });
			if (started) expect(run.workflowData![0][0].json).toMatchObject({ eventType, callId, status: 'IN_PROGRESS' });
		}
	});

	it('reads a transcription.update event\'s lines from data.transcription', async () => {
		const callId = newCallId();
		const body = {
			...otherEvent('transcription.update', callId),
			data: { transcription: [{ Agent: 'Hello?' }, { User: 'Hi there' }], latest: [{ User: 'Hi there' }] },
		};
		const run = await trigger({ parameters: { events: ['transcription.update'] }, body });
		expect(run.workflowData![0][0].json).toMatchObject({ transcript: 'Agent: Hello?\nUser: Hi there', transcription: body.data.transcription });
	});

	describe('repeated deliveries', () => {
		it('starts one execution for the same call, event type and timestamp delivered twice', async () => {
			const event = callEnded(newCallId());
			const first = await trigger({ body: event });
			expect(first.workflowData).toHaveLength(1);
			const second = await trigger({ body: JSON.parse(JSON.stringify(event)) });
			expect(second.status).toBe(200);
			expect(second.workflowData).toBeUndefined();
			expect(second.body).toEqual({ received: true, ignored: 'repeated delivery' });
		});

		it('starts one execution when two copies arrive at the same moment', async () => {
			const event = callEnded(newCallId());
			const runs = await Promise.all([trigger({ body: event }), trigger({ body: { ...event } }), trigger({ body: { ...event } })]);
			expect(runs.map((run) => run.status)).toEqual([200, 200, 200]);
			expect(runs.filter((run) => run.workflowData !== undefined)).toHaveLength(1);
		});

		it('starts a new execution for the same call and event with a different timestamp', async () => {
			const callId = newCallId();
			expect((await trigger({ body: callEnded(callId, '2025-06-02T10:15:30.000Z') })).workflowData).toHaveLength(1);
			const later = await trigger({ body: callEnded(callId, '2025-06-02T10:15:31.000Z') });
			expect(later.workflowData).toHaveLength(1);
			expect(later.workflowData![0][0].json.timestamp).toBe('2025-06-02T10:15:31.000Z');
		});

		it('starts a new execution for a different event type of the same call at the same instant', async () => {
			const callId = newCallId();
			const parameters = { events: ['call.answered', 'call.ended'] };
			expect((await trigger({ parameters, body: callEnded(callId, 'T') })).workflowData).toHaveLength(1);
			expect((await trigger({ parameters, body: otherEvent('call.answered', callId, 'T') })).workflowData).toHaveLength(1);
		});

		it('keeps each trigger node apart: the same event starts one execution in each of two workflows', async () => {
			const event = callEnded(newCallId());
			expect((await trigger({ workflowId: 'workflow-a', body: event })).workflowData).toHaveLength(1);
			expect((await trigger({ workflowId: 'workflow-b', body: event })).workflowData).toHaveLength(1);
			expect((await trigger({ workflowId: 'workflow-a', nodeId: 'second-trigger', body: event })).workflowData).toHaveLength(1);
			expect((await trigger({ workflowId: 'workflow-a', body: event })).workflowData).toBeUndefined();
		});

		it('does not remember a delivery that was refused (401) or ignored (unselected type)', async () => {
			const event = callEnded(newCallId());
			expect((await trigger({ body: event, headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
			expect((await trigger({ parameters: { events: ['call.started'] }, body: event })).workflowData).toBeUndefined();
			expect((await trigger({ body: event })).workflowData).toHaveLength(1);
		});

		it('answers a repeat, like the first copy, with JSON and HTTP 200', async () => {
			const event = callEnded(newCallId());
			expect((await trigger({ body: event })).body).toEqual({ received: true });
			const again = await trigger({ body: event });
			expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { received: true, ignored: 'repeated delivery' } });
		});

		it('starts an execution for every copy when Ignore Repeated Deliveries is off', async () => {
			const event = callEnded(newCallId());
			const parameters = { options: { ignoreRepeats: false } };
			expect((await trigger({ parameters, body: event })).workflowData).toHaveLength(1);
			expect((await trigger({ parameters, body: event })).workflowData).toHaveLength(1);
		});
	});

	describe('repeated deliveries across n8n processes and restarts, where n8n keeps a webhook\'s static data (queue mode: several webhook processes, one database)', () => {
		/** A fresh module registry: another n8n process, with its own memory and nothing else shared. */
		function anotherProcess(): typeof trigger {
			let isolated: typeof import('../../harness/runWebhook') | undefined;
			jest.isolateModules(() => {
				isolated = jest.requireActual('../../harness/runWebhook');
			});
			return (options = {}) => {
				const { parameters, ...rest } = options;
				return isolated!.runWebhook({
					node: 'hamsaTrigger',
					parameters: { authKey: 'Bearer', authSecret: SECRET, ...parameters },
					headers: { 'Content-Type': 'application/json', Authorization: GOOD_AUTH },
					...rest,
				});
			};
		}

		it('gives every delivery a deliveryId: the same for the same event in any process, another for another event', async () => {
			const event = callEnded(newCallId());
			const here = await trigger({ body: event, workflowId: 'ids-here' });
			const there = await anotherProcess()({ body: event, workflowId: 'ids-there' });
			const other = await trigger({ body: callEnded(newCallId()), workflowId: 'ids-here' });
			const id = here.workflowData![0][0].json.deliveryId;
			expect(there.workflowData![0][0].json.deliveryId).toBe(id);
			expect(other.workflowData![0][0].json.deliveryId).not.toBe(id);
		});

		it('a copy reaching another process after the first was answered is a repeat (static data, saved by n8n in its database)', async () => {
			const event = callEnded(newCallId());
			const first = await trigger({ body: event, workflowId: 'shared-db' });
			expect(first.workflowData).toHaveLength(1);
			const second = await anotherProcess()({ body: event, workflowId: 'shared-db', staticData: first.staticData });
			expect(second.body).toEqual({ received: true, ignored: 'repeated delivery' });
			expect(second.workflowData).toBeUndefined();
		});

		it('after every process restarted (memory gone, database kept), the same event is still a repeat; a new one is not', async () => {
			const event = callEnded(newCallId());
			const before = await trigger({ body: event, workflowId: 'restarted' });
			const restarted = anotherProcess();
			const again = await restarted({ body: event, workflowId: 'restarted', staticData: before.staticData });
			expect(again.workflowData).toBeUndefined();
			const fresh = await restarted({ body: callEnded(newCallId()), workflowId: 'restarted', staticData: again.staticData });
			expect(fresh.workflowData).toHaveLength(1);
		});

		it('keeps the record in the trigger node\'s static data, separate from other triggers', async () => {
			const event = callEnded(newCallId());
			const run = await trigger({ body: event, workflowId: 'static-data' });
			const id = run.workflowData![0][0].json.deliveryId as string;
			expect(run.staticData).toEqual({ [`node:${run.node.name}`]: { hamsaDeliveries: { [id]: expect.any(Number) } } });
		});

		it('known limit: two processes that loaded the static data before either saved it both accept; both copies carry the same deliveryId for Remove Duplicates', async () => {
			// n8n loads static data when a webhook request arrives and saves it whole
			// after answering; it gives a webhook no atomic store, so this cannot be closed here.
			const event = callEnded(newCallId());
			const loaded = (await trigger({ body: callEnded(newCallId()), workflowId: 'race' })).staticData;
			const [a, b] = await Promise.all([
				anotherProcess()({ body: event, workflowId: 'race', staticData: loaded }),
				anotherProcess()({ body: { ...event }, workflowId: 'race', staticData: loaded }),
			]);
			expect([a.workflowData, b.workflowData].every((data) => data !== undefined)).toBe(true);
			expect(a.workflowData![0][0].json.deliveryId).toBe(b.workflowData![0][0].json.deliveryId);
		});

		it('writes nothing for refused, unselected or repeated events (n8n saves static data only when it changed)', async () => {
			const event = callEnded(newCallId());
			const first = await trigger({ body: event, workflowId: 'no-writes' });
			const refused = await trigger({ body: callEnded(newCallId()), workflowId: 'no-writes', staticData: first.staticData, headers: { Authorization: 'Bearer wrong' } });
			const unselected = await trigger({ body: otherEvent('call.started', newCallId()), workflowId: 'no-writes', staticData: first.staticData });
			const repeat = await trigger({ body: event, workflowId: 'no-writes', staticData: first.staticData });
			for (const run of [refused, unselected, repeat]) expect(run.staticData).toEqual(first.staticData);
		});
	});

	describe('Include Raw Event', () => {
		it('adds the event as sent under "event" by default', async () => {
			const event = callEnded(newCallId());
			const run = await trigger({ body: event });
			expect(run.workflowData![0][0].json.event).toEqual(event);
		});

		it('adds it when switched on', async () => {
			const event = callEnded(newCallId());
			const run = await trigger({ parameters: { options: { includeRawEvent: true } }, body: event });
			expect(run.workflowData![0][0].json.event).toEqual(event);
		});

		it('leaves it out when switched off, keeping the flattened fields', async () => {
			const callId = newCallId();
			const run = await trigger({ parameters: { options: { includeRawEvent: false } }, body: callEnded(callId) });
			const json = run.workflowData![0][0].json;
			expect(json).not.toHaveProperty('event');
			expect(json).toMatchObject({ callId, status: 'COMPLETED', outcome: { interested: true } });
			expect(String(json.transcript)).toMatch(/^Agent: /);
		});
	});

	describe('with the events the simulator really sends for a call', () => {
		const context = useSimulator({ callDurationMs: 200 });

		it('starts the workflow once, for call.ended, with the header Hamsa sends', async () => {
			const receiver = await startWebhookReceiver();
			const { received } = receiver;
			try {
				const { sim } = context;
				const started = await fetch(`${sim.url}/v1/voice-agents/twilio/call`, {
					method: 'POST',
					headers: { Authorization: `Token ${HAMSA_KEY}`, 'Content-Type': 'application/json' },
					body: JSON.stringify({
						toNumber: '+14155550123',
						twilioPhoneNumber: TWILIO_NUMBER,
						voiceAgentId: VOICE_AGENT_ID,
						params: { customerName: 'Ada' },
						webhookUrl: receiver.urlFor('/webhook/hamsa'),
						webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
					}),
				});
				expect(started.status).toBe(200);
				const callId = ((await started.json()) as { data: { id: string } }).data.id;
				await receiver.waitForEvent('call.ended');
				await sim.webhooksIdle();
				expect(received.map((entry) => entry.body.eventType)).toEqual(ANSWERED_CALL_EVENTS);

				const outputs = [];
				for (const entry of received) {
					const run = await trigger({ headers: entry.headers as Record<string, string>, body: entry.body });
					expect(run.status).toBe(200);
					if (run.workflowData) outputs.push(run.workflowData[0][0].json);
				}
				expect(outputs).toHaveLength(1);
				expect(outputs[0]).toMatchObject({
					callId,
					eventType: 'call.ended',
					status: 'COMPLETED',
					outcome: { customerName: 'Ada', interested: true },
					recordingUrl: expect.stringMatching(/^https?:\/\//),
				});
				expect(String(outputs[0].transcript).split('\n')[0]).toMatch(/^Agent: /);
				expect(String(outputs[0].transcript)).toMatch(/\nUser: /);
				expect(outputs[0].transcription).toEqual(received[4].body.data.data.transcription);
			} finally {
				await receiver.close();
			}
		});
	});
});

describe('Hamsa Trigger → description', () => {
	const description = nodeTypesByName[`${PACKAGE_NAME}.hamsaTrigger`].description;
	const property = (name: string) => description.properties.find((candidate) => candidate.name === name)!;

	/** Every property, with the options of collections (their fields) included. */
	function allProperties(properties: INodeProperties[]): INodeProperties[] {
		return properties.flatMap((candidate) => {
			if (candidate.type === 'collection') return [candidate, ...allProperties(candidate.options as INodeProperties[])];
			return [candidate];
		});
	}

	it('is a trigger with no inputs and one webhook', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toHaveLength(1);
	});

	it('describes every field; only the setup notice and the Options collection itself go without', () => {
		const undescribed = allProperties(description.properties)
			.filter((candidate) => !candidate.description)
			.map((candidate) => `${candidate.name} (${candidate.type})`);
		expect(undescribed).toEqual(['setupNotice (notice)', 'options (collection)']);
		for (const option of (property('events').options ?? []) as { name: string; description?: string }[]) {
			expect({ option: option.name, described: Boolean(option.description) }).toEqual({ option: option.name, described: true });
		}
	});

	it('listens for call.ended by default, offering all five Hamsa event types', () => {
		expect(property('events').default).toEqual(['call.ended']);
		expect(((property('events').options ?? []) as { value: string }[]).map((option) => option.value).sort()).toEqual(
			['call.answered', 'call.ended', 'call.started', 'tool.executed', 'transcription.update'],
		);
	});

	it('hides the Auth Secret as a password and requires it; the Auth Key defaults to Bearer', () => {
		expect(property('authSecret').typeOptions?.password).toBe(true);
		expect(property('authSecret').required).toBe(true);
		expect(property('authSecret').default).toBe('');
		expect(property('authKey').default).toBe('Bearer');
		expect(property('authKey').typeOptions?.password).toBeUndefined();
	});

	it('ignores repeated deliveries and includes the raw event unless told otherwise', () => {
		const options = property('options').options as INodeProperties[];
		expect(options.find((option) => option.name === 'ignoreRepeats')?.default).toBe(true);
		expect(options.find((option) => option.name === 'includeRawEvent')?.default).toBe(true);
	});
});
