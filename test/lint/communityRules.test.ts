/**
 * The lint must really run n8n's community-node rules: a node that breaks
 * them fails, and our own nodes and credentials pass.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const eslint = path.join(root, 'node_modules', '.bin', 'eslint');
// eslint-plugin-n8n-nodes-base reads file names differently when NODE_ENV is
// "test" (its own test mode), which jest sets: lint as `npm run lint` does.
const env = { ...process.env, NODE_ENV: 'production' };

function lintText(filePath: string, code: string) {
	const result = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', filePath], {
		cwd: root,
		input: code,
		encoding: 'utf8',
		env,
	});
	const [report] = JSON.parse(result.stdout || '[]') as Array<{ messages: Array<{ ruleId: string; severity: number }> }>;
	return { exitCode: result.status, rules: (report?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId) };
}

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

describe('npm run lint (n8n community-node rules)', () => {
	it('fails a node that uses a restricted global, a runtime import and string connection types', () => {
		const { exitCode, rules } = lintText('nodes/Bad/Bad.node.ts', BAD_NODE);
		expect(exitCode).toBe(1);
		expect(rules).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-restricted-imports',
				'@n8n/community-nodes/node-connection-type-literal',
			]),
		);
	});

	it('passes our nodes, credentials and package.json', () => {
		const result = spawnSync(eslint, ['nodes', 'credentials', 'package.json'], { cwd: root, encoding: 'utf8', env });
		expect(result.stdout + result.stderr).toBe('');
		expect(result.status).toBe(0);
	});
});
