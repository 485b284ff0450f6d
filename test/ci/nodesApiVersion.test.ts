/**
 * n8n 2.41 reads package.json's n8n.n8nNodesApiVersion when it loads a
 * community package (n8n-core's scanDirectoryForPackages, the community
 * packages service): a malformed value, or one above the node API version that
 * n8n supports, makes it skip the package with a warning. Ours is declared,
 * and the engine the unit tests run on accepts it.
 */
import { checkNodesApiVersion } from 'n8n-workflow';

import { readRepoJson } from '../harness/repoFiles';

describe('package.json n8n.n8nNodesApiVersion', () => {
	const pkg = readRepoJson('package.json') as { n8n: Record<string, unknown> };

	it('is declared, as API version 1', () => {
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	it('is one that n8n-workflow (the version n8n 2.41 ships) loads', () => {
		expect(checkNodesApiVersion(pkg)).toEqual({ compatible: true, version: 1 });
	});

	it('n8n would skip a package that asked for more, or declared it wrongly', () => {
		expect(checkNodesApiVersion({ n8n: { n8nNodesApiVersion: 99 } })).toMatchObject({ compatible: false, reason: 'unsupported' });
		expect(checkNodesApiVersion({ n8n: { n8nNodesApiVersion: '1' } })).toMatchObject({ compatible: false, reason: 'malformed' });
	});
});
