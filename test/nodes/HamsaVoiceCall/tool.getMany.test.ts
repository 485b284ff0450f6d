/**
 * Tool → Get Many: GET /v2/voice-agents/web-tool/list, where `skip` is a page
 * number from 1. Limit or Return All; Return All stops at the last page and
 * at a page that brings no tool not already read (a list that ignores `skip`;
 * an error when Hamsa counts more), and fails after MOST_PAGES pages.
 */
import { MOST_PAGES } from '../../../nodes/HamsaVoiceCall/actions/pages';
import { expectOneHamsaPage, failureOf } from '../../harness/expectations';
import { attachedToolIds, byId } from '../../harness/hamsaAgents';
import { startJsonServer } from '../../harness/jsonServer';
import { itReadsPages, operationRunner, queriesOf } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

// The 5 seeded tools plus 230: enough for three of the node's pages of 100.
const EXTRA_TOOLS = 230;
const ALL_TOOLS = 5 + EXTRA_TOOLS;
const context = useSimulator({ extraWebTools: EXTRA_TOOLS });

const getMany = operationRunner(context, 'hamsaVoiceCall', { resource: 'tool', operation: 'getMany' });

describe('Hamsa Voice Call → Tool → Get Many', () => {
	it('by default GETs page 1 of 50 tools and outputs one simplified item each', async () => {
		const run = await getMany();
		expectOneHamsaPage(run, context.sim, '/v2/voice-agents/web-tool/list', { skip: '1', take: '50' }, 50);
		expect(run.items[0].json).toEqual({
			toolId: attachedToolIds(context.sim, VOICE_AGENT_ID)[0],
			name: 'Check Availability',
			description: 'Check Availability: called by the voice agent during a call',
			type: 'FUNCTION',
			isActive: true,
			serverUrl: 'https://api.example.com/availability',
			methodType: 'GET',
			version: 1,
			updatedAt: expect.any(String),
		});
	});

	itReadsPages(context, getMany, 'toolId', [
		{ title: 'asks for exactly the Limit when it fits in one page', parameters: { limit: 7 }, pages: [{ skip: '1', take: '7' }], items: 7 },
		{ title: 'moves skip one page at a time (it is a page number) and cuts the last page to the Limit', parameters: { limit: 130 }, pages: [{ skip: '1', take: '100' }, { skip: '2', take: '100' }], items: 130 },
		{ title: 'with Return All, reads every page until the last and returns every tool once', parameters: { returnAll: true }, pages: [{ skip: '1', take: '100' }, { skip: '2', take: '100' }, { skip: '3', take: '100' }], items: ALL_TOOLS },
	]);

	it('passes the filters to Hamsa: the voice agent\'s tools only', async () => {
		const run = await getMany({ returnAll: true, filters: { voiceAgentId: byId(VOICE_AGENT_ID) } });
		expect(queriesOf(context.sim)).toEqual([{ skip: '1', take: '100', voiceAgentId: VOICE_AGENT_ID }]);
		expect(run.items.map((item) => item.json.name)).toEqual(['Check Availability', 'Book Appointment']);
	});

	it.each([
		{ filters: { type: 'MCP' }, query: { type: 'MCP' }, names: ['Docs Search'] },
		{ filters: { isActive: false }, query: { isActive: 'false' }, names: ['Legacy CRM Sync'] },
		{ filters: { search: ' look up ' }, query: { search: 'look up' }, names: ['Look Up Order'] },
	])('passes the filter $query to Hamsa and outputs what it matched', async ({ filters, query, names }) => {
		const run = await getMany({ returnAll: true, filters });
		expect(queriesOf(context.sim)).toEqual([{ skip: '1', take: '100', ...query }]);
		expect(run.items.map((item) => item.json.name)).toEqual(names);
	});

	it('with Simplify off, outputs each whole tool without its auth token', async () => {
		const run = await getMany({ limit: 3, simplify: false });
		expect(run.items[0].json).toMatchObject({ toolId: run.items[0].json.id, params: { type: 'object' }, toolSettings: { timeout: 10000 } });
		for (const item of run.items) expect(item.json.toolSettings).not.toHaveProperty('authToken');
	});

	it('outputs nothing, without failing, when no tool matches', async () => {
		const run = await getMany({ filters: { search: 'no such tool' } });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});

	describe('a list that does not page as documented', () => {
		/** A stub Hamsa whose tool list has no count: `repeat` answers the same page every time, `endless` a new one. */
		async function stubRun(mode: 'repeat' | 'endless') {
			let pagesServed = 0;
			const server = await startJsonServer((url) => {
				const take = Number(url.searchParams.get('take'));
				const first = mode === 'repeat' ? 0 : pagesServed * take;
				pagesServed += 1;
				const items = Array.from({ length: take }, (_, i) => ({ id: `tool-${first + i}`, name: `Tool ${first + i}`, type: 'FUNCTION' }));
				return { body: { success: false, message: 'success', data: { items } } };
			});
			try {
				const run = await runNode({
					node: 'hamsaVoiceCall',
					parameters: { resource: 'tool', operation: 'getMany', returnAll: true },
					credentials: { hamsaApi: { apiKey: HAMSA_KEY, region: 'custom', baseUrl: server.url } },
				});
				return { run, pagesServed };
			} finally {
				await server.close();
			}
		}

		it('stops, with every tool once, at a page that brings nothing new (a list without a count)', async () => {
			const { run, pagesServed } = await stubRun('repeat');
			expect(run.error).toBeUndefined();
			expect(pagesServed).toBe(2);
			expect(run.items).toHaveLength(100);
		});

		it('fails, saying how many could be read, when the repeated page comes from a list that counts more', async () => {
			context.sim.configure({ ignorePaging: 'repeat' });
			const failure = failureOf(await getMany({ returnAll: true }));
			expect(failure.message).toBe(`Hamsa: Page 2 of the tools brought only ones already read, although Hamsa counts ${ALL_TOOLS}; 100 could be read [item 0]`);
			expect(queriesOf(context.sim)).toEqual([{ skip: '1', take: '100' }, { skip: '2', take: '100' }]);
		});

		it(`stops after ${MOST_PAGES} pages, with an error, when the list never ends`, async () => {
			const { run, pagesServed } = await stubRun('endless');
			expect(failureOf(run).message).toBe(`Hamsa: Return All stopped after ${MOST_PAGES} pages (${MOST_PAGES * 100} tools): Hamsa kept sending pages [item 0]`);
			expect(pagesServed).toBe(MOST_PAGES);
		}, 60_000);
	});
});
