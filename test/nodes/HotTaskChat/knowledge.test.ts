/**
 * HotTask Chat → Knowledge. HotTask does not say whether EditKnowledge's lists
 * replace the chatbot's lists or are added to them, so every write runs
 * against both readings (the simulator's `editKnowledge` 'replace' and 'add'),
 * and after each one the simulator's stored knowledge is checked: no source
 * the user did not remove is ever lost.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { knowledgeFileProblem } from '../../../nodes/HotTaskChat/actions/knowledge/add.operation';
import { expectNoSecrets, expectRefusedBeforeSending, failureOf } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { CHATBOT_ID, useSimulator, type Simulator } from '../../harness/simulator';

const context = useSimulator();

const GET_SOURCE = '/chat/Chatbot/GetSource';
const EDIT = '/chat/Chatbot/EditKnowledge';
const SECOND_CHATBOT_ID = '3254a9d0424c4806b9ea3d0763ccf002';

interface StoredKnowledge {
	text: string[];
	qa: Array<{ key: string; value: string }>;
	websites: Array<{ url: string; retrain: boolean; trainedAt: number }>;
	files: string[];
	googleSheetUrl: string;
	sitemap: { url: string; enabled: boolean; days: number };
}

/** What the simulator holds for a chatbot (read behind the node's back). */
function stored(sim: Simulator, chatbotId = CHATBOT_ID): StoredKnowledge {
	const bots = (sim as unknown as { hottask: { chatbots: Map<string, { knowledge: StoredKnowledge }> } }).hottask.chatbots;
	return JSON.parse(JSON.stringify(bots.get(chatbotId)?.knowledge)) as StoredKnowledge;
}

/** The default chatbot's knowledge at the start (test/simulator/knowledge.js). */
const SEEDED: StoredKnowledge = {
	text: ['HotTask Demo Bakery bakes bread, cakes and pastries every morning.'],
	qa: [
		{ key: 'Do you deliver on Sundays?', value: 'Yes, between 9:00 and 13:00.' },
		{ key: 'Is there parking?', value: 'Yes, behind the shop.' },
	],
	websites: [{ url: 'https://bakery.example.com/about', retrain: false, trainedAt: 0 }],
	files: ['1030'],
	googleSheetUrl: '',
	sitemap: { url: '', enabled: false, days: 0 },
};

const knowledge = operationRunner(context, 'hotTaskChat', { resource: 'knowledge', chatbotId: CHATBOT_ID });
const chat = operationRunner(context, 'hotTaskChat', {});

function paths(sim: Simulator): string[] {
	return sim.requests.map((request) => `${request.method} ${request.path}`);
}

function editBodies(sim: Simulator): IDataObject[] {
	return sim.requests.filter((request) => request.path === EDIT).map((request) => request.body as unknown as IDataObject);
}

function binary(data: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: data.toString('base64'), mimeType, fileName };
}

const FAQ_ROWS = [
	{ question: 'When do you open?', answer: 'Every day at 7:00.' },
	{ question: 'Do you bake gluten-free bread?', answer: 'Yes, on Fridays.' },
	{ question: 'Can I order a birthday cake?', answer: 'Yes, two days ahead.' },
];

describe('HotTask Chat → Knowledge → Get', () => {
	it('outputs one item per source of the chatbot, each paired with its item', async () => {
		const run = await knowledge({ operation: 'get' });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([
			{ chatbotId: CHATBOT_ID, type: 'text', text: SEEDED.text[0] },
			{ chatbotId: CHATBOT_ID, type: 'qa', question: 'Do you deliver on Sundays?', answer: 'Yes, between 9:00 and 13:00.' },
			{ chatbotId: CHATBOT_ID, type: 'qa', question: 'Is there parking?', answer: 'Yes, behind the shop.' },
			{ chatbotId: CHATBOT_ID, type: 'website', url: 'https://bakery.example.com/about', details: { Status: 'Trained' } },
			{ chatbotId: CHATBOT_ID, type: 'file', fileId: '1030', fileName: 'price-list.pdf' },
		]);
		expect(run.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		expect(context.sim.requests.map((request) => [request.path, request.body])).toEqual([[GET_SOURCE, { serialNumber: CHATBOT_ID }]]);
	});

	it('a chatbot without sources gives no items and no error; a sitemap and a sheet are one item each', async () => {
		expect((await knowledge({ operation: 'get', chatbotId: SECOND_CHATBOT_ID })).items).toEqual([]);
		await knowledge({ operation: 'syncSitemap', chatbotId: SECOND_CHATBOT_ID, sitemapUrl: 'https://shop.example.com/sitemap.xml', frequency: 'daily' });
		await knowledge({ operation: 'syncGoogleSheet', chatbotId: SECOND_CHATBOT_ID, sheetUrl: 'https://docs.google.com/spreadsheets/d/abc/edit' });
		const run = await knowledge({ operation: 'get', chatbotId: SECOND_CHATBOT_ID });
		expect(run.items.map((item) => item.json)).toEqual([
			{ chatbotId: SECOND_CHATBOT_ID, type: 'googleSheet', url: 'https://docs.google.com/spreadsheets/d/abc/edit' },
			{ chatbotId: SECOND_CHATBOT_ID, type: 'sitemap', url: 'https://shop.example.com/sitemap.xml', sync: true, syncEveryDays: 1 },
		]);
	});

	it('fails with HotTask\'s message for an unknown chatbot, and refuses an empty Chatbot ID before sending', async () => {
		expect(failureOf(await knowledge({ operation: 'get', chatbotId: 'no-such-bot' })).message).toBe('HotTask: Chatbot not found [item 0]');
		context.sim.clearRequests();
		expectRefusedBeforeSending(await knowledge({ operation: 'get', chatbotId: ' ' }), context.sim, 'Chatbot ID is required [item 0]');
	});
});

describe('HotTask Chat → Knowledge → Get reads shapes of GetSource the docs do not rule out', () => {
	function answer(Data: unknown) {
		context.sim.addFault({ path: GET_SOURCE, status: 200, body: { Data, Version: '1.0.0', Success: true, Code: 200, Message: '' } });
	}
	const get = async () =>
		(await knowledge({ operation: 'get' })).items.map((item) => Object.fromEntries(Object.entries(item.json).filter(([key]) => key !== 'chatbotId')));

	it.each([
		[
			'lower-case keys and {question, answer} pairs',
			{ text: 'About us', qaList: [{ question: 'Q1', answer: 'A1' }], websiteList: ['https://a.example.com'], fileList: ['7', 8] },
			[{ type: 'text', text: 'About us' }, { type: 'qa', question: 'Q1', answer: 'A1' }, { type: 'website', url: 'https://a.example.com' }, { type: 'file', fileId: '7' }, { type: 'file', fileId: '8' }],
		],
		[
			'synonyms (faqs, urls, documents) wrapped in one more object',
			{ Source: { Faqs: [{ Q: 'Q1', A: 'A1' }], Urls: [{ Link: 'https://b.example.com' }], Documents: [{ FileId: 9, Name: 'menu.pdf' }] } },
			[{ type: 'qa', question: 'Q1', answer: 'A1' }, { type: 'website', url: 'https://b.example.com' }, { type: 'file', fileId: '9', fileName: 'menu.pdf' }],
		],
		[
			'one flat list of typed sources',
			[
				{ Type: 'QA', Key: 'Q1', Value: 'A1' },
				{ Type: 'Website', Url: 'https://c.example.com' },
				{ Type: 'File', FileStoreId: '10', FileName: 'a.pdf' },
				{ Type: 'Sitemap', Url: 'https://c.example.com/sitemap.xml' },
				{ Type: 'GoogleSheet', Url: 'https://docs.google.com/spreadsheets/d/x' },
				{ Type: 'Text', Content: 'Hello' },
			],
			[
				{ type: 'text', text: 'Hello' },
				{ type: 'qa', question: 'Q1', answer: 'A1' },
				{ type: 'website', url: 'https://c.example.com' },
				{ type: 'file', fileId: '10', fileName: 'a.pdf' },
				{ type: 'googleSheet', url: 'https://docs.google.com/spreadsheets/d/x' },
				{ type: 'sitemap', url: 'https://c.example.com/sitemap.xml' },
			],
		],
		[
			'an untyped flat list, recognised by its fields',
			[{ question: 'Q1', answer: 'A1' }, { url: 'https://d.example.com' }, 'https://e.example.com'],
			[{ type: 'qa', question: 'Q1', answer: 'A1' }, { type: 'website', url: 'https://d.example.com' }, { type: 'website', url: 'https://e.example.com' }],
		],
		[
			'unknown lists and entries are output as "other", plain values (ids, dates) are ignored',
			{ Id: 5, CreateTime: '2026-01-01', Mystery: [{ x: 1 }], QaList: [{ Key: 'Q1', Value: 'A1' }, { Nope: true }] },
			[{ type: 'qa', question: 'Q1', answer: 'A1' }, { type: 'other', foundAt: 'Data.QaList[1]', value: { Nope: true } }, { type: 'other', foundAt: 'Data.Mystery[0]', value: { x: 1 } }],
		],
		['Data null', null, []],
		['Data an empty object', {}, []],
		['Data a bare string', 'unexpected', [{ type: 'other', foundAt: 'Data', value: 'unexpected' }]],
	])('%s', async (_title, data, expected) => {
		answer(data);
		expect(await get()).toEqual(expected);
	});

	it('Include Raw Response adds HotTask\'s answer as one more item', async () => {
		const run = await knowledge({ operation: 'get', chatbotId: SECOND_CHATBOT_ID, options: { includeRawResponse: true } });
		expect(run.items.map((item) => item.json)).toEqual([
			{ chatbotId: SECOND_CHATBOT_ID, type: 'raw', raw: expect.objectContaining({ QaList: [], WebsiteList: [], FileList: [] }) },
		]);
	});
});

describe.each(['replace', 'add'] as const)('HotTask Chat → Knowledge writes when EditKnowledge %ss lists', (mode) => {
	beforeEach(() => context.sim.configure({ editKnowledge: mode }));

	describe('Add', () => {
		it('Q&A pairs from all input items: one read, ONE write, one check; every source kept; paired with every item', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items: FAQ_ROWS });
			expect(run.error).toBeUndefined();
			expect(paths(sim)).toEqual([`POST ${GET_SOURCE}`, `POST ${EDIT}`, `POST ${GET_SOURCE}`]);
			expect(editBodies(sim)).toEqual([
				{
					serialNumber: CHATBOT_ID,
					qaList: [...SEEDED.qa, ...FAQ_ROWS.map(({ question, answer }) => ({ key: question, value: answer }))],
				},
			]);
			expect(run.items).toHaveLength(1);
			expect(run.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(run.items[0].json).toMatchObject({
				chatbotId: CHATBOT_ID,
				added: { qaPairs: FAQ_ROWS },
				sourcesBefore: { qaPairs: 2, websites: 1, files: 1, texts: 1 },
				sourcesAfter: { qaPairs: 5, websites: 1, files: 1, texts: 1 },
			});
			expect(stored(sim)).toEqual({ ...SEEDED, qa: [...SEEDED.qa, ...FAQ_ROWS.map(({ question, answer }) => ({ key: question, value: answer }))] });
		});

		it('then Ask answers from the new pair, not streamed and streamed', async () => {
			await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items: FAQ_ROWS });
			const plain = await chat({ resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'When do you open?', stream: false });
			expect(plain.items[0].json.answer).toBe('Every day at 7:00.');
			const streamed = await chat({ resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'when do you open', stream: true });
			expect(streamed.items[0].json.answer).toBe('Every day at 7:00.');
		});

		it('a question the chatbot already has gets the new answer, without a second pair', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'fields', qaPairs: { pair: [{ question: 'is there parking', answer: 'Yes, 20 places.' }] } });
			expect(run.error).toBeUndefined();
			expect(stored(sim).qa).toEqual([SEEDED.qa[0], { key: 'is there parking', value: 'Yes, 20 places.' }]);
			expect(stored(sim)).toMatchObject({ text: SEEDED.text, websites: SEEDED.websites, files: SEEDED.files });
		});

		it('text: added to the text the chatbot has', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'add', knowledgeType: 'text', text: 'We close on public holidays.' });
			expect(run.error).toBeUndefined();
			expect(editBodies(sim)).toEqual([{ serialNumber: CHATBOT_ID, text: 'We close on public holidays.' }]);
			expect(stored(sim)).toEqual({ ...SEEDED, text: [...SEEDED.text, 'We close on public holidays.'] });
		});

		it('a website with Retrain: the current websites are sent back (not retrained) with the new one', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'add', knowledgeType: 'website', url: 'https://bakery.example.com/products/rye', retrain: true });
			expect(run.error).toBeUndefined();
			expect(editBodies(sim)).toEqual([
				{
					serialNumber: CHATBOT_ID,
					websiteList: [
						{ url: 'https://bakery.example.com/about', retrain: false },
						{ url: 'https://bakery.example.com/products/rye', retrain: true },
					],
				},
			]);
			expect(stored(sim).websites.map((site) => site.url)).toEqual(['https://bakery.example.com/about', 'https://bakery.example.com/products/rye']);
			expect(stored(sim)).toMatchObject({ text: SEEDED.text, qa: SEEDED.qa, files: SEEDED.files });
		});

		it('a website the chatbot already has, with Retrain, is read again and not listed twice', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'add', knowledgeType: 'website', url: 'https://BAKERY.example.com/about', retrain: true });
			expect(run.error).toBeUndefined();
			expect(editBodies(sim)[0].websiteList).toEqual([{ url: 'https://bakery.example.com/about', retrain: true }]);
			expect(stored(sim).websites).toEqual([{ url: 'https://bakery.example.com/about', retrain: true, trainedAt: expect.any(Number) }]);
			expect(stored(sim).websites[0].trainedAt).toBeGreaterThan(0);
		});

		it('files from binary properties: uploaded first, then added to the current files', async () => {
			const { sim } = context;
			const run = await knowledge(
				{ operation: 'add', knowledgeType: 'file', binaryPropertyName: 'data, menu' },
				{ binary: [{ data: binary(Buffer.from('%PDF-1.7 opening hours'), 'application/pdf', 'hours.pdf'), menu: binary(Buffer.from('Menu'), 'text/plain', 'menu.txt') }] },
			);
			expect(run.error).toBeUndefined();
			expect(paths(sim)).toEqual([
				`POST ${GET_SOURCE}`,
				'POST /chat/User/GetPreUploadUrl',
				'PUT /__storage/34317/hours.pdf',
				'POST /chat/User/GetPreUploadUrl',
				'PUT /__storage/34318/menu.txt',
				`POST ${EDIT}`,
				`POST ${GET_SOURCE}`,
			]);
			expect(editBodies(sim)).toEqual([{ serialNumber: CHATBOT_ID, fileList: ['1030', '34317', '34318'] }]);
			expect(run.items[0].json.added).toEqual({
				files: [
					{ binaryProperty: 'data', fileName: 'hours.pdf', mimeType: 'application/pdf', bytes: 22, fileId: '34317' },
					{ binaryProperty: 'menu', fileName: 'menu.txt', mimeType: 'text/plain', bytes: 4, fileId: '34318' },
				],
			});
			expect(stored(sim)).toEqual({ ...SEEDED, files: ['1030', '34317', '34318'] });
		});

		it('items for two chatbots: one write per chatbot, each output item paired with its items', async () => {
			const { sim } = context;
			const items = [
				{ bot: CHATBOT_ID, question: 'Q1', answer: 'A1' },
				{ bot: SECOND_CHATBOT_ID, question: 'Q2', answer: 'A2' },
				{ bot: CHATBOT_ID, question: 'Q3', answer: 'A3' },
			];
			const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items', chatbotId: '={{ $json.bot }}' }, { items });
			expect(run.error).toBeUndefined();
			expect(editBodies(sim).map((body) => body.serialNumber)).toEqual([CHATBOT_ID, SECOND_CHATBOT_ID]);
			expect(run.items.map((item) => [item.json.chatbotId, item.pairedItem])).toEqual([
				[CHATBOT_ID, [{ item: 0 }, { item: 2 }]],
				[SECOND_CHATBOT_ID, [{ item: 1 }]],
			]);
			expect(stored(sim).qa.map((pair) => pair.key)).toEqual(['Do you deliver on Sundays?', 'Is there parking?', 'Q1', 'Q3']);
			expect(stored(sim, SECOND_CHATBOT_ID).qa).toEqual([{ key: 'Q2', value: 'A2' }]);
		});
	});

	describe('Remove', () => {
		const removals = [
			{ what: 'a Q&A pair by its question', parameters: { knowledgeType: 'qa', question: 'is there parking?' }, list: 'qa', left: [SEEDED.qa[0]] },
			{ what: 'a website by its URL', parameters: { knowledgeType: 'website', url: 'https://bakery.example.com/about' }, list: 'websites', left: [] },
			{ what: 'a file by its ID', parameters: { knowledgeType: 'file', fileId: '1030' }, list: 'files', left: [] },
		] as const;

		it.each(removals)('$what: sends the current list without it', async ({ parameters, list, left }) => {
			const { sim } = context;
			const run = await knowledge({ operation: 'remove', ...parameters });
			expect(paths(sim)).toEqual([`POST ${GET_SOURCE}`, `POST ${EDIT}`, `POST ${GET_SOURCE}`]);
			const sent = editBodies(sim)[0];
			expect(Object.keys(sent)).toEqual(['serialNumber', { qa: 'qaList', websites: 'websiteList', files: 'fileList' }[list]]);
			if (mode === 'replace') {
				expect(run.error).toBeUndefined();
				expect(stored(sim)).toEqual({ ...SEEDED, [list]: left });
			} else {
				// Adding to lists cannot take anything away: the node says so instead of reporting success.
				expect(failureOf(run).message).toMatch(/^HotTask: HotTask still has .* after the removal: its Edit Knowledge adds to the chatbot's lists rather than replacing them, so its API cannot remove a source \[item 0\]$/);
				expect(failureOf(run).description).toContain('Nothing was lost and nothing was removed');
				expect(stored(sim)).toEqual(SEEDED);
			}
		});

		it('something the chatbot does not have fails after the read, before anything is changed, naming the item', async () => {
			const { sim } = context;
			const run = await knowledge(
				{ operation: 'remove', knowledgeType: 'qa', question: '={{ $json.q }}' },
				{ items: [{ q: 'Is there parking?' }, { q: 'Do you sell coffee?' }] },
			);
			expect(failureOf(run).message).toBe('Invalid Question "Do you sell coffee?": the chatbot has no Q&A pair with this question, so there is nothing to remove [item 1]');
			expect(paths(sim)).toEqual([`POST ${GET_SOURCE}`]);
			expect(stored(sim)).toEqual(SEEDED);
		});
	});

	describe('Sync', () => {
		it('Sync Sitemap sets the URL and the frequency (weekly → 7), other sources untouched', async () => {
			const { sim } = context;
			const run = await knowledge({ operation: 'syncSitemap', sitemapUrl: 'https://bakery.example.com/sitemap.xml', frequency: 'weekly' });
			expect(run.items.map((item) => item.json)).toEqual([{ chatbotId: CHATBOT_ID, sitemapUrl: 'https://bakery.example.com/sitemap.xml', sync: true, syncEveryDays: 7 }]);
			expect(editBodies(sim)).toEqual([{ serialNumber: CHATBOT_ID, SiteMapUrl: 'https://bakery.example.com/sitemap.xml', EnableSyncSiteMap: true, SyncSiteMapDays: 7 }]);
			expect(stored(sim)).toEqual({ ...SEEDED, sitemap: { url: 'https://bakery.example.com/sitemap.xml', enabled: true, days: 7 } });
		});

		it.each([['daily', 1], ['monthly', 30]])('Sync Sitemap %s → SyncSiteMapDays %d', async (frequency, days) => {
			await knowledge({ operation: 'syncSitemap', sitemapUrl: 'https://bakery.example.com/sitemap.xml', frequency });
			expect(editBodies(context.sim)[0].SyncSiteMapDays).toBe(days);
		});

		it('Sync Google Sheet sets the sheet and retrains, other sources untouched', async () => {
			const { sim } = context;
			const url = 'https://docs.google.com/spreadsheets/d/1AbC/edit';
			const run = await knowledge({ operation: 'syncGoogleSheet', sheetUrl: url, retrain: true });
			expect(run.items[0].json).toEqual({ chatbotId: CHATBOT_ID, googleSheetUrl: url, retrained: true });
			expect(editBodies(sim)).toEqual([{ serialNumber: CHATBOT_ID, googleSheetUrl: url, isRetrainGoogleSheet: true }]);
			expect(stored(sim)).toEqual({ ...SEEDED, googleSheetUrl: url });
		});
	});

	it('every operation in a row leaves every source the user did not remove', async () => {
		const { sim } = context;
		const steps: Array<[Record<string, unknown>, Record<string, unknown>?]> = [
			[{ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items: FAQ_ROWS }],
			[{ operation: 'add', knowledgeType: 'text', text: 'New text.' }],
			[{ operation: 'add', knowledgeType: 'website', url: 'https://bakery.example.com/new', retrain: false }],
			[{ operation: 'syncSitemap', sitemapUrl: 'https://bakery.example.com/sitemap.xml', frequency: 'monthly' }],
			[{ operation: 'syncGoogleSheet', sheetUrl: 'https://docs.google.com/spreadsheets/d/s', retrain: false }],
			[{ operation: 'add', knowledgeType: 'file', binaryPropertyName: 'data' }, { binary: [{ data: binary(Buffer.from('x'), 'text/plain', 'x.txt') }] }],
		];
		for (const [parameters, extra] of steps) {
			const run = await knowledge(parameters, extra);
			expect({ parameters, error: run.error?.message }).toEqual({ parameters, error: undefined });
		}
		expect(stored(sim)).toEqual({
			text: [...SEEDED.text, 'New text.'],
			qa: [...SEEDED.qa, ...FAQ_ROWS.map(({ question, answer }) => ({ key: question, value: answer }))],
			websites: [SEEDED.websites[0], { url: 'https://bakery.example.com/new', retrain: false, trainedAt: expect.any(Number) }],
			files: ['1030', '34317'],
			googleSheetUrl: 'https://docs.google.com/spreadsheets/d/s',
			sitemap: { url: 'https://bakery.example.com/sitemap.xml', enabled: true, days: 30 },
		});
	});
});

describe('HotTask Chat → Knowledge writes never lose a source', () => {
	it('EditKnowledge is a write: a server error after it may have arrived is not retried', async () => {
		const { sim } = context;
		sim.addFault({ path: EDIT, status: 500, headers: { 'Retry-After': '0' } });
		const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items', options: { maxRetries: 3 } }, { items: FAQ_ROWS });
		expect(failureOf(run).description).toContain('HTTP 500');
		expect(paths(sim)).toEqual([`POST ${GET_SOURCE}`, `POST ${EDIT}`]);
		expect(stored(sim)).toEqual(SEEDED);
	});

	it('a GetSource answer the node cannot fully read stops a write of a list it did not find, before EditKnowledge', async () => {
		const { sim } = context;
		sim.addFault({ path: GET_SOURCE, status: 200, body: { Data: { Knowledge: [{ kind: 'faq-entry', q: 'x' }], Extra: [1] }, Success: true, Code: 200 } });
		const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items: FAQ_ROWS });
		expect(failureOf(run).message).toBe('HotTask: could not find the chatbot\'s current Q&A pairs in HotTask\'s list of sources, so no change was sent [item 0]');
		expect(failureOf(run).description).toContain('Nothing was changed');
		expect(paths(sim)).toEqual([`POST ${GET_SOURCE}`]);
		expect(stored(sim)).toEqual(SEEDED);
	});

	it('a source missing after the write is reported in full, not passed off as success', async () => {
		const { sim } = context;
		// The first read is answered normally; the check after the write sees the Q&A pairs gone.
		sim.addFaults([
			{ path: GET_SOURCE, delayMs: 1 },
			{ path: GET_SOURCE, status: 200, body: { Data: { Text: SEEDED.text[0], QaList: [], WebsiteList: [{ Url: 'https://bakery.example.com/about' }], FileList: ['1030'] }, Success: true, Code: 200 } },
		]);
		const run = await knowledge({ operation: 'add', knowledgeType: 'website', url: 'https://bakery.example.com/x', retrain: false });
		const { message, description } = failureOf(run);
		expect(message).toBe(
			'HotTask: the chatbot no longer has 2 source(s) it had before this change and that were not asked to be removed: Q&A pair "Do you deliver on Sundays?" → "Yes, between 9:00 and 13:00."; Q&A pair "Is there parking?" → "Yes, behind the shop." [item 0]',
		);
		expect(description).toContain('add them again');
	});

	it('bad items become error items under Continue On Fail; the good ones are still written once', async () => {
		const { sim } = context;
		const items = [FAQ_ROWS[0], { question: 'No answer?', answer: '' }, FAQ_ROWS[1]];
		const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items, continueOnFail: true });
		expect(run.items.map((item) => [item.json.error ?? item.json.chatbotId, item.pairedItem])).toEqual([
			[CHATBOT_ID, [{ item: 0 }, { item: 2 }]],
			['Answer is required [item 1]', { item: 1 }],
		]);
		expect(editBodies(sim)).toHaveLength(1);
		expect(stored(sim).qa).toHaveLength(4);
	});

	it('a failed write is an error item paired with all its items under Continue On Fail', async () => {
		const { sim } = context;
		sim.addFault({ path: EDIT, hottaskFailure: { code: 500, message: 'Knowledge is being trained' } });
		const run = await knowledge({ operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, { items: FAQ_ROWS.slice(0, 2), continueOnFail: true });
		expect(run.items).toEqual([{ json: expect.objectContaining({ error: 'HotTask: Knowledge is being trained [item 0]' }), pairedItem: [{ item: 0 }, { item: 1 }] }]);
		expectNoSecrets(run);
	});
});

describe('HotTask Chat → Knowledge: bad input fails before any request, naming the item and the field', () => {
	it.each([
		['Add Q&A with an empty answer', { operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, [FAQ_ROWS[0], { question: 'Q?', answer: ' ' }], 'Answer is required [item 1]'],
		['Add Q&A with an empty question', { operation: 'add', knowledgeType: 'qa', qaFrom: 'items' }, [FAQ_ROWS[0], { question: '', answer: 'A' }], 'Question is required [item 1]'],
		[
			'Add Q&A typed below with an empty answer',
			{ operation: 'add', knowledgeType: 'qa', qaFrom: 'fields', qaPairs: { pair: [{ question: 'Q1', answer: 'A1' }, { question: 'Q2', answer: '' }] } },
			[{}],
			'Q&A Pairs → Pair 2 → Answer is required [item 0]',
		],
		['Add Q&A typed below with no pairs', { operation: 'add', knowledgeType: 'qa', qaFrom: 'fields', qaPairs: {} }, [{}], 'Q&A Pairs is required [item 0]'],
		['Add Text empty', { operation: 'add', knowledgeType: 'text', text: '={{ $json.t }}' }, [{ t: 'ok' }, { t: '' }], 'Text is required [item 1]'],
		[
			'Add Website that is not a URL',
			{ operation: 'add', knowledgeType: 'website', url: '={{ $json.u }}' },
			[{ u: 'https://a.example.com' }, { u: 'our new page' }],
			'Invalid Website URL "our new page": it is not a web address; give the full address starting with https://, e.g. https://example.com/products [item 1]',
		],
		['Add Website with ftp://', { operation: 'add', knowledgeType: 'website', url: 'ftp://a.example.com/x' }, [{}], /^Invalid Website URL "ftp:\/\/a\.example\.com\/x": it is not a web address/],
		['Add File without the binary property', { operation: 'add', knowledgeType: 'file', binaryPropertyName: 'data' }, [{}], 'Invalid Input Binary Fields: item 0 has no binary property "data" (it has no binary data) [item 0]'],
		['Remove Website that is not a URL', { operation: 'remove', knowledgeType: 'website', url: 'about page' }, [{}], /^Invalid Website URL "about page"/],
		['Remove Q&A with an empty question', { operation: 'remove', knowledgeType: 'qa', question: '={{ $json.q }}' }, [{ q: 'Is there parking?' }, { q: '' }], 'Question is required [item 1]'],
		['Sync Sitemap with a bad URL', { operation: 'syncSitemap', sitemapUrl: 'sitemap.xml', frequency: 'weekly' }, [{}], /^Invalid Sitemap URL "sitemap\.xml": it is not a web address/],
		[
			'Sync Google Sheet that is not a Google Sheet',
			{ operation: 'syncGoogleSheet', sheetUrl: 'https://example.com/sheet.xlsx' },
			[{}],
			'Invalid Google Sheet URL "https://example.com/sheet.xlsx": it is not a Google Sheets address (https://docs.google.com/spreadsheets/…) [item 0]',
		],
	])('%s', async (_title, parameters, items, message) => {
		const run = await knowledge(parameters, { items });
		expectRefusedBeforeSending(run, context.sim, message);
	});

	it('an empty file fails before any request', async () => {
		const run = await knowledge({ operation: 'add', knowledgeType: 'file', binaryPropertyName: 'data' }, { binary: [{ data: binary(Buffer.alloc(0), 'application/pdf', 'empty.pdf') }] });
		expectRefusedBeforeSending(run, context.sim, 'Invalid Input Binary Fields: binary property "data" (empty.pdf) is empty [item 0]');
	});

	it('a file over 100 MB is refused (the largest upload HotTask publishes)', () => {
		expect(knowledgeFileProblem({ property: 'data', fileName: 'big.pdf', bytes: 100 * 1024 * 1024 })).toBeUndefined();
		expect(knowledgeFileProblem({ property: 'data', fileName: 'big.pdf', bytes: 150 * 1024 * 1024 })).toBe(
			'binary property "data" (big.pdf) is 150.0 MB; the node uploads knowledge files of at most 100 MB',
		);
	});
});
