import { unwrapHamsaEnvelope } from '../../../nodes/shared/hamsa/envelope';
import { readTwilioStatus, unwrapHotTaskEnvelope } from '../../../nodes/shared/hotTask/envelope';

const hotTask = (fields: Record<string, unknown>) => ({ Data: null, Version: '1.0.0', Success: true, Code: 200, Message: '', ...fields });

describe('unwrapHotTaskEnvelope', () => {
	it('returns Data when Success is true and Code is 200', () => {
		expect(unwrapHotTaskEnvelope(200, hotTask({ Data: { SessionID: 123456 } }))).toEqual({
			ok: true,
			payload: { SessionID: 123456 },
		});
	});

	it('returns a list in Data as it is (the model list)', () => {
		const models = [{ Key: '2', Value: 'gpt-4o', Status: true }];
		expect(unwrapHotTaskEnvelope(200, hotTask({ Data: models }))).toEqual({ ok: true, payload: models });
	});

	it('reports HTTP 200 with Success false as a failure, with the Message and Code', () => {
		expect(unwrapHotTaskEnvelope(200, hotTask({ Success: false, Code: 401, Message: 'Invalid secret key' }))).toEqual({
			ok: false,
			message: 'Invalid secret key',
			serviceCode: 401,
		});
	});

	it('reports Success true with a Code other than 200 as a failure', () => {
		expect(unwrapHotTaskEnvelope(200, hotTask({ Code: 500, Message: 'Session expired' }))).toEqual({
			ok: false,
			message: 'Session expired',
			serviceCode: 500,
		});
	});

	it('gives a failure without a Message a generic one', () => {
		expect(unwrapHotTaskEnvelope(200, hotTask({ Success: false, Message: '  ' }))).toEqual({
			ok: false,
			message: 'HotTask reported a failure without a message',
			serviceCode: 200,
		});
	});

	it('reports HTTP 400 and above as a failure even when the body says Success', () => {
		expect(unwrapHotTaskEnvelope(401, hotTask({ Message: 'Unauthorized', Code: 401 }))).toEqual({
			ok: false,
			message: 'Unauthorized',
			serviceCode: 401,
		});
	});

	it('uses a plain-text error body as the message, or the HTTP status when there is none', () => {
		expect(unwrapHotTaskEnvelope(502, ' Bad Gateway \n')).toEqual({ ok: false, message: 'Bad Gateway', serviceCode: undefined });
		expect(unwrapHotTaskEnvelope(500, undefined)).toEqual({ ok: false, message: 'HTTP 500', serviceCode: undefined });
		expect(unwrapHotTaskEnvelope(500, '')).toEqual({ ok: false, message: 'HTTP 500', serviceCode: undefined });
	});

	it('refuses a 2xx body that is not JSON', () => {
		const failure = { ok: false, message: 'HotTask answered with something other than JSON' };
		expect(unwrapHotTaskEnvelope(200, '<html>maintenance</html>')).toEqual(failure);
		expect(unwrapHotTaskEnvelope(200, undefined)).toEqual(failure);
	});

	it('accepts a bare JSON list as the data itself, like a bare object', () => {
		expect(unwrapHotTaskEnvelope(200, [1, 2])).toEqual({ ok: true, payload: [1, 2] });
	});

	it('accepts Code 200 without a Success flag as success', () => {
		expect(unwrapHotTaskEnvelope(200, { Code: 200, Data: { SessionID: 4 } })).toEqual({ ok: true, payload: { SessionID: 4 } });
	});

	it('accepts a bare object with neither Success nor Code as the data itself (white-label hosts)', () => {
		expect(unwrapHotTaskEnvelope(200, { SessionID: 9 })).toEqual({ ok: true, payload: { SessionID: 9 } });
	});

	it('reads the envelope keys without regard to case, and "true"/"200" sent as strings', () => {
		expect(unwrapHotTaskEnvelope(200, { data: { x: 1 }, success: 'True', code: '200' })).toEqual({
			ok: true,
			payload: { x: 1 },
		});
	});
});

describe('unwrapHamsaEnvelope', () => {
	it('trusts data over the flag: success false with message "success" and data is a success', () => {
		expect(unwrapHamsaEnvelope(200, { success: false, message: 'success', data: { id: 'job-1', status: 'PENDING' } })).toEqual({
			ok: true,
			payload: { id: 'job-1', status: 'PENDING' },
		});
	});

	it('accepts a 2xx without data when success is true, with an empty payload', () => {
		expect(unwrapHamsaEnvelope(201, { success: true, message: 'Created' })).toEqual({ ok: true, payload: {} });
	});

	it('reports a 2xx without data and without success as a failure, with message and messageKey', () => {
		expect(unwrapHamsaEnvelope(200, { success: false, message: 'Voice agent not found', messageKey: 'VOICE_AGENT_NOT_FOUND' })).toEqual({
			ok: false,
			message: 'Voice agent not found',
			serviceCode: 'VOICE_AGENT_NOT_FOUND',
		});
		expect(unwrapHamsaEnvelope(200, { success: false, data: null })).toEqual({
			ok: false,
			message: 'Hamsa answered without data',
			serviceCode: undefined,
		});
	});

	it('reports a 4xx with its message and messageKey, even if data is present', () => {
		expect(unwrapHamsaEnvelope(404, { message: 'Conversation not found', messageKey: 'CONVERSATION_NOT_FOUND', data: {} })).toEqual({
			ok: false,
			message: 'Conversation not found',
			serviceCode: 'CONVERSATION_NOT_FOUND',
		});
	});

	it('falls back to an `error` field, then to the HTTP status', () => {
		expect(unwrapHamsaEnvelope(401, { error: 'Unauthorized' })).toEqual({ ok: false, message: 'Unauthorized', serviceCode: undefined });
		expect(unwrapHamsaEnvelope(403, {})).toEqual({ ok: false, message: 'HTTP 403', serviceCode: undefined });
	});

	it('uses a plain-text error body as the message', () => {
		expect(unwrapHamsaEnvelope(500, 'Internal Server Error')).toEqual({
			ok: false,
			message: 'Internal Server Error',
			serviceCode: undefined,
		});
	});

	it('joins a list of validation messages into one message', () => {
		expect(unwrapHamsaEnvelope(400, { message: ['toNumber must be E.164', 'voiceAgentId is required'], messageKey: 'VALIDATION_ERROR' })).toEqual({
			ok: false,
			message: 'toNumber must be E.164; voiceAgentId is required',
			serviceCode: 'VALIDATION_ERROR',
		});
	});

	it('refuses a 2xx body that is not a JSON object', () => {
		expect(unwrapHamsaEnvelope(200, 'OK')).toEqual({ ok: false, message: 'Hamsa answered with something other than a JSON object' });
	});
});

describe('readTwilioStatus', () => {
	it('reads Status "True" (a string) as sent, with the session id', () => {
		expect(readTwilioStatus({ Status: 'True', Message: 'Message sent', SessionID: 123 })).toEqual({
			sent: true,
			message: 'Message sent',
			sessionId: 123,
		});
	});

	it('reads Status "False" (a non-empty string, so truthy in JavaScript) as not sent', () => {
		expect(readTwilioStatus({ Status: 'False', Message: 'Twilio is not configured for this chatbot' })).toEqual({
			sent: false,
			message: 'Twilio is not configured for this chatbot',
			sessionId: undefined,
		});
	});

	it('also accepts a boolean and any case of "true"', () => {
		expect(readTwilioStatus({ Status: true }).sent).toBe(true);
		expect(readTwilioStatus({ status: 'true' }).sent).toBe(true);
		expect(readTwilioStatus({ Status: false }).sent).toBe(false);
	});

	it('reads a missing status, or no data at all, as not sent', () => {
		expect(readTwilioStatus({ Message: 'x' }).sent).toBe(false);
		expect(readTwilioStatus(undefined)).toEqual({ sent: false, message: '', sessionId: undefined });
		expect(readTwilioStatus('True')).toEqual({ sent: false, message: '', sessionId: undefined });
	});

	it('reads a session id sent as a string', () => {
		expect(readTwilioStatus({ Status: 'True', SessionID: '77' }).sessionId).toBe(77);
	});
});
