/**
 * Every authenticated request keeps the credential's key on the service's own
 * origin: a redirect elsewhere is followed without it. (`127.0.0.1` and
 * `localhost` are two origins of the one simulator.)
 */
import { operationRunner } from '../../../harness/operations';
import { HAMSA_KEY, HOTTASK_KEY, useSimulator } from '../../../harness/simulator';

const context = useSimulator();
const getCredits = operationRunner(context, 'hotTaskChat', { resource: 'account', operation: 'getCredits' });
const getVoiceAgents = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'getMany', limit: 1 });

const CREDITS = '/chat/Chatbot/GetMessageCreditsUsage';

function redirectTo(origin: string, path: string, status = 307) {
	return { method: 'GET', path, status, headers: { Location: `${origin}${path}` }, body: '' };
}

describe('redirects of authenticated requests', () => {
	it('a HotTask answer redirecting to another origin is followed without the secret key', async () => {
		const { sim } = context;
		const otherOrigin = sim.url.replace('127.0.0.1', 'localhost');
		sim.addFault(redirectTo(otherOrigin, CREDITS));
		await getCredits();
		const [first, redirected] = sim.requests;
		expect(first.headers.authorization).toBe(HOTTASK_KEY);
		expect(redirected.path).toBe(CREDITS);
		expect(redirected.headers.host).toBe(new URL(otherOrigin).host);
		expect(redirected.headers.authorization).toBeUndefined();
	});

	it('a Hamsa answer redirecting to another origin is followed without the API key', async () => {
		const { sim } = context;
		sim.addFault(redirectTo(sim.url.replace('127.0.0.1', 'localhost'), '/v2/voice-agents', 302));
		await getVoiceAgents();
		expect(sim.requests.map((request) => request.headers.authorization)).toEqual([`Token ${HAMSA_KEY}`, undefined]);
	});

	it('a redirect within the service\'s own origin keeps the key, and the request succeeds', async () => {
		const { sim } = context;
		sim.addFault(redirectTo(sim.url, CREDITS));
		const run = await getCredits();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ total: -1, used: 243, remaining: -1, unlimited: true });
		expect(sim.requests.map((request) => request.headers.authorization)).toEqual([HOTTASK_KEY, HOTTASK_KEY]);
	});
});
