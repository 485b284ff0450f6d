import { expectNoSecrets, failureOf, onlyRequest, routesOf } from '../../harness/expectations';
import { operationRunner, queriesOf } from '../../harness/operations';
import { HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID, type Simulator } from '../../harness/simulator';
import { sleep } from 'n8n-workflow';

// Short calls and a fast campaign pace, so a campaign runs to its end within a test.
const context = useSimulator({ callDurationMs: 60, campaignStartDelayMs: 10, campaignRetryDelayMs: 20 });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byNumber = (value: string) => ({ __rl: true, mode: 'number', value });

const PEOPLE = [
	{ phoneNumber: '+1 (415) 555-0123', name: 'Ada', appointment: 'Tuesday 10:00', visits: 3 },
	{ phoneNumber: '+14155550124', name: 'Grace', appointment: 'Friday 15:00', visits: 1 },
];

const create = operationRunner(context, 'hamsaVoiceCall', {
	resource: 'campaign',
	operation: 'create',
	campaignName: 'Reminders',
	voiceAgentId: byId(VOICE_AGENT_ID),
	fromPhoneNumber: byNumber(TWILIO_NUMBER),
});
const getCampaign = operationRunner(context, 'hamsaVoiceCall', { resource: 'campaign', operation: 'get' });
const listCampaigns = operationRunner(context, 'hamsaVoiceCall', { resource: 'campaign', operation: 'getMany' });

/** Polls Get campaign (in the simulator) until it is COMPLETED. */
async function campaignCompletes(sim: Simulator, campaignId: string, timeoutMs = 5000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${sim.url}/v1/voice-agents/campaigns/${campaignId}`, { headers: { Authorization: `Token ${HAMSA_KEY}` } });
		const { data } = (await response.json()) as { data: { status: string } };
		if (data.status === 'COMPLETED') return;
		if (Date.now() > until) throw new Error(`campaign ${campaignId} is still ${data.status}`);
		await sleep(20);
	}
}

const campaignsIn = (sim: Simulator) => sim.hamsa.campaigns.campaigns.size;

describe('Hamsa Voice Call → Campaign → Create', () => {
	it('posts ONE campaign with every input item as a recipient, the other fields as dynamic variables', async () => {
		const { sim } = context;
		const run = await create({}, { items: PEOPLE });
		expect(run.error).toBeUndefined();
		const request = onlyRequest(sim);
		expect([request.method, request.path]).toEqual(['POST', '/v1/voice-agents/campaigns']);
		expect(request.headers.authorization).toBe(`Token ${HAMSA_KEY}`);
		expect(request.body).toEqual({
			name: 'Reminders',
			phoneNumber: TWILIO_NUMBER,
			voiceAgentId: VOICE_AGENT_ID,
			sendType: 'NOW',
			recipients: [
				{ phoneNumber: '+14155550123', name: 'Ada', appointment: 'Tuesday 10:00', visits: 3 },
				{ phoneNumber: '+14155550124', name: 'Grace', appointment: 'Friday 15:00', visits: 1 },
			],
		});
	});

	it('outputs the created campaign as one item, paired with every input item', async () => {
		const run = await create({}, { items: PEOPLE });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ campaignId: expect.any(String), name: 'Reminders', status: 'SCHEDULED', recipientCount: 2 });
		expect(run.items[0].json.campaignId).toBe(run.items[0].json.id);
		expect(run.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expectNoSecrets(run);
	});

	it('sends only the selected fields, or none, as dynamic variables', async () => {
		const { sim } = context;
		await create({ dynamicVariables: 'selected', includeFields: 'appointment, missing' }, { items: PEOPLE });
		expect(sim.requests[0].body.recipients[0]).toEqual({ phoneNumber: '+14155550123', name: 'Ada', appointment: 'Tuesday 10:00' });
		sim.clearRequests();
		await create({ dynamicVariables: 'none', recipientPhoneNumber: '={{ $json.phone }}', recipientName: '' }, { items: [{ phone: '0044 20 7946 0958', name: 'Alan' }] });
		expect(sim.requests[0].body.recipients).toEqual([{ phoneNumber: '+442079460958' }]);
	});

	it('checks every recipient before sending anything, naming the item and the field', async () => {
		const { sim } = context;
		const run = await create({}, { items: [PEOPLE[0], { phoneNumber: '415 555 0125', name: 'Bad' }, { name: 'No number' }] });
		expect(failureOf(run).message).toBe(
			'Invalid Recipient Phone Number "415 555 0125": it must start with + and the country code (E.164), e.g. +14155550100 [item 1]',
		);
		expect(failureOf(run).description).toContain('item 1');
		expect(sim.requests).toEqual([]);
	});

	it('with Continue On Fail, outputs an error item per bad recipient and creates the campaign with the rest', async () => {
		const { sim } = context;
		const run = await create({}, { items: [PEOPLE[0], { name: 'No number' }, PEOPLE[1]], continueOnFail: true });
		expect(sim.requests[0].body.recipients).toEqual([
			expect.objectContaining({ phoneNumber: '+14155550123' }),
			expect.objectContaining({ phoneNumber: '+14155550124' }),
		]);
		expect(run.items.map((item) => item.json.error ?? item.json.recipientCount)).toEqual([2, 'Recipient Phone Number is empty [item 1]']);
		expect(run.items[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		expect(run.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('sends a scheduled campaign with its date and time zone, calling hours and reserved concurrency', async () => {
		const { sim } = context;
		const run = await create(
			{
				sendType: 'SCHEDULED',
				scheduledDate: '2026-12-24T09:30:00',
				scheduledTimezone: 'Asia/Dubai',
				options: { callingHours: { hours: { days: ['MONDAY', 'SATURDAY'], startTime: '09:00', endTime: '18:30' } }, reservedConcurrency: 3 },
			},
			{ items: PEOPLE },
		);
		expect(run.error).toBeUndefined();
		expect(sim.requests[0].body).toMatchObject({
			sendType: 'SCHEDULED',
			scheduledDate: '2026-12-24T09:30:00',
			scheduledTimezone: 'Asia/Dubai',
			timeRange: { days: ['MONDAY', 'SATURDAY'], startCallingTime: '09:00', endCallingTime: '18:30' },
			reservedConcurrency: 3,
		});
		expect(run.items[0].json).toMatchObject({ status: 'SCHEDULED', scheduledTimezone: 'Asia/Dubai' });
	});

	it.each([
		[{ sendType: 'SCHEDULED', scheduledDate: '2026-12-24T09:30:00', scheduledTimezone: 'Mars/Olympus' }, 'Invalid Time Zone "Mars/Olympus"'],
		[{ sendType: 'SCHEDULED', scheduledDate: 'next week' }, 'Invalid Scheduled Date "next week"'],
		[{ options: { callingHours: { hours: { days: ['MONDAY'], startTime: '18:00', endTime: '09:00' } } } }, 'Invalid Calling Hours End Time "09:00"'],
		[{ options: { callingHours: { hours: { days: ['MONDAY'], startTime: '9am', endTime: '17:00' } } } }, 'Invalid Calling Hours Start Time "9am"'],
		[{ options: { callingHours: { hours: { days: [], startTime: '09:00', endTime: '17:00' } } } }, 'Invalid Calling Hours: choose at least one day'],
		[{ fromPhoneNumber: byNumber('555') }, 'Invalid From Phone Number "555"'],
	])('refuses campaign settings %j before sending anything', async (parameters, message) => {
		const { sim } = context;
		const run = await create(parameters, { items: PEOPLE, continueOnFail: true });
		expect(failureOf(run).message).toContain(message);
		expect(sim.requests).toEqual([]);
	});

	it('is not sent again after a bare 503 from a gateway (Hamsa may have created it), and says so', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: '/v1/voice-agents/campaigns', status: 503, afterActing: true });
		const run = await create({}, { items: PEOPLE });
		const failure = failureOf(run);
		expect(failure.message).toBe('Hamsa: Service unavailable [item 0]');
		expect(failure.description).toContain('The request may have reached Hamsa and been acted on. It was not repeated automatically');
		expect(routesOf(sim)).toEqual(['POST /v1/voice-agents/campaigns']);
		expect(campaignsIn(sim)).toBe(1);
	});

	it('is sent again after a 503 with Retry-After (Hamsa did nothing), and creates one campaign', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: '/v1/voice-agents/campaigns', rateLimit: { status: 503, retryAfter: '1' } });
		const run = await create({}, { items: PEOPLE });
		expect(run.error).toBeUndefined();
		expect(routesOf(sim)).toEqual(['POST /v1/voice-agents/campaigns', 'POST /v1/voice-agents/campaigns']);
		expect(campaignsIn(sim)).toBe(1);
	});

	it('names Hamsa\'s reason when it refuses the campaign', async () => {
		const run = await create({ voiceAgentId: byId('no-such-agent') }, { items: PEOPLE });
		expect(failureOf(run).message).toBe('Hamsa: Voice agent not found [item 0]');
		expectNoSecrets(run);
	});
});

describe('Hamsa Voice Call → Campaign → Get', () => {
	it('outputs one item per recipient with its outcome, after the simulator has played the campaign (with a retry)', async () => {
		const { sim } = context;
		sim.configure({ campaignOutcomes: { '+14155550124': ['NO_ANSWER', 'COMPLETED'], '+14155550125': ['FAILED'] } });
		const created = await create({}, { items: [...PEOPLE, { phoneNumber: '+14155550125', name: 'Linus' }] });
		const campaignId = created.items[0].json.campaignId as string;
		await campaignCompletes(sim, campaignId);
		sim.clearRequests();

		const run = await getCampaign({ campaignId }, { items: [{ campaignId }] });
		expect(routesOf(sim)).toEqual([`GET /v1/voice-agents/campaigns/${campaignId}`]);
		const rows = run.items.map((item) => item.json);
		expect(rows).toHaveLength(3);
		const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
		expect(byName.Ada).toMatchObject({ campaignId, campaignName: 'Reminders', campaignStatus: 'COMPLETED', status: 'COMPLETED', group: 'completed', attempts: 1, maxAttempts: 2 });
		expect(byName.Grace).toMatchObject({ status: 'COMPLETED', attempts: 2, lastError: 'No answer', completedAt: expect.any(String) });
		expect(byName.Linus).toMatchObject({ status: 'FAILED', group: 'failed', attempts: 2, lastError: 'Call failed' });
		expect(byName.Ada.dynamicVariables).toEqual({ appointment: 'Tuesday 10:00', visits: 3 });
		// The recipient's call can be read with Call → Get.
		expect(byName.Ada.callId).toBe(byName.Ada.jobId);
		expect(sim.calls.get(byName.Ada.callId as string)?.status).toBe('COMPLETED');
		expect(run.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	it('reads every group Hamsa sends, including ones it does not document, and a flat list', async () => {
		const { sim } = context;
		sim.addFault({
			path: '/v1/voice-agents/campaigns/c-1',
			status: 200,
			body: {
				success: false,
				message: 'success',
				data: {
					id: 'c-1',
					name: 'Odd',
					status: 'RUNNING',
					recipients: { pending: [{ id: 'r-1', phoneNumber: '+14155550123' }], retrying: { items: [{ id: 'r-2', status: 'RETRYING', jobId: 'j-2' }] }, notes: 'x' },
				},
			},
		});
		const run = await getCampaign({ campaignId: 'c-1' });
		expect(run.items.map((item) => item.json)).toEqual([
			{ campaignId: 'c-1', campaignName: 'Odd', campaignStatus: 'RUNNING', recipientId: 'r-1', phoneNumber: '+14155550123', group: 'pending', dynamicVariables: {} },
			{ campaignId: 'c-1', campaignName: 'Odd', campaignStatus: 'RUNNING', recipientId: 'r-2', status: 'RETRYING', group: 'retrying', callId: 'j-2', jobId: 'j-2', dynamicVariables: {} },
		]);
		sim.addFault({ path: '/v1/voice-agents/campaigns/c-2', status: 200, body: { success: true, data: { id: 'c-2', recipients: [{ id: 'r-3' }] } } });
		const flat = await getCampaign({ campaignId: 'c-2' });
		expect(flat.items.map((item) => item.json)).toEqual([{ campaignId: 'c-2', recipientId: 'r-3', dynamicVariables: {} }]);
	});

	it('outputs the campaign as one item with Output: The Campaign', async () => {
		const created = await create({ sendType: 'SCHEDULED', scheduledDate: '2027-01-05T10:00:00', scheduledTimezone: 'UTC' }, { items: PEOPLE });
		const campaignId = created.items[0].json.campaignId as string;
		const run = await getCampaign({ campaignId, output: 'campaign' });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ campaignId, status: 'SCHEDULED', totalRecipients: 2 });
		expect((run.items[0].json.recipients as Array<{ group: string }>).map((r) => r.group)).toEqual(['pending', 'pending']);
	});

	it('names Hamsa\'s message when the campaign does not exist', async () => {
		const run = await getCampaign({ campaignId: 'nope' });
		expect(failureOf(run).message).toBe('Hamsa: Campaign not found [item 0]');
	});
});

describe('Hamsa Voice Call → Campaign → Get Many', () => {
	async function makeCampaigns(count: number) {
		for (let i = 0; i < count; i++) {
			await create({ campaignName: `Batch ${i}`, sendType: 'SCHEDULED', scheduledDate: '2027-01-05T10:00:00', scheduledTimezone: 'UTC' }, { items: [PEOPLE[0]] });
		}
		context.sim.clearRequests();
	}

	it('pages with take and skip up to the Limit', async () => {
		const { sim } = context;
		await makeCampaigns(3);
		const run = await listCampaigns({ limit: 2 });
		expect(run.items.map((item) => item.json.name)).toEqual(['Batch 2', 'Batch 1']);
		expect(run.items[0].json.campaignId).toBe(run.items[0].json.id);
		expect(queriesOf(sim)).toEqual([{ take: '2', skip: '0' }]);
	});

	it('reads every page with Return All (skip counts campaigns), stopping at totalCount', async () => {
		const { sim } = context;
		const page = (from: number, count: number) => ({
			success: false,
			message: 'success',
			data: { campaigns: Array.from({ length: count }, (_, i) => ({ id: `c-${from + i}`, name: `C ${from + i}` })), totalCount: 150, returnedCount: count },
		});
		sim.addFaults([
			{ path: '/v1/voice-agents/campaigns', method: 'GET', status: 200, body: page(0, 100) },
			{ path: '/v1/voice-agents/campaigns', method: 'GET', status: 200, body: page(100, 50) },
		]);
		const run = await listCampaigns({ returnAll: true });
		expect(run.items).toHaveLength(150);
		expect(run.items[149].json).toEqual({ campaignId: 'c-149', id: 'c-149', name: 'C 149' });
		expect(queriesOf(sim)).toEqual([{ take: '100', skip: '0' }, { take: '100', skip: '100' }]);
	});

	it('filters by voice agent and search', async () => {
		const { sim } = context;
		await makeCampaigns(2);
		const run = await listCampaigns({ returnAll: true, filters: { voiceAgentId: byId(VOICE_AGENT_ID), search: 'batch 1' } });
		expect(run.items.map((item) => item.json.name)).toEqual(['Batch 1']);
		expect(queriesOf(sim)[0]).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, search: 'batch 1' });
	});
});
