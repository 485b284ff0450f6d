/**
 * Voice agents and tools as an AI Agent sees them: Create, Update and Delete
 * say that they change a live agent (the model reads these descriptions),
 * and a tool call that updates an agent hands the model the result without
 * the webhook secret it set.
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import { byId, storedAgent } from '../../harness/hamsaAgents';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { PACKAGE_NAME, PackageNodeTypes } from '../../harness/packageTypes';
import { runTool } from '../../harness/runTool';
import { credentialsFor, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator();
const SECRET = WEBHOOK_SECRETS[1];

const description = new PackageNodeTypes().getByNameAndVersion(`${PACKAGE_NAME}.hamsaVoiceCall`).description;

/** The Operation choices of one resource, as the node panel and the AI Agent list them. */
function operationsOf(resource: string): INodePropertyOptions[] {
	const selector = description.properties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	return (selector?.options ?? []) as INodePropertyOptions[];
}

describe('Hamsa Voice Call Tool: voice agents and tools', () => {
	it('the node\'s description warns that, as a tool, it can change or delete live voice agents and their tools', () => {
		expect(description.description).toContain('can change or delete live voice agents and their tools');
	});

	it.each([
		['voiceAgent', 'create'],
		['voiceAgent', 'update'],
		['voiceAgent', 'delete'],
		['tool', 'delete'],
	])('%s → %s says it changes something live', (resource, operation) => {
		const choice = operationsOf(resource).find((option) => option.value === operation);
		expect(choice?.description).toMatch(/\blive\b/);
	});

	it.each([
		['voiceAgent', 'get'],
		['voiceAgent', 'getMany'],
		['tool', 'get'],
		['tool', 'getMany'],
	])('%s → %s, a read, does not', (resource, operation) => {
		const choice = operationsOf(resource).find((option) => option.value === operation);
		expect(choice?.description).toBeDefined();
		expect(choice?.description).not.toMatch(/\blive\b/);
	});

	it('Update as a tool call changes the agent and hands the model the result without the webhook secret', async () => {
		const { response, error } = await runTool({
			node: 'hamsaVoiceCallTool',
			parameters: {
				resource: 'voiceAgent',
				operation: 'update',
				voiceAgentId: byId(VOICE_AGENT_ID),
				updateFields: { webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthSecret: SECRET },
				simplify: false,
			},
			credentials: credentialsFor(context.sim),
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(response!)).toEqual([expect.objectContaining({ voiceAgentId: VOICE_AGENT_ID, hasWebhookAuth: true, webhookUrl: 'https://hooks.example.com/hamsa' })]);
		expect(response).not.toContain(SECRET);
		expect(storedAgent(context.sim, VOICE_AGENT_ID)?.webhookAuth).toEqual({ authKey: 'Bearer', authSecret: SECRET });
	});
});
