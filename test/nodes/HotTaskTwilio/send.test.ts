import { expectFailure, expectNoSecrets, expectOnlyRequest, expectRefusedBeforeSending, expectServerErrorNotRetried, failureOf, onlyRequest } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { CHATBOT_ID, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();
const TO = '+14155550123';
const SEND_PATH = '/chat/Chatbot/SendTwilioMessage';

const send = operationRunner(context, 'hotTaskTwilio', { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: TO, message: 'Your table is ready' });

describe('HotTask Twilio → Message → Send', () => {
	it('posts exactly SerialNumber, ToPhoneNumber and Message, capitalised, with the raw key', async () => {
		const { sim } = context;
		const run = await send({});
		expect(run.error).toBeUndefined();
		const body = { SerialNumber: CHATBOT_ID, ToPhoneNumber: TO, Message: 'Your table is ready' };
		const request = expectOnlyRequest(sim, { method: 'POST', path: SEND_PATH, authorization: HOTTASK_KEY, body });
		expect(Object.keys(request.body)).toEqual(['SerialNumber', 'ToPhoneNumber', 'Message']);
	});

	it('outputs sent as a real boolean true, with the service\'s message and session', async () => {
		const run = await send({});
		expect(run.items).toEqual([
			{
				json: {
					sent: true,
					message: 'Message sent',
					sessionId: 880001,
					to: TO,
					chatbotId: CHATBOT_ID,
					segments: 1,
					encoding: 'GSM-7',
					characters: 'Your table is ready'.length,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(run.items[0].json.sent).toBe(true);
	});

	it('sends the number in E.164 after removing spaces, dashes and brackets and reading 00 as +', async () => {
		const { sim } = context;
		await send({ to: '0044 (20) 7183-8750' });
		expect(onlyRequest(sim).body.ToPhoneNumber).toBe('+442071838750');
	});

	it('fails with the service\'s reason when the answer says Status "False"', async () => {
		const { sim } = context;
		sim.addFault({ path: SEND_PATH, twilioStatusFalse: 'Twilio is not connected for this chatbot' });
		const run = await send({});
		expectFailure(run, {
			message: 'HotTask: The SMS was not sent: Twilio is not connected for this chatbot [item 0]',
			description: ['Check the chatbot\'s Twilio integration in HotTask and the number.'],
		});
		expect(run.items).toEqual([]);
		expectNoSecrets(run);
	});

	it('keeps the secret key out of the error even when the Status "False" reason repeats it', async () => {
		const { sim } = context;
		sim.addFault({ path: SEND_PATH, twilioStatusFalse: `Key ${HOTTASK_KEY} has no Twilio line` });
		const run = await send({});
		expect(failureOf(run).message).toBe('HotTask: The SMS was not sent: Key *** has no Twilio line [item 0]');
		expectNoSecrets(run);
	});

	it('fails with HotTask\'s message when the envelope says Success: false', async () => {
		const run = await send({ chatbotId: 'not-a-bot' });
		expect(failureOf(run).message).toBe('HotTask: Chatbot not found [item 0]');
	});

	it('never sends an SMS twice: a server error is not retried', async () => {
		await expectServerErrorNotRetried(context.sim, SEND_PATH, 500, async () => await send({}));
	});

	it.each([
		['a number without country code', { to: '12345' }, 'Invalid To "12345"'],
		['a number with letters', { to: '+1 415 CALL NOW' }, 'Invalid To'],
		['an empty message', { message: '={{ "" }}' }, 'Message is required [item 0]'],
	])('refuses %s before anything reaches HotTask', async (_case, parameters, expected) => {
		expectRefusedBeforeSending(await send(parameters), context.sim, expect.stringContaining(expected));
	});
});

describe('HotTask Twilio → Message → Send on several items', () => {
	const items = [{ to: '+14155550123' }, { to: '12345' }, { to: '+442071838750' }];

	it('with Continue On Fail, sends the good items and puts an error item in place of the bad number', async () => {
		const { sim } = context;
		const run = await send({ to: '={{ $json.to }}' }, { items, continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json).toMatchObject({ sent: true, to: '+14155550123' });
		expect(run.items[1].json.error).toMatch(/^Invalid To "12345": it must start with \+ and the country code/);
		expect(run.items[1].json.errorDescription).toContain('No request was sent.');
		expect(run.items[2].json).toMatchObject({ sent: true, to: '+442071838750' });
		expect(sim.requests.map((request) => request.body.ToPhoneNumber)).toEqual(['+14155550123', '+442071838750']);
	});

	it('with Continue On Fail, an SMS the service refuses becomes an error item with its reason', async () => {
		const run = await send(
			{ chatbotId: '={{ $json.bot }}' },
			{ items: [{ bot: CHATBOT_ID }, { bot: 'retired-bot' }, { bot: CHATBOT_ID }], continueOnFail: true },
		);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items.map((item) => item.json.sent ?? item.json.error)).toEqual([
			true,
			'HotTask: Chatbot not found [item 1]',
			true,
		]);
		expectNoSecrets(run);
	});

	it('reads the credential once for all items, and sends each with its key', async () => {
		const { sim } = context;
		const phones = ['+14155550123', '+14155550124', '+14155550125', '+14155550126'];
		const run = await send({ to: '={{ $json.to }}' }, { items: phones.map((to) => ({ to })) });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(phones.length);
		expect(sim.requests.map((request) => [request.body.ToPhoneNumber, request.headers.authorization])).toEqual(
			phones.map((to) => [to, HOTTASK_KEY]),
		);
		expect(run.credentialReads).toBe(1);
	});

	it('without Continue On Fail, fails naming the item before sending any SMS', async () => {
		const run = await send({ to: '={{ $json.to }}' }, { items });
		expectRefusedBeforeSending(run, context.sim, /^Invalid To "12345": .* \[item 1\]$/);
	});
});

describe('HotTask Twilio → Message → Send: message length and segments', () => {
	it('reports GSM-7 and the segment count of a long plain message', async () => {
		const run = await send({ message: 'a'.repeat(161) });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ segments: 2, encoding: 'GSM-7', characters: 161 });
		expect(run.items[0].json).not.toHaveProperty('shortened');
	});

	it('reports UCS-2 when the message holds an emoji, counting it as two code units', async () => {
		const run = await send({ message: `Your table is ready 🙂${'!'.repeat(49)}` });
		expect(run.items[0].json).toMatchObject({ encoding: 'UCS-2', characters: 71, segments: 2 });
	});

	it('sends exactly 1,600 characters', async () => {
		const { sim } = context;
		const run = await send({ message: 'a'.repeat(1600) });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ segments: 11, characters: 1600 });
		expect(onlyRequest(sim).body.Message).toHaveLength(1600);
	});

	it('refuses 1,601 characters before anything is sent, naming the item and Twilio\'s error 21617', async () => {
		const run = await send({ message: 'a'.repeat(1601) });
		const message = 'The message of item 0 is 1601 characters; Twilio refuses more than 1600 (its error 21617) [item 0]';
		expectFailure(run, { message, description: ['Shorten to Fit', 'No request was sent.'] });
		expect(context.sim.requests).toEqual([]);
	});

	it('counts an emoji as two characters toward the 1,600 limit', async () => {
		expectRefusedBeforeSending(await send({ message: '🙂'.repeat(801) }), context.sim, /is 1602 characters/);
	});

	it('with Continue On Fail, a too-long message fails its own item and the others are sent', async () => {
		const { sim } = context;
		const run = await send(
			{ message: '={{ $json.text }}' },
			{ items: [{ text: 'short' }, { text: 'b'.repeat(2000) }, { text: 'also short' }], continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.sent ?? item.json.error)).toEqual([
			true,
			'The message of item 1 is 2000 characters; Twilio refuses more than 1600 (its error 21617) [item 1]',
			true,
		]);
		expect(sim.requests.map((request) => request.body.Message)).toEqual(['short', 'also short']);
	});

	it('with Shorten to Fit, cuts a long answer to 1,600 characters and says so', async () => {
		const { sim } = context;
		const run = await send({ message: 'word '.repeat(500), options: { shortenToFit: true } });
		expect(run.error).toBeUndefined();
		const sent = onlyRequest(sim).body.Message as unknown as string;
		expect(sent.length).toBeLessThanOrEqual(1600);
		expect(sent.endsWith('word...')).toBe(true);
		expect(run.items[0].json).toMatchObject({ shortened: true, originalCharacters: 2499, characters: sent.length, encoding: 'GSM-7' });
	});
});
