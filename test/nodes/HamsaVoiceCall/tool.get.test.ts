/**
 * Tool → Get and Tool → Delete: one web tool by its resource locator.
 * Get reads GET /v1/voice-agents/web-tool/{id} (the tool's auth token and
 * auth headers never come out); Delete sends DELETE to the same path, which
 * Hamsa does not document, and is handled as Voice Agent → Delete is.
 */
import { expectFailure, expectNoSecrets, expectOnlyRequest, routesOf } from '../../harness/expectations';
import { attachedToolIds, byId, hamsaApi, storedTool } from '../../harness/hamsaAgents';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { operationRunner } from '../../harness/operations';
import { HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator();
const TOKEN = WEBHOOK_SECRETS[0];

const tool = operationRunner(context, 'hamsaVoiceCall', { resource: 'tool' });

/** The first tool attached to the simulator's first agent ("Check Availability"). */
const checkAvailability = () => attachedToolIds(context.sim, VOICE_AGENT_ID)[0];

describe('Hamsa Voice Call → Tool → Get', () => {
	it('GETs /v1/voice-agents/web-tool/{id} and outputs the tool, simplified', async () => {
		const id = checkAvailability();
		const run = await tool({ operation: 'get', toolId: byId(id) });
		expect(run.error).toBeUndefined();
		expectOnlyRequest(context.sim, { method: 'GET', path: `/v1/voice-agents/web-tool/${id}`, authorization: `Token ${HAMSA_KEY}` });
		expect(run.items[0].json).toEqual({
			toolId: id,
			name: 'Check Availability',
			description: 'Check Availability: called by the voice agent during a call',
			type: 'FUNCTION',
			isActive: true,
			serverUrl: 'https://api.example.com/availability',
			methodType: 'GET',
			version: 1,
			updatedAt: storedTool(context.sim, id)?.updatedAt,
		});
	});

	it('never outputs the tool\'s auth token or auth headers, simplified or not', async () => {
		const created = await hamsaApi(context.sim, 'POST', '/v2/voice-agents/web-tool', {
			type: 'FUNCTION',
			name: 'Create Booking',
			description: 'Books the time the caller chose',
			async: false,
			toolSettings: { serverUrl: 'https://api.example.com/bookings', methodType: 'POST', authToken: TOKEN, timeOut: 5, httpHeaders: { Authorization: `Bearer ${TOKEN}`, 'X-Clinic': 'Downtown' } },
		});
		for (const simplify of [true, false]) {
			const run = await tool({ operation: 'get', toolId: byId(created.id as unknown as string), simplify });
			expect(run.items[0].json).toMatchObject({ toolId: created.id, name: 'Create Booking' });
			expectNoSecrets(run, [TOKEN]);
		}
		const raw = await tool({ operation: 'get', toolId: byId(created.id as unknown as string), simplify: false });
		expect(raw.items[0].json.toolSettings).toEqual({ serverUrl: 'https://api.example.com/bookings', methodType: 'POST', timeout: 5000, httpHeaders: { 'X-Clinic': 'Downtown' }, pathParameters: {} });
	});

	it('fails with Hamsa\'s message for a tool that does not exist', async () => {
		const run = await tool({ operation: 'get', toolId: byId('no-such-tool') });
		expectFailure(run, { message: 'Hamsa: Web tool not found [item 0]', httpCode: '404' });
	});

	it('refuses an empty Tool before sending anything', async () => {
		const run = await tool({ operation: 'get', toolId: byId(' ') });
		expectFailure(run, { message: 'Tool is required [item 0]' });
		expect(context.sim.requests).toEqual([]);
	});
});

describe('Hamsa Voice Call → Tool → Delete', () => {
	it('where Hamsa deletes tools: sends DELETE once; the tool is gone and no longer attached to its agent', async () => {
		context.sim.configure({ hamsaDeletes: 'supported' });
		const id = checkAvailability();
		const run = await tool({ operation: 'delete', toolId: byId(id) });
		expect(run.error).toBeUndefined();
		expect(routesOf(context.sim)).toEqual([`DELETE /v1/voice-agents/web-tool/${id}`]);
		expect(run.items[0].json).toEqual({ toolId: id, deleted: true, message: 'Web tool deleted successfully' });
		expect(storedTool(context.sim, id)).toBeUndefined();
		expect(attachedToolIds(context.sim, VOICE_AGENT_ID)).not.toContain(id);
	});

	it('where Hamsa has no delete: fails saying to delete the tool in the dashboard; the tool stays', async () => {
		const id = checkAvailability();
		const run = await tool({ operation: 'delete', toolId: byId(id) });
		expectFailure(run, {
			message: `Hamsa: Hamsa's API has no delete for tools (DELETE answered HTTP 404), so the tool ${id} was not deleted [item 0]`,
			description: ['Delete the tool in the Hamsa dashboard instead.'],
		});
		expect(routesOf(context.sim)).toEqual([`DELETE /v1/voice-agents/web-tool/${id}`, `GET /v1/voice-agents/web-tool/${id}`]);
		expect(storedTool(context.sim, id)).toBeDefined();
	});

	it('says "not found" for a tool that does not exist', async () => {
		const run = await tool({ operation: 'delete', toolId: byId('no-such-tool') });
		expectFailure(run, { message: 'Hamsa: Web tool not found [item 0]', httpCode: '404' });
	});
});
