/**
 * Fault matrix, rows about what the service answers: a malformed JSON body, a
 * body that is not JSON at all, HotTask's `Success: false` with HTTP 200,
 * Twilio's `Status: "False"`, and Hamsa's HTTP 4xx with a `messageKey`.
 * None of these is retried: the service answered. Whether it acted is said
 * in each error.
 */
import { useSimulator } from '../harness/simulator';
import { ASK, ASK_STREAMED, delivery, expectContinued, expectRequestKinds, expectRetriedOnce, expectStopped, failedWith, GET_CALL, GET_CREDITS, itemTag, mayHaveStatement, notJsonMessage, type OperationCase, runCase, runCaseWithFaultAt, SEND_SMS, START_CALL } from './support';

const context = useSimulator();

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const NGINX_502 =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

describe('fault matrix: malformed JSON body with HTTP 200', () => {
	const truncated: Record<string, string> = {
		HotTask: '{"Data": {"Status": "True", "Message": ',
		Hamsa: '{"success": false, "message": "success", "data": {"id": ',
	};

	it.each([SEND_SMS, START_CALL, ASK])('$label: the request may have been acted on, so it is not sent again', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 200, headers: JSON_HEADERS, body: truncated[op.service] }, { items: 2, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 2, {
			0: failedWith('mayHaveBeenDelivered', op.service, {
				message: notJsonMessage(op.service, 0),
				description: ['HTTP 200.', `Its answer could not be read (it began ${JSON.stringify(truncated[op.service].trim())}).`],
				httpStatus: 200,
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
	});

	it('Get Message Credits: reported with the reassurance that a read is safe to repeat', async () => {
		const { sim } = context;
		const op = GET_CREDITS;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 200, headers: JSON_HEADERS, body: '{"Data": {"Total": -1,' }, { options: { maxRetries: 1 } });
		expectStopped(run, {
			message: notJsonMessage('HotTask', 0),
			description: [mayHaveStatement(op), 'Its answer could not be read'],
		});
		// A complete answer that cannot be parsed would read the same again: not retried.
		expectRequestKinds(sim, op, 1, 1);
	});

	it('Ask (streamed): a malformed line in the stream names the line and keeps the partial answer', async () => {
		const { sim } = context;
		const op = ASK_STREAMED;
		const run = await runCaseWithFaultAt(sim, op, 0, { stream: { malformedLineAfter: 2 } }, { items: 2, continueOnFail: true });
		expectContinued(run, op, 2, {
			0: failedWith('delivered', 'HotTask', {
				message: `HotTask: Line 5 of the answer stream is not a JSON object: data: {not json ${itemTag(0)}`,
				description: ['HotTask sent a line the node cannot read', 'Partial answer received: "Hello! You"'],
				partialAnswer: 'Hello! You',
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
	});
});

describe('fault matrix: a body that is not JSON at all', () => {
	it.each([
		{ op: SEND_SMS, body: 'OK', shown: '"OK"' },
		{ op: START_CALL, body: '', shown: 'it was empty' },
	].map((row) => ({ ...row, label: row.op.label })))('$label: HTTP 200 with a plain-text body is not a success', async ({ op, body, shown }) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 200, body }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: notJsonMessage(op.service, 0),
			description: ['HTTP 200.', delivery.mayHaveBeenDelivered(op.service), shown],
		});
		expectRequestKinds(sim, op, 1, 1);
	});

	it.each([SEND_SMS, START_CALL])('$label: a proxy\'s HTML error page becomes a one-line message, and is not sent again', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 1, { status: 502, headers: { 'Content-Type': 'text/html' }, body: NGINX_502 }, { items: 2, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 2, {
			1: failedWith('mayHaveBeenDelivered', op.service, {
				message: `${op.service}: 502 Bad Gateway ${itemTag(1)}`,
				description: ['HTTP 502.'],
				httpStatus: 502,
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
	});

	it('Get Call: the same HTML page on a read is retried', async () => {
		const { sim } = context;
		const op = GET_CALL;
		sim.addFault({ method: op.method, path: op.path, status: 502, headers: { 'Content-Type': 'text/html' }, body: NGINX_502 });
		expectRetriedOnce(sim, op, await runCase(sim, op, { options: { maxRetries: 1 } }));
	});

	it('Start Call: a plain-text HTTP 400 is Hamsa refusing the call', async () => {
		const { sim } = context;
		const op = START_CALL;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 400, body: 'Bad Request' }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: `Hamsa: Bad Request ${itemTag(0)}`,
			description: ['HTTP 400.', delivery.refused('Hamsa')],
			httpStatus: 400,
		});
		expectRequestKinds(sim, op, 1, 1);
		expect(sim.calls.size).toBe(0);
	});

	it('Start Call: HTTP 200 with an envelope but no call in it may still have placed a call', async () => {
		const { sim } = context;
		const op = START_CALL;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 200, body: { success: true, message: 'queued' } }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: `Hamsa: Hamsa answered without the id of the call ${itemTag(0)}`,
			description: [delivery.mayHaveBeenDelivered('Hamsa'), 'Look for the call in the Hamsa dashboard'],
		});
		expectRequestKinds(sim, op, 1, 1);
	});
});

describe('fault matrix: HotTask Success: false with HTTP 200', () => {
	const failure = { code: 4003, message: 'Chatbot is disabled' };

	it.each([SEND_SMS, ASK, ASK_STREAMED, GET_CREDITS])('$label: HotTask\'s message and code are shown; nothing is retried', async (op: OperationCase) => {
		const { sim } = context;
		const fault = op === ASK_STREAMED ? { stream: { errorEnvelope: failure } } : { hottaskFailure: failure };
		const run = await runCaseWithFaultAt(sim, op, 1, fault, { items: 2, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 2, {
			1: failedWith('refused', 'HotTask', {
				message: `HotTask: Chatbot is disabled ${itemTag(1)}`,
				description: ['HTTP 200, HotTask code 4003.'],
				httpStatus: 200,
				serviceCode: 4003,
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
	});

	it('Send SMS, stopping: the error panel names the item and says nothing was sent', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: SEND_SMS.path, hottaskFailure: { code: 400, message: 'ToPhoneNumber is not a mobile number' } });
		const run = await runCase(sim, SEND_SMS);
		expectStopped(run, {
			message: `HotTask: ToPhoneNumber is not a mobile number ${itemTag(0)}`,
			description: ['HotTask code 400', delivery.refused('HotTask')],
		});
		expectRequestKinds(sim, SEND_SMS, 1, 1);
	});
});

describe('fault matrix: Twilio Status "False"', () => {
	it('Send SMS: the item fails with Twilio\'s reason, is not sent again, and the other items are sent', async () => {
		const { sim } = context;
		const op = SEND_SMS;
		const run = await runCaseWithFaultAt(sim, op, 1, { twilioStatusFalse: 'Twilio error 21610: the recipient has opted out' }, { items: 3, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 3, {
			1: failedWith('refused', 'HotTask', {
				message: `HotTask: The SMS was not sent: Twilio error 21610: the recipient has opted out ${itemTag(1)}`,
				description: ["Check the chatbot's Twilio integration in HotTask and the number."],
			}),
		});
		expect(run.items[0].json.sent).toBe(true);
		expectRequestKinds(sim, op, 3, 3);
	});

	it('Send SMS, stopping: a reason-less "False" still explains itself', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: SEND_SMS.path, twilioStatusFalse: '' });
		const run = await runCase(sim, SEND_SMS);
		expectStopped(run, {
			message: `HotTask: The SMS was not sent: Twilio reported Status "False" ${itemTag(0)}`,
			description: [delivery.refused('HotTask')],
		});
		expectRequestKinds(sim, SEND_SMS, 1, 1);
	});
});

describe('fault matrix: Hamsa HTTP 4xx with a messageKey', () => {
	it.each([
		{ status: 400, message: 'toNumber must be a valid E.164 phone number', messageKey: 'VALIDATION_ERROR' },
		{ status: 402, message: 'Insufficient balance', messageKey: 'INSUFFICIENT_BALANCE' },
		{ status: 404, message: 'Voice agent not found', messageKey: 'VOICE_AGENT_NOT_FOUND' },
		{ status: 422, message: 'Twilio number is not connected', messageKey: 'PHONE_NUMBER_NOT_CONNECTED' },
	])('Start Call, HTTP $status $messageKey: Hamsa\'s message, status and key are shown; the call is not retried', async ({ status, message, messageKey }) => {
		const { sim } = context;
		const op = START_CALL;
		const run = await runCaseWithFaultAt(sim, op, 1, { status, body: { success: false, message, messageKey } }, { items: 2, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 2, {
			1: failedWith('refused', 'Hamsa', {
				message: `Hamsa: ${message} ${itemTag(1)}`,
				description: [`HTTP ${status}, Hamsa code ${messageKey}.`],
				httpStatus: status,
				serviceCode: messageKey,
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
		expect(sim.calls.size).toBe(1);
	});

	it('Get Call: an unknown call is Hamsa\'s 404 CONVERSATION_NOT_FOUND, not retried', async () => {
		const { sim } = context;
		const run = await runCase(sim, { ...GET_CALL, setup: async () => ({ callId: 'no-such-call' }) }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: /^Hamsa: .+ \[item 0\]$/,
			description: ['HTTP 404, Hamsa code CONVERSATION_NOT_FOUND.', delivery.refused('Hamsa')],
			httpStatus: 404,
		});
		expectRequestKinds(sim, GET_CALL, 1, 1);
	});
});
