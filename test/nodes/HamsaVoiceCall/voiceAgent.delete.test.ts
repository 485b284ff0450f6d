/**
 * Voice Agent → Delete: DELETE /v2/voice-agents/{id}, which Hamsa's API
 * reference does not show. Where Hamsa has it, the agent is deleted; where it
 * has none (404 "Cannot DELETE …" or 405), the node fails saying so and to
 * delete the agent in the dashboard, and the agent stays. The simulator plays
 * each case (config hamsaDeletes).
 */
import { expectFailure, expectServerErrorNotRetried, routesOf } from '../../harness/expectations';
import { byId, storedAgent } from '../../harness/hamsaAgents';
import { operationRunner } from '../../harness/operations';
import { useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator();
const PATH = `/v2/voice-agents/${VOICE_AGENT_ID}`;

const deleteAgent = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'delete', voiceAgentId: byId(VOICE_AGENT_ID) });

const NO_DELETE = (status: number) =>
	`Hamsa: Hamsa's API has no delete for voice agents (DELETE answered HTTP ${status}), so the voice agent ${VOICE_AGENT_ID} was not deleted [item 0]`;

describe('Hamsa Voice Call → Voice Agent → Delete', () => {
	describe('where Hamsa deletes agents', () => {
		beforeEach(() => context.sim.configure({ hamsaDeletes: 'supported' }));

		it('sends DELETE once and outputs that the agent was deleted; Hamsa no longer has it', async () => {
			const run = await deleteAgent();
			expect(run.error).toBeUndefined();
			expect(routesOf(context.sim)).toEqual([`DELETE ${PATH}`]);
			expect(run.items).toEqual([{ json: { voiceAgentId: VOICE_AGENT_ID, deleted: true, message: 'Voice agent deleted successfully' }, pairedItem: { item: 0 } }]);
			expect(storedAgent(context.sim, VOICE_AGENT_ID)).toBeUndefined();
		});

		it('fails with Hamsa\'s "not found" for an agent that does not exist', async () => {
			const run = await deleteAgent({ voiceAgentId: byId('no-such-agent') });
			expectFailure(run, { message: 'Hamsa: Voice agent not found [item 0]', httpCode: '404' });
		});

		it('is not sent again after a server error', async () => {
			await expectServerErrorNotRetried(context.sim, PATH, 500, () => deleteAgent({ options: { maxRetries: 3 } }));
			expect(storedAgent(context.sim, VOICE_AGENT_ID)).toBeDefined();
		});
	});

	describe('where Hamsa has no delete (as its reference suggests)', () => {
		it('on a 404 for the path, checks that the agent exists and fails saying to delete it in the dashboard; the agent stays', async () => {
			const run = await deleteAgent();
			expectFailure(run, { message: NO_DELETE(404), httpCode: '404', description: ['Delete the voice agent in the Hamsa dashboard instead.'] });
			expect(routesOf(context.sim)).toEqual([`DELETE ${PATH}`, `GET ${PATH}`]);
			expect(storedAgent(context.sim, VOICE_AGENT_ID)).toBeDefined();
		});

		it('on a 405, fails the same way without asking further', async () => {
			context.sim.configure({ hamsaDeletes: 'methodNotAllowed' });
			const run = await deleteAgent();
			expectFailure(run, { message: NO_DELETE(405), httpCode: '405', description: ['Delete the voice agent in the Hamsa dashboard instead.'] });
			expect(routesOf(context.sim)).toEqual([`DELETE ${PATH}`]);
		});

		it('says "not found", not "no delete", for an agent that does not exist', async () => {
			const run = await deleteAgent({ voiceAgentId: byId('no-such-agent') });
			expectFailure(run, { message: 'Hamsa: Voice agent not found [item 0]', httpCode: '404' });
		});

		it('under Continue On Fail, outputs the failure as an error item', async () => {
			const run = await deleteAgent({}, { continueOnFail: true });
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject({ error: NO_DELETE(404), httpStatus: 404, delivery: 'refused' });
		});
	});

	it('refuses an empty Voice Agent before sending anything', async () => {
		const run = await deleteAgent({ voiceAgentId: byId('={{ $json.missing }}') });
		expectFailure(run, { message: 'Voice Agent is required [item 0]' });
		expect(context.sim.requests).toEqual([]);
	});
});
