import { expectNoSecrets, expectOnlyRequest, expectRefusedBeforeSending, failureOf } from '../../harness/expectations';
import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();

function createSession(chatbotId: string, items?: object[], continueOnFail = false) {
	return runNode({
		node: 'hotTaskChat',
		parameters: { resource: 'session', operation: 'create', chatbotId },
		credentials: credentialsFor(context.sim),
		items: items as never,
		continueOnFail,
	});
}

describe('HotTask Chat → Session → Create', () => {
	it('posts the chatbot id as serialNumber and outputs the new session id', async () => {
		const { sim } = context;
		const run = await createSession(CHATBOT_ID);
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([{ json: { sessionId: 880001, chatbotId: CHATBOT_ID }, pairedItem: { item: 0 } }]);
		expectOnlyRequest(sim, { method: 'POST', path: '/chat/Chatbot/GetSession', authorization: HOTTASK_KEY, body: { serialNumber: CHATBOT_ID } });
	});

	it('creates one session per item, each paired with its item', async () => {
		const run = await createSession('={{ $json.bot }}', [{ bot: CHATBOT_ID }, { bot: CHATBOT_ID }]);
		expect(run.items.map((item) => [item.json.sessionId, item.pairedItem])).toEqual([
			[880001, { item: 0 }],
			[880002, { item: 1 }],
		]);
	});

	it('fails with HotTask\'s message when the chatbot does not exist', async () => {
		const run = await createSession('no-such-bot');
		expect(failureOf(run).message).toBe('HotTask: Chatbot not found [item 0]');
		expectNoSecrets(run);
	});

	it('refuses an empty Chatbot ID before sending anything', async () => {
		expectRefusedBeforeSending(await createSession('  '), context.sim, 'Chatbot ID is required [item 0]');
	});
});
