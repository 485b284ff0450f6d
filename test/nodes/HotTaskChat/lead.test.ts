import { expectNoSecrets, expectOnlyRequest, expectRefusedBeforeSending, failureOf, onlyRequest } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { CHATBOT_ID, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

// Leads are seeded 1, 3 and 10 days before this instant: 2025-03-14, 03-12 and 03-05.
const context = useSimulator({ seedNow: Date.parse('2025-03-15T12:00:00Z') });

const getLeads = operationRunner(context, 'hotTaskChat', { resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID });

describe('HotTask Chat → Lead → Get Many', () => {
	it('posts only the serialNumber when no filter is set and outputs one item per lead', async () => {
		const { sim } = context;
		const run = await getLeads({});
		expect(run.error).toBeUndefined();
		expectOnlyRequest(sim, { method: 'POST', path: '/chat/Chatbot/LeadList', authorization: HOTTASK_KEY, body: { serialNumber: CHATBOT_ID } });
		expect(run.items.map((item) => item.json.Name)).toEqual(['Jane Cooper', 'Omar Haddad', 'Lena Fischer']);
		expect(run.items[0].json).toEqual({
			Name: 'Jane Cooper',
			Email: 'jane.cooper@example.com',
			Phone: '+14155550123',
			SessionID: 870001,
			CreateTime: '2025-03-14T12:00:00.000Z',
		});
	});

	it('sends the date range as startTime/endTime days and the session as a number', async () => {
		const { sim } = context;
		const run = await getLeads({ filters: { startDate: '2025-03-10', endDate: '2025-03-14T18:00:00Z', sessionId: '870002' } });
		expect(onlyRequest(sim).body).toEqual({
			serialNumber: CHATBOT_ID,
			startTime: '2025-03-10',
			endTime: '2025-03-14',
			sessionID: 870002,
		});
		expect(run.items.map((item) => item.json.Name)).toEqual(['Omar Haddad']);
	});

	it('filters by date range alone', async () => {
		const run = await getLeads({ filters: { startDate: '2025-03-10', endDate: '2025-03-14' } });
		expect(run.items.map((item) => item.json.Name)).toEqual(['Jane Cooper', 'Omar Haddad']);
	});

	it('outputs the leads of each input item, paired with it', async () => {
		const run = await getLeads({ filters: { sessionId: '={{ $json.session }}' } }, { items: [{ session: 870001 }, { session: 870003 }] });
		expect(run.items.map((item) => [item.json.Name, item.pairedItem])).toEqual([
			['Jane Cooper', { item: 0 }],
			['Lena Fischer', { item: 1 }],
		]);
	});

	it('fails with HotTask\'s message for an unknown chatbot', async () => {
		const run = await getLeads({ chatbotId: 'unknown-bot' });
		expect(failureOf(run).message).toBe('HotTask: Chatbot not found [item 0]');
		expectNoSecrets(run);
	});

	it('refuses a Session ID filter that is not a number before sending anything', async () => {
		const run = await getLeads({ filters: { sessionId: 'S-12' } });
		expectRefusedBeforeSending(run, context.sim, expect.stringContaining('Invalid Session ID "S-12"'));
	});
});
