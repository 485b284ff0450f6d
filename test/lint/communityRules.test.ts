/**
 * The lint is n8n's own: `n8n-node lint` in strict mode, with node-cli's
 * default config over every TypeScript file of the repository. A node that
 * breaks n8n's community-node rules fails it, and the repository passes it.
 */
import { lintRepository, lintRepositoryWithoutInlineConfig, lintText } from './eslint';

const BAD_NODE = `
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import axios from 'axios';

export class Bad implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bad',
		name: 'bad',
		group: ['transform'],
		version: 1,
		description: 'Breaks the rules on purpose',
		defaults: { name: 'Bad' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await new Promise((resolve) => setTimeout(resolve, 10));
		await axios.get('https://example.com');
		return [[]];
	}
}
`;

const BAD_TEST = `
import { readFileSync } from 'fs';

const apiKey = 'sk_live_9f8e7d6c5b4a3f2e1d0c9b8a';
it('reads', () => {
	console.log(readFileSync(process.argv[1], 'utf8'), apiKey);
});
`;

describe('npm run lint (n8n-node lint, strict)', () => {
	it.each([
		{
			title: 'fails a node that uses a restricted global, a runtime import and string connection types',
			path: 'nodes/Bad/Bad.node.ts',
			text: BAD_NODE,
			rules: ['@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports', '@n8n/community-nodes/node-connection-type-literal'],
		},
		{
			title: 'holds TypeScript tests to the same rules (Node built-ins, process, console, secrets in source)',
			path: 'test/nodes/bad.test.ts',
			text: BAD_TEST,
			rules: ['@n8n/community-nodes/no-restricted-imports', '@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-hardcoded-secrets', 'no-console'],
		},
	])('$title', ({ path, text, rules }) => {
		const result = lintText(path, text);
		expect(result.exitCode).toBe(1);
		expect(result.rules).toEqual(expect.arrayContaining(rules));
	});

	it('passes the whole repository with no errors and no warnings', () => {
		const { exitCode, output, problems } = lintRepository();
		// On a failure the lint's own report is the message.
		expect(problems ? output : 'no problems').toBe('no problems');
		expect(exitCode).toBe(0);
	}, 180000);

	it('passes without any eslint-disable comment taking effect (no rule is silenced in the sources)', () => {
		const { exitCode, output } = lintRepositoryWithoutInlineConfig();
		expect(output).toBe('');
		expect(exitCode).toBe(0);
	}, 180000);
});
