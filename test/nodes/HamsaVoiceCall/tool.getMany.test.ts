/**
 * Tool → Get Many: GET /v2/voice-agents/web-tool/list, where `skip` is a page
 * number from 1. Limit or Return All; Return All stops at the last page, at a
 * page that brings no tool not already read (a list that ignores `skip`), and
 * at 10,000 tools whatever Hamsa says.
 */
import { expectOneHamsaPage } from '../../harness/expectations';
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

	describe('a list that does not page as documented (a stub Hamsa)', () => {
		let server: { url: string; close(): Promise<void> };
		let mode: 'ignoresSkip' | 'endless' = 'ignoresSkip';
		let pagesServed = 0;

		beforeAll(async () => {
			server = await startJsonServer((url) => {
				const page = Number(url.searchParams.get('skip'));
				const take = Number(url.searchParams.get('take'));
				pagesServed += 1;
				// ignoresSkip: the same first page every time, and a total that promises more.
				const first = mode === 'ignoresSkip' ? 0 : (page - 1) * take;
				const items = Array.from({ length: take }, (_, i) => ({ id: `tool-${first + i}`, name: `Tool ${first + i}`, type: 'FUNCTION' }));
				return { body: { success: false, message: 'success', data: mode === 'ignoresSkip' ? { items, total: 1000, filtered: 1000 } : { items } } };
			});
		});
		afterAll(async () => await server.close());
		beforeEach(() => {
			pagesServed = 0;
		});

		const stubRun = () =>
			runNode({
				node: 'hamsaVoiceCall',
				parameters: { resource: 'tool', operation: 'getMany', returnAll: true },
				credentials: { hamsaApi: { apiKey: HAMSA_KEY, region: 'custom', baseUrl: server.url } },
			});

		it('stops, with every tool once, when a page brings nothing new', async () => {
			mode = 'ignoresSkip';
			const run = await stubRun();
			expect(run.error).toBeUndefined();
			expect(pagesServed).toBe(2);
			expect(run.items).toHaveLength(100);
		});

		it('stops at 10,000 tools when the list never ends', async () => {
			mode = 'endless';
			const run = await stubRun();
			expect(run.error).toBeUndefined();
			expect(pagesServed).toBe(100);
			expect(run.items).toHaveLength(10_000);
			expect(new Set(run.items.map((item) => item.json.toolId)).size).toBe(10_000);
		});
	});
});
