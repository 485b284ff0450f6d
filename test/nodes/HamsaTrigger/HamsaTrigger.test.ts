/**
 * Hamsa Trigger's webhook(), run on n8n-core's real WebhookContext (see
 * test/harness/runWebhook.ts): the Authorization check, the event filter,
 * the flattened output, and the node's description. Repeated deliveries are
 * in HamsaTrigger.repeats.test.ts.
 */
import type { INodeProperties } from 'n8n-workflow';
import { ANSWERED_CALL_EVENTS } from '../../harness/calls';
import { PACKAGE_NAME, nodeTypesByName } from '../../harness/packageTypes';
import { HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { watchWarnings } from '../../harness/n8nLogger';
import { startWebhookReceiver } from '../../harness/webhookReceiver';
import { callEnded, flatCallEnded, GOOD_AUTH, newCallId, OTHER_SECRET, otherEvent, SECRET, trigger } from './triggerFixtures';

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
		expect(json).toEqual({ deliveryId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), ...flatCallEnded(callId, event) });
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

		it('a wrong Authorization before looking at the body: an unselected event type is still 401', async () => {
			const run = await trigger({ body: otherEvent('call.started', newCallId()), headers: { Authorization: 'Bearer nope' } });
			expect(run.status).toBe(401);
			expect(run.webhookResponse).toBeUndefined();
		});
	});

	describe('answers 500 naming the misconfiguration, and starts nothing, when the Auth Secret is empty or evaluates to nothing', () => {
		// What a caller might send to a trigger whose secret evaluated to nothing: String(undefined) made "Bearer undefined" valid.
		const GUESSES = ['Bearer undefined', 'Bearer null', 'Bearer ', 'Bearer', 'undefined', ' ', undefined];
		// n8n's logger, watched and kept quiet: every refusal below logs a warning.
		let warnings: ReturnType<typeof watchWarnings>;
		beforeEach(() => (warnings = watchWarnings()));
		afterEach(() => warnings.restore());

		it.each([
			['empty', ''],
			['blank', ' \n\t'],
			['an expression giving undefined', '={{ undefined }}'],
			['an expression giving null', '={{ null }}'],
			['an unset environment variable', '={{ $env.HAMSA_SECRET_THAT_IS_NOT_SET }}'],
			['an unset n8n variable', '={{ $vars.hamsaSecretNotSet }}'],
			['an expression giving an empty text', '={{ "" }}'],
			['an expression giving a number, not text', '={{ 12345 }}'],
			['an expression giving an object', '={{ {} }}'],
			['the text a failed expression leaves: "undefined"', 'undefined'],
			['the text a failed expression leaves: "null"', ' NULL '],
			['an expression giving the text "undefined"', '={{ String($vars.hamsaSecretNotSet) }}'],
		])('%s', async (_label, authSecret) => {
			for (const authorization of GUESSES) {
				const run = await trigger({ parameters: { authSecret }, body: callEnded(newCallId()), headers: { Authorization: authorization } });
				expect({ authorization, status: run.status }).toEqual({ authorization, status: 500 });
				expect(run.noWebhookResponse).toBe(true);
				expect(run.workflowData).toBeUndefined();
				expect(run.body).toEqual({
					message:
						'Not accepting Hamsa events: the Hamsa Trigger\'s Auth Secret is empty or evaluates to nothing. Set it (or its expression) to the secret given to Hamsa',
				});
			}
		});

		it('the same for a test event from the editor', async () => {
			const run = await trigger({ mode: 'manual', parameters: { authSecret: '={{ undefined }}' }, body: callEnded(newCallId()), headers: { Authorization: 'Bearer undefined' } });
			expect(run.status).toBe(500);
			expect(run.workflowData).toBeUndefined();
		});

		it('an Auth Key that evaluates to nothing, even with the right secret', async () => {
			for (const authKey of ['={{ undefined }}', '={{ $vars.hamsaKeyNotSet }}', '={{ 1 }}', 'null']) {
				for (const authorization of [GOOD_AUTH, SECRET, `undefined ${SECRET}`, `null ${SECRET}`, `1 ${SECRET}`]) {
					const run = await trigger({ parameters: { authKey }, body: callEnded(newCallId()), headers: { Authorization: authorization } });
					expect({ authKey, authorization, status: run.status }).toEqual({ authKey, authorization, status: 500 });
					expect(run.workflowData).toBeUndefined();
					expect(run.body).toEqual({ message: expect.stringMatching(/^Not accepting Hamsa events: the Hamsa Trigger's Auth Key evaluates to nothing/) });
				}
			}
		});

		it('logs a warning naming the node and the field, never a value', async () => {
			await trigger({ parameters: { authKey: OTHER_SECRET, authSecret: '={{ undefined }}' }, body: callEnded(newCallId()) });
			expect(warnings.calls).toHaveLength(1);
			const [message] = warnings.calls[0] as [string];
			expect(message).toBe('Hamsa Trigger "Webhook Node Under Test" refused a request: the Hamsa Trigger\'s Auth Secret is empty or evaluates to nothing. Set it (or its expression) to the secret given to Hamsa');
			expect(JSON.stringify(warnings.calls)).not.toContain(OTHER_SECRET);
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
				// Hamsa's call.ended: {eventType, data: {data: <the conversation>}}.
				const ended = received[4].body as { data: { data: { transcription: unknown } } };
				expect(outputs[0].transcription).toEqual(ended.data.data.transcription);
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

	it('describes every field; only the notices and the Options collection itself go without', () => {
		const undescribed = allProperties(description.properties)
			.filter((candidate) => !candidate.description)
			.map((candidate) => `${candidate.name} (${candidate.type})`);
		expect(undescribed).toEqual(['selfSetupNotice (notice)', 'setupNotice (notice)', 'authSecretMissingNotice (notice)', 'options (collection)']);
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

	it('warns in the editor, under the Auth Secret, while the Auth Secret is empty', () => {
		const names = description.properties.map((candidate) => candidate.name);
		expect(names.indexOf('authSecretMissingNotice')).toBe(names.indexOf('authSecret') + 1);
		const notice = property('authSecretMissingNotice');
		expect(notice.type).toBe('notice');
		// Only for manual setup: with a Voice Agent the trigger generates its secret.
		expect(notice.displayOptions).toEqual({ show: { authSecret: [''], voiceAgentId: [''] } });
		expect(notice.displayName).toMatch(/refuses every request/);
		expect(property('authSecret').hint).toMatch(/evaluates? to nothing|gives no text/);
	});

	it('offers an optional Voice Agent; the Auth fields and manual-setup notice show only without one', () => {
		const agent = property('voiceAgentId');
		expect(agent.type).toBe('resourceLocator');
		expect(agent.required).toBe(false);
		expect(agent.default).toEqual({ mode: 'list', value: '' });
		expect(agent.description).toMatch(/Leave empty/);
		for (const name of ['authKey', 'authSecret', 'setupNotice']) {
			expect({ name, displayOptions: property(name).displayOptions?.show?.voiceAgentId }).toEqual({ name, displayOptions: [''] });
		}
		expect(property('selfSetupNotice').displayOptions).toEqual({ hide: { voiceAgentId: [''] } });
		const replace = (property('options').options as INodeProperties[]).find((option) => option.name === 'replaceExistingWebhook');
		expect(replace?.default).toBe(false);
		expect(replace?.displayOptions).toEqual({ hide: { '/voiceAgentId': [''] } });
	});

	it('ignores repeated deliveries and includes the raw event unless told otherwise', () => {
		const options = property('options').options as INodeProperties[];
		expect(options.find((option) => option.name === 'ignoreRepeats')?.default).toBe(true);
		expect(options.find((option) => option.name === 'includeRawEvent')?.default).toBe(true);
	});
});
