import { expectOneHamsaPage } from '../../harness/expectations';
import { itReadsPages, operationRunner, queriesOf } from '../../harness/operations';
import { TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

// The 5 seeded numbers (4 Twilio, 1 SIP) plus 150 Twilio numbers: two of the node's pages of 100.
const EXTRA_NUMBERS = 150;
const context = useSimulator({ extraPhoneNumbers: EXTRA_NUMBERS });

const getMany = operationRunner(context, 'hamsaVoiceCall', { resource: 'phoneNumber', operation: 'getMany', simplify: false });

describe('Hamsa Voice Call → Phone Number → Get Many', () => {
	it('by default GETs page 1 of 50 numbers, any provider, with the number first in each item', async () => {
		const run = await getMany({});
		expectOneHamsaPage(run, context.sim, '/v1/voice-agents/phone-number/list', { skip: '1', take: '50' }, 50);
		expect(run.items[0].json).toMatchObject({ phoneNumber: TWILIO_NUMBER, number: TWILIO_NUMBER, type: 'TWILIO' });
		expect(Object.keys(run.items[0].json)[0]).toBe('phoneNumber');
	});

	itReadsPages(context, getMany, 'phoneNumber', [
		{ title: 'reads Hamsa\'s skip as a page number: pages 1, 2 with the same take, the last cut to the Limit', parameters: { limit: 120 }, pages: [{ skip: '1', take: '100' }, { skip: '2', take: '100' }], items: 120 },
		{ title: 'with Return All, stops after the first short page and returns every number once', parameters: { returnAll: true }, pages: [{ skip: '1', take: '100' }, { skip: '2', take: '100' }], items: 5 + EXTRA_NUMBERS },
	]);

	it('filters by provider and voice agent, as Hamsa does', async () => {
		const sip = await getMany({ returnAll: true, filters: { provider: 'SIP' } });
		expect(sip.items.map((item) => [item.json.phoneNumber, item.json.type])).toEqual([['+97145550123', 'SIP']]);
		context.sim.clearRequests();
		const agents = await getMany({ returnAll: true, filters: { provider: 'TWILIO', voiceAgentId: { mode: 'id', value: VOICE_AGENT_ID } } });
		expect(queriesOf(context.sim)).toEqual([{ skip: '1', take: '100', provider: 'TWILIO', voiceAgentId: VOICE_AGENT_ID }]);
		expect(agents.items.map((item) => item.json.phoneNumber)).toEqual([TWILIO_NUMBER]);
	});
});
