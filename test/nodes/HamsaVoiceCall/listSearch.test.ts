/**
 * The Voice Agent, Twilio Phone Number and Tool dropdowns: the list searches run on
 * n8n-core's real LoadOptionsContext (test/harness/runListSearch.ts) against
 * the simulator, so the request carries the credential's real Authorization.
 */
import type { INodeListSearchResult } from 'n8n-workflow';
import { expectOnlyRequest } from '../../harness/expectations';
import { startJsonServer } from '../../harness/jsonServer';
import { WRONG_HAMSA_KEY } from '../../harness/knownSecrets';
import { runListSearch } from '../../harness/runListSearch';
import { credentialsFor, HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

/** PAGE_SIZE in nodes/HamsaVoiceCall/methods/listSearch.ts. */
const PAGE_SIZE = 50;
const context = useSimulator();

interface SimAgent {
	id: string;
	name: string;
	voice: { lang: string };
}

/** The simulator's agents as Hamsa lists them, read straight from its API. */
async function simulatorAgents(search?: string): Promise<SimAgent[]> {
	const url = new URL('/v2/voice-agents', context.sim.url);
	url.searchParams.set('take', '100');
	if (search) url.searchParams.set('search', search);
	const response = await fetch(url, { headers: { Authorization: `Token ${HAMSA_KEY}` } });
	const agents = ((await response.json()) as { data: { voiceAgents: SimAgent[] } }).data.voiceAgents;
	context.sim.clearRequests();
	return agents;
}

function search(method: 'searchVoiceAgents' | 'searchTwilioPhoneNumbers', filter?: string, paginationToken?: string) {
	return runListSearch({
		node: 'hamsaVoiceCall',
		method,
		filter,
		paginationToken,
		parameters: { resource: 'call', operation: 'start' },
		credentials: credentialsFor(context.sim),
		path: method === 'searchVoiceAgents' ? 'parameters.voiceAgentId' : 'parameters.twilioPhoneNumber',
	});
}

/** Follows the pagination tokens the way the editor does as the list is scrolled. */
async function allPages(method: 'searchVoiceAgents' | 'searchTwilioPhoneNumbers', filter?: string) {
	const pages: INodeListSearchResult[] = [];
	let token: string | undefined;
	do {
		const page = await search(method, filter, token);
		pages.push(page);
		token = page.paginationToken as string | undefined;
	} while (token !== undefined && pages.length < 20);
	return pages;
}

describe('Hamsa Voice Call → Voice Agent list (searchVoiceAgents)', () => {
	it('lists every agent as {name, value}, with its language, in Hamsa\'s order', async () => {
		const agents = await simulatorAgents();
		expect(agents.length).toBe(25);
		const result = await search('searchVoiceAgents');
		expect(result.results).toEqual(
			agents.map((agent) => ({ name: agent.name, value: agent.id, description: `Language: ${agent.voice.lang}` })),
		);
		expect(result.results[0]).toEqual({ name: 'Appointment Reminder', value: VOICE_AGENT_ID, description: 'Language: en' });
		expect(result.results.some((result) => result.description === 'Language: ar')).toBe(true);
	});

	it('asks Hamsa for one page from the start, with the credential\'s "Token <key>" header', async () => {
		await search('searchVoiceAgents');
		expectOnlyRequest(context.sim, { method: 'GET', path: '/v2/voice-agents', authorization: `Token ${HAMSA_KEY}`, query: { skip: '0', take: String(PAGE_SIZE) } });
	});

	it(`gives no pagination token: the simulator's 25 agents fit in one page of ${PAGE_SIZE}`, async () => {
		const result = await search('searchVoiceAgents');
		expect(result.results).toHaveLength(25);
		expect(result.paginationToken).toBeUndefined();
	});

	it('following the tokens sees every agent once', async () => {
		const agents = await simulatorAgents();
		const pages = await allPages('searchVoiceAgents');
		const values = pages.flatMap((page) => page.results.map((result) => result.value));
		expect(new Set(values).size).toBe(values.length);
		expect(values.sort()).toEqual(agents.map((agent) => agent.id).sort());
	});

	it('passes the search text to Hamsa and shows what Hamsa matched', async () => {
		const expected = await simulatorAgents('reminder');
		expect(expected.length).toBeGreaterThan(1);
		const result = await search('searchVoiceAgents', 'reminder');
		expect(context.sim.requests[0].query).toEqual({ skip: '0', take: String(PAGE_SIZE), search: 'reminder' });
		expect(result.results.map((result) => result.value)).toEqual(expected.map((agent) => agent.id));
		for (const agent of result.results) expect(agent.name.toLowerCase()).toContain('reminder');
		expect(result.paginationToken).toBeUndefined();
	});

	it('sends no search for an empty filter', async () => {
		await search('searchVoiceAgents', '');
		expect(context.sim.requests[0].query).not.toHaveProperty('search');
	});

	it('shows an empty list, without a token, when nothing matches', async () => {
		const result = await search('searchVoiceAgents', 'no agent is called this');
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	it('continues from the offset in the pagination token', async () => {
		const agents = await simulatorAgents();
		const result = await search('searchVoiceAgents', undefined, '20');
		expect(context.sim.requests[0].query).toMatchObject({ skip: '20' });
		expect(result.results.map((result) => result.value)).toEqual(agents.slice(20).map((agent) => agent.id));
		expect(result.paginationToken).toBeUndefined();
	});

	it('fails with Hamsa\'s reason, and without showing the key, when the key is rejected', async () => {
		const failure = runListSearch({
			node: 'hamsaVoiceCall',
			method: 'searchVoiceAgents',
			credentials: credentialsFor(context.sim, { hamsa: { apiKey: WRONG_HAMSA_KEY } }),
		});
		await expect(failure).rejects.toThrow(/Unauthorized/);
		const error = (await failure.catch((caught: Error) => caught)) as Error;
		expect(JSON.stringify({ message: error.message, description: (error as { description?: string }).description })).not.toContain(
			WRONG_HAMSA_KEY,
		);
		expect(context.sim.requests[0].headers.authorization).toBe(`Token ${WRONG_HAMSA_KEY}`);
	});

	describe('with more agents than one page (a stub Hamsa with 120 agents)', () => {
		const many = Array.from({ length: 120 }, (_, i) => ({ id: `agent-${String(i).padStart(3, '0')}`, name: `Agent ${i}` }));
		let server: { url: string; close(): Promise<void> };
		let baseUrl: string;
		const skips: string[] = [];

		beforeAll(async () => {
			server = await startJsonServer((url) => {
				const skip = Number(url.searchParams.get('skip') ?? 0);
				const take = Number(url.searchParams.get('take') ?? 10);
				skips.push(String(skip));
				const data = { total: many.length, filtered: many.length, voiceAgents: many.slice(skip, skip + take) };
				return { body: { success: false, message: 'success', data } };
			});
			baseUrl = server.url;
		});
		afterAll(async () => await server.close());

		it('moves the token through every page, each agent seen once, and stops after the last', async () => {
			const pages: INodeListSearchResult[] = [];
			let token: string | undefined;
			do {
				const page = await runListSearch({
					node: 'hamsaVoiceCall',
					method: 'searchVoiceAgents',
					paginationToken: token,
					credentials: { hamsaApi: { apiKey: HAMSA_KEY, region: 'custom', baseUrl } },
				});
				pages.push(page);
				token = page.paginationToken as string | undefined;
			} while (token !== undefined && pages.length < 10);
			expect(pages.map((page) => page.results.length)).toEqual([50, 50, 20]);
			expect(pages.map((page) => page.paginationToken)).toEqual(['50', '100', undefined]);
			expect(skips).toEqual(['0', '50', '100']);
			const values = pages.flatMap((page) => page.results.map((result) => result.value));
			expect(values).toEqual(many.map((agent) => agent.id));
		});
	});
});

describe('Hamsa Voice Call → Twilio Phone Number list (searchTwilioPhoneNumbers)', () => {
	const TWILIO = [
		{ name: '+14155550100 (Main US line)', value: '+14155550100' },
		{ name: '+14155550101 (Sales US line)', value: '+14155550101' },
		{ name: '+14155550102 (Support US line)', value: '+14155550102' },
		{ name: '+442071838750 (London office)', value: '+442071838750' },
	];

	it('lists only the Twilio numbers, labelled, as {name, value}', async () => {
		const result = await search('searchTwilioPhoneNumbers');
		expect(result.results).toEqual(TWILIO);
		expect(result.results.map((result) => result.value)).not.toContain('+97145550123');
		expect(result.paginationToken).toBeUndefined();
	});

	it('asks Hamsa for page 1 of Twilio numbers, with the credential\'s "Token <key>" header', async () => {
		await search('searchTwilioPhoneNumbers');
		const query = { skip: '1', take: String(PAGE_SIZE), provider: 'TWILIO' };
		expectOnlyRequest(context.sim, { method: 'GET', path: '/v1/voice-agents/phone-number/list', authorization: `Token ${HAMSA_KEY}`, query });
	});

	it.each([
		['digits as typed with spaces and a dash', '555 0101', ['+14155550101']],
		['a bracketed area code', '(415)', ['+14155550100', '+14155550101', '+14155550102']],
		['the country code with +', '+44', ['+442071838750']],
		['a word of the label, in any case', 'LONDON', ['+442071838750']],
		['nothing that matches', '999999', []],
	])('filters by %s', async (_label, filter, expected) => {
		const result = await search('searchTwilioPhoneNumbers', filter);
		expect(result.results.map((result) => result.value)).toEqual(expected);
	});

	it('following the tokens sees every Twilio number once', async () => {
		const pages = await allPages('searchTwilioPhoneNumbers');
		expect(pages).toHaveLength(1);
		expect(pages[0].results).toEqual(TWILIO);
	});

	it('reads the page number from the pagination token', async () => {
		const result = await search('searchTwilioPhoneNumbers', undefined, '2');
		expect(context.sim.requests[0].query).toMatchObject({ skip: '2' });
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});
});

describe('Hamsa Voice Call → Tool list (searchWebTools)', () => {
	function searchTools(filter?: string, paginationToken?: string) {
		return runListSearch({
			node: 'hamsaVoiceCall',
			method: 'searchWebTools',
			filter,
			paginationToken,
			parameters: { resource: 'tool', operation: 'get' },
			credentials: credentialsFor(context.sim),
			path: 'parameters.toolId',
		});
	}

	it('lists every tool as {name, value} with its type, and says which are inactive', async () => {
		const result = await searchTools();
		expect(result.results.map(({ name, description }) => ({ name, description }))).toEqual([
			{ name: 'Check Availability', description: 'FUNCTION' },
			{ name: 'Book Appointment', description: 'FUNCTION' },
			{ name: 'Look Up Order', description: 'FUNCTION' },
			{ name: 'Legacy CRM Sync', description: 'FUNCTION, inactive' },
			{ name: 'Docs Search', description: 'MCP' },
		]);
		expect(result.results.every((entry) => typeof entry.value === 'string' && entry.value !== '')).toBe(true);
		expect(result.paginationToken).toBeUndefined();
	});

	it('asks Hamsa for page 1 (skip is a page number here), with the credential\'s "Token <key>" header', async () => {
		await searchTools();
		expectOnlyRequest(context.sim, {
			method: 'GET',
			path: '/v2/voice-agents/web-tool/list',
			authorization: `Token ${HAMSA_KEY}`,
			query: { skip: '1', take: String(PAGE_SIZE) },
		});
	});

	it('passes the search text to Hamsa and shows what Hamsa matched', async () => {
		const result = await searchTools('book');
		expect(context.sim.requests[0].query).toEqual({ skip: '1', take: String(PAGE_SIZE), search: 'book' });
		expect(result.results.map((entry) => entry.name)).toEqual(['Book Appointment']);
	});

	it('reads the page number from the pagination token', async () => {
		const result = await searchTools(undefined, '2');
		expect(context.sim.requests[0].query).toMatchObject({ skip: '2' });
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});
});
