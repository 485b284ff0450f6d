import { expectOneHamsaPage, failureOf } from '../../harness/expectations';
import { itReadsPages, operationRunner, queriesOf } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

// The 25 seeded agents plus 230: enough for three of the node's pages of 100.
const EXTRA_AGENTS = 230;
const ALL_AGENTS = 25 + EXTRA_AGENTS;
const context = useSimulator({ extraVoiceAgents: EXTRA_AGENTS });

const getMany = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'getMany', simplify: false });

describe('Hamsa Voice Call → Voice Agent → Get Many', () => {
	it('by default GETs the first 50 agents and outputs one item each, with its id and name first', async () => {
		const run = await getMany({});
		expectOneHamsaPage(run, context.sim, '/v2/voice-agents', { skip: '0', take: '50' }, 50);
		const first = run.items[0].json;
		expect(first).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, id: VOICE_AGENT_ID, name: 'Appointment Reminder' });
		expect(Object.keys(first).slice(0, 2)).toEqual(['voiceAgentId', 'name']);
		expect(first.voice).toMatchObject({ lang: 'en' });
		expect(run.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	itReadsPages(context, getMany, 'voiceAgentId', [
		{ title: 'asks for exactly the Limit when it fits in one page', parameters: { limit: 7 }, pages: [{ skip: '0', take: '7' }], items: 7 },
		{ title: 'moves skip by the agents already read (it counts agents, not pages) and cuts the last page to the Limit', parameters: { limit: 130 }, pages: [{ skip: '0', take: '100' }, { skip: '100', take: '30' }], items: 130 },
		{ title: 'with Return All, reads every page until Hamsa\'s total and returns every agent once', parameters: { returnAll: true }, pages: [{ skip: '0', take: '100' }, { skip: '100', take: '100' }, { skip: '200', take: '100' }], items: ALL_AGENTS },
	]);

	it('passes the Search filter to Hamsa and outputs only what it matched', async () => {
		const run = await getMany({ returnAll: true, filters: { search: '  outreach agent 01 ' } });
		expect(queriesOf(context.sim)).toEqual([{ skip: '0', take: '100', search: 'outreach agent 01' }]);
		expect(run.items.map((item) => item.json.name)).toEqual(
			Array.from({ length: 10 }, (_, i) => `Outreach Agent 01${i}`),
		);
	});

	it('outputs nothing, without failing, when no agent matches', async () => {
		const run = await getMany({ filters: { search: 'no such agent' } });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});

	it.each([0, -3, 2.5])('fails naming the Limit and the item, before any request, when the Limit is %p', async (limit) => {
		const run = await getMany({ limit: `={{ ${limit} }}` });
		expect(failureOf(run).message).toBe(`Invalid Limit ${JSON.stringify(limit)}: it must be a whole number of 1 or more [item 0]`);
		expect(context.sim.requests).toEqual([]);
	});

	it('fails naming the Limit, before any request, when the Limit is not a number', async () => {
		const run = await getMany({ limit: '={{ "many" }}' });
		expect(failureOf(run).message).toMatch(/Limit/);
		expect(context.sim.requests).toEqual([]);
	});

	it('fails with Hamsa\'s reason when the key is rejected', async () => {
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: { resource: 'voiceAgent', operation: 'getMany' },
			credentials: credentialsFor(context.sim, { hamsa: { apiKey: 'hamsa-not-the-key' } }),
		});
		expect(failureOf(run).message).toMatch(/^Hamsa: .* \[item 0\]$/);
		expect(failureOf(run).description).toMatch(/^HTTP 401, .*Check the API Key and the Region in the Hamsa API credential/);
	});
});
