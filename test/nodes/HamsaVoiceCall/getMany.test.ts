import { expectOneHamsaPage, failureOf, onlyRequest } from '../../harness/expectations';
import { itReadsPages, operationRunner } from '../../harness/operations';
import { useSimulator, VOICE_AGENT_ID, type Simulator } from '../../harness/simulator';

// 250 seeded calls, newest first, one every ~4 hours going back ~42 days from this instant.
const SEED_NOW = Date.parse('2025-06-01T12:00:00Z');
const context = useSimulator({ seedNow: SEED_NOW });
const LIST_PATH = '/v1/voice-agents/conversations/minimal-list';

const getMany = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'getMany', simplify: false });

/** The page and page size each request asked for. */
const pagesOf = (sim: Simulator) => sim.requests.map((request) => ({ page: request.query.page, perPage: request.query.perPage }));

describe('Hamsa Voice Call → Call → Get Many', () => {
	it('by default GETs one page of 50 and outputs one item per call, newest first', async () => {
		const run = await getMany({});
		expectOneHamsaPage(run, context.sim, LIST_PATH, { page: '1', perPage: '50' }, 50);
		const first = run.items[0].json;
		expect(first.callId).toBe(first.id);
		expect(Object.keys(first)).toEqual(expect.arrayContaining(['status', 'voiceAgentId', 'agentName', 'createdAt', 'duration']));
		const times = run.items.map((item) => Date.parse(item.json.createdAt as string));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(run.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	itReadsPages(context, getMany, 'callId', [
		{ title: 'asks for exactly the Limit when it fits in one page', parameters: { limit: 7 }, pages: [{ page: '1', perPage: '7' }], items: 7 },
		{ title: 'pages of 200 until the Limit is reached, cutting the last page', parameters: { limit: 220 }, pages: [{ page: '1', perPage: '200' }, { page: '2', perPage: '200' }], items: 220 },
		{ title: 'with Return All, pages of 200 until a short page and returns every call once', parameters: { returnAll: true }, pages: [{ page: '1', perPage: '200' }, { page: '2', perPage: '200' }], items: 250 },
	], pagesOf);

	it('sends several statuses as status[] and outputs only calls in those states', async () => {
		const { sim } = context;
		const run = await getMany({ returnAll: true, filters: { status: ['COMPLETED', 'NO_ANSWER'] } });
		expect(sim.requests[0].query['status[]']).toEqual(['COMPLETED', 'NO_ANSWER']);
		expect(run.items.length).toBeGreaterThan(0);
		expect(new Set(run.items.map((item) => item.json.status))).toEqual(new Set(['COMPLETED', 'NO_ANSWER']));
	});

	it.each([
		['chosen by ID', { __rl: true, mode: 'id', value: VOICE_AGENT_ID }],
		['given as a plain string', VOICE_AGENT_ID],
	])('filters by the voice agent %s', async (_case, voiceAgentId) => {
		const { sim } = context;
		const run = await getMany({ returnAll: true, filters: { voiceAgentId } });
		expect(sim.requests[0].query.voiceAgentId).toBe(VOICE_AGENT_ID);
		expect(run.items.length).toBeGreaterThan(0);
		expect(run.items.every((item) => item.json.voiceAgentId === VOICE_AGENT_ID)).toBe(true);
	});

	it('sends the time range as epoch milliseconds and outputs only calls inside it', async () => {
		const { sim } = context;
		const startTime = '2025-05-25T00:00:00.000Z';
		const endTime = '2025-05-28T00:00:00.000Z';
		const run = await getMany({ returnAll: true, filters: { startTime, endTime } });
		expect(sim.requests[0].query).toMatchObject({ startTime: String(Date.parse(startTime)), endTime: String(Date.parse(endTime)) });
		// ~6 calls a day over 3 days.
		expect(run.items.length).toBeGreaterThan(12);
		expect(run.items.length).toBeLessThan(24);
		for (const item of run.items) {
			const at = Date.parse(item.json.createdAt as string);
			expect(at).toBeGreaterThanOrEqual(Date.parse(startTime));
			expect(at).toBeLessThanOrEqual(Date.parse(endTime));
		}
	});

	it('combines all filters in one request', async () => {
		const { sim } = context;
		await getMany({
			limit: 5,
			filters: {
				voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID },
				status: ['COMPLETED'],
				startTime: '2025-05-01T00:00:00Z',
				endTime: '2025-06-01T00:00:00Z',
			},
		});
		expect(onlyRequest(sim).query).toEqual({
			voiceAgentId: VOICE_AGENT_ID,
			'status[]': ['COMPLETED'],
			startTime: String(Date.parse('2025-05-01T00:00:00Z')),
			endTime: String(Date.parse('2025-06-01T00:00:00Z')),
			page: '1',
			perPage: '5',
		});
	});

	it('outputs nothing when no call matches', async () => {
		const run = await getMany({ returnAll: true, filters: { startTime: '2020-01-01T00:00:00Z', endTime: '2020-01-02T00:00:00Z' } });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
		expect(context.sim.requests).toHaveLength(1);
	});

	it('refuses an End Time before the Start Time before sending anything', async () => {
		const { sim } = context;
		const run = await getMany({ filters: { startTime: '2025-05-28T00:00:00Z', endTime: '2025-05-25T00:00:00Z' } });
		expect(failureOf(run).message).toContain('Invalid End Time "2025-05-25T00:00:00Z": it is before the Start Time');
		expect(sim.requests).toEqual([]);
	});

	it('names Hamsa\'s message and code when it rejects a filter', async () => {
		const { sim } = context;
		sim.addFault({ path: LIST_PATH, status: 400, body: { success: false, message: 'perPage must be <= 200', messageKey: 'VALIDATION_ERROR' } });
		const run = await getMany({ options: { maxRetries: 0 } });
		expect(failureOf(run).message).toBe('Hamsa: perPage must be <= 200 [item 0]');
		expect(failureOf(run).description).toContain('HTTP 400, Hamsa code VALIDATION_ERROR.');
	});
});
