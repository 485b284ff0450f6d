import { operationRunner, queriesOf } from '../../harness/operations';
import { HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

// The 5 seeded numbers (4 Twilio, 1 SIP) plus 150 Twilio numbers: two of the node's pages of 100.
const EXTRA_NUMBERS = 150;
const context = useSimulator({ extraPhoneNumbers: EXTRA_NUMBERS });
const LIST_PATH = '/v1/voice-agents/phone-number/list';

const getMany = operationRunner(context, 'hamsaVoiceCall', { resource: 'phoneNumber', operation: 'getMany', simplify: false });


const pages = () => queriesOf(context.sim);

describe('Hamsa Voice Call → Phone Number → Get Many', () => {
	it('by default GETs page 1 of 50 numbers, any provider, with the number first in each item', async () => {
		const { sim } = context;
		const run = await getMany({});
		expect(run.error).toBeUndefined();
		expect(sim.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['GET', LIST_PATH, `Token ${HAMSA_KEY}`],
		]);
		expect(pages()).toEqual([{ skip: '1', take: '50' }]);
		expect(run.items).toHaveLength(50);
		expect(run.items[0].json).toMatchObject({ phoneNumber: TWILIO_NUMBER, number: TWILIO_NUMBER, type: 'TWILIO' });
		expect(Object.keys(run.items[0].json)[0]).toBe('phoneNumber');
	});

	it('reads Hamsa\'s skip as a page number: pages 1, 2 with the same take, the last cut to the Limit', async () => {
		const run = await getMany({ limit: 120 });
		expect(pages()).toEqual([
			{ skip: '1', take: '100' },
			{ skip: '2', take: '100' },
		]);
		expect(run.items).toHaveLength(120);
		expect(new Set(run.items.map((item) => item.json.phoneNumber)).size).toBe(120);
	});

	it('with Return All, stops after the first short page and returns every number once', async () => {
		const run = await getMany({ returnAll: true });
		expect(pages()).toEqual([
			{ skip: '1', take: '100' },
			{ skip: '2', take: '100' },
		]);
		expect(run.items).toHaveLength(5 + EXTRA_NUMBERS);
	});

	it('filters by provider and voice agent, as Hamsa does', async () => {
		const sip = await getMany({ returnAll: true, filters: { provider: 'SIP' } });
		expect(sip.items.map((item) => [item.json.phoneNumber, item.json.type])).toEqual([['+97145550123', 'SIP']]);
		context.sim.clearRequests();
		const agents = await getMany({ returnAll: true, filters: { provider: 'TWILIO', voiceAgentId: { mode: 'id', value: VOICE_AGENT_ID } } });
		expect(pages()).toEqual([{ skip: '1', take: '100', provider: 'TWILIO', voiceAgentId: VOICE_AGENT_ID }]);
		expect(agents.items.map((item) => item.json.phoneNumber)).toEqual([TWILIO_NUMBER]);
	});
});
