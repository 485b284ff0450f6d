import { failureOf, onlyRequest } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const getHistory = operationRunner(context, 'hotTaskChat', { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID });

async function askTwice(): Promise<void> {
	await runNode({
		node: 'hotTaskChat',
		parameters: { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: '={{ $json.q }}', stream: false },
		credentials: credentialsFor(context.sim),
		items: [{ q: 'Opening hours?' }, { q: 'Parking?' }],
	});
	context.sim.clearRequests();
}

describe('HotTask Chat → Message → Get History', () => {
	it('posts SerialNumber, StartTime and EndTime (capitalised, YYYY-MM-DD) and outputs one item per message', async () => {
		const { sim } = context;
		// Today and tomorrow (UTC), so a run that crosses midnight still finds the messages.
		const [from, to] = [dayOf(Date.now()), dayOf(Date.now() + 86400000)];
		await askTwice();
		const run = await getHistory({ startDate: from, endDate: to });
		expect(run.error).toBeUndefined();
		const request = onlyRequest(sim);
		expect([request.method, request.path]).toEqual(['POST', '/chat/Chatbot/ChatContentHistory']);
		expect(request.headers.authorization).toBe(HOTTASK_KEY);
		expect(request.body).toEqual({ SerialNumber: CHATBOT_ID, StartTime: from, EndTime: to });
		expect(run.items.map((item) => item.json.Question)).toEqual(['Opening hours?', 'Parking?']);
		expect(run.items[0].json).toMatchObject({ SessionID: 880001, QuestionID: 375560, AnswerID: 375561 });
		expect(run.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('turns date-times with an offset into the UTC day HotTask expects', async () => {
		const { sim } = context;
		await getHistory({ startDate: '2025-03-09T22:30:00.000-05:00', endDate: '2025-03-12T01:00:00.000+02:00' });
		expect(onlyRequest(sim).body).toEqual({ SerialNumber: CHATBOT_ID, StartTime: '2025-03-10', EndTime: '2025-03-11' });
	});

	it('outputs nothing for days without messages', async () => {
		await askTwice();
		const run = await getHistory({ startDate: '2020-01-01', endDate: '2020-01-31' });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});

	it.each([
		['an empty Start Date', { startDate: '={{ $json.nothing }}', endDate: '2025-03-10' }, 'Start Date is required [item 0]'],
		['an End Date before the Start Date', { startDate: '2025-03-10', endDate: '2025-03-01' }, 'Invalid End Date "2025-03-01": it is before the Start Date (2025-03-10)'],
		['a date that is not a date', { startDate: 'next tuesday', endDate: '2025-03-10' }, 'Invalid Start Date "next tuesday"'],
	])('refuses %s before sending anything', async (_case, dates, expected) => {
		const { sim } = context;
		const run = await getHistory(dates);
		expect(failureOf(run).message).toContain(expected);
		expect(sim.requests).toEqual([]);
	});
});
