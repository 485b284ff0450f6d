/**
 * The published package holds what n8n loads and nothing else: compiled
 * nodes and credentials, their codex files and one copy of each icon.
 * (`npm test` builds first, so dist/ is current.)
 */
import { iconsReferencedBy, packedFiles } from '../harness/packedFiles';
import { readRepoJson } from '../harness/repoFiles';

const packed = packedFiles();
const paths = packed.files.map((file) => file.path);
const manifest = readRepoJson('package.json') as { main?: string; n8n: { nodes: string[]; credentials: string[] } };

describe('the published tarball', () => {
	it('holds no source maps and no type declarations, which n8n never loads', () => {
		expect(paths.filter((file) => file.endsWith('.map') || file.endsWith('.d.ts'))).toEqual([]);
	});

	it('holds dist/ and the three files npm always adds, nothing else', () => {
		expect(paths.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
	});

	it('holds every node and credential that package.json lists for n8n', () => {
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(paths).toContain(entry);
	});

	it('holds each icon once, and every icon a node or credential names', () => {
		const icons = packed.files.filter((file) => /\.(svg|png)$/.test(file.path));
		const byContent = new Map<string, string[]>();
		for (const icon of icons) byContent.set(icon.sha256, [...(byContent.get(icon.sha256) ?? []), icon.path]);
		expect([...byContent.values()].filter((copies) => copies.length > 1)).toEqual([]);

		const referenced = [...manifest.n8n.nodes, ...manifest.n8n.credentials].flatMap(iconsReferencedBy);
		expect(referenced.length).toBeGreaterThanOrEqual(2 * (manifest.n8n.nodes.length + manifest.n8n.credentials.length));
		for (const icon of referenced) expect(paths).toContain(icon);
	});

	it('names no "main" file that is not in the package', () => {
		if (manifest.main !== undefined) expect(paths).toContain(manifest.main);
	});
});
