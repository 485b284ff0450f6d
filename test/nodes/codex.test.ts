/**
 * The codex files (`nodes/<Node>/<Node>.node.json`) decide where n8n's node
 * panel shows a node and which words find it. A community node that declares
 * the category "AI" (without n8n's AI node SDK) or any subcategory is filtered
 * out of the panel's main search — users then cannot add it at all. These
 * rules are the ones n8n's community lint enforces (`no-ai-codex-category`,
 * `no-codex-subcategories`, `valid-codex-categories`) and the category list is
 * the one n8n's "Node codex files" reference offers to node builders:
 * https://docs.n8n.io/integrations/creating-nodes/build/reference/node-codex-files/
 */
import type { INodeType } from 'n8n-workflow';
import { loadRepoModule, readRepoFile, readRepoJson } from '../harness/repoFiles';
import { headingAnchors } from '../ui/lib/readme';

const pkg = readRepoJson('package.json') as { name: string; homepage: string; n8n: { nodes: string[] } };

/** The README's headings with the anchors GitHub gives them (a repeated heading's second anchor ends in -1). */
const readmeHeadings = headingAnchors(readRepoFile('README.md')) as Array<{ level: number; text: string; anchor: string }>;

const COMMUNITY_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

/** Words people type into the node panel, per node; each must find the node. */
const EXPECTED_ALIASES: Record<string, string[]> = {
	HotTaskChat: ['chatbot', 'AI answer', 'question', 'HotTask'],
	HotTaskTwilio: ['SMS', 'text message', 'Twilio', 'HotTask'],
	HamsaVoiceCall: ['voice call', 'phone call', 'voice agent', 'transcript', 'Hamsa'],
	HamsaTrigger: ['call ended', 'call outcome', 'transcript', 'webhook', 'Hamsa'],
	HamsaToolTrigger: ['tool', 'function', 'mid-call', 'voice agent tool', 'Hamsa'],
	HamsaSpeech: ['transcribe', 'speech to text', 'text to speech', 'TTS', 'STT', 'voice note', 'Hamsa'],
};

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	subcategories?: unknown;
	alias?: string[];
	resources?: { primaryDocumentation?: Array<{ url: string }> };
}

const nodeFiles: string[] = pkg.n8n.nodes;
const nodes = nodeFiles.map((distFile) => {
	// dist/nodes/<Folder>/<Base>.node.js, all paths relative to the repository
	const [, , folder, fileName] = distFile.split('/');
	const base = fileName.replace(/\.node\.js$/, '');
	return {
		base,
		distFile,
		codexFile: `nodes/${folder}/${base}.node.json`,
		sourceFile: `nodes/${folder}/${base}.node.ts`,
		builtCodexFile: `dist/nodes/${folder}/${base}.node.json`,
	};
});

const readCodex = (file: string) => readRepoJson(file) as Codex;

describe('codex files: every node can be found in n8n\'s node panel', () => {
	it('covers the six nodes the package declares', () => {
		expect(nodes.map((n) => n.base).sort()).toEqual(['HamsaSpeech', 'HamsaToolTrigger', 'HamsaTrigger', 'HamsaVoiceCall', 'HotTaskChat', 'HotTaskTwilio']);
	});

	describe.each(nodes)('$base', (node) => {
		const codex = readCodex(node.codexFile);
		// The built node, as n8n loads it: its description is what the codex describes.
		const NodeClass = (loadRepoModule(node.distFile) as Record<string, new () => INodeType>)[node.base];
		const description = new NodeClass().description;

		it('names the node as <package>.<node name>, at the node\'s version', () => {
			expect(codex.node).toBe(`${pkg.name}.${description.name}`);
			expect(Number(codex.nodeVersion)).toBe(Math.max(...[description.version].flat()));
			expect(codex.codexVersion).toBe('1.0');
		});

		it('uses only categories n8n offers community nodes, never "AI"', () => {
			expect(codex.categories.length).toBeGreaterThan(0);
			for (const category of codex.categories) expect(COMMUNITY_CATEGORIES).toContain(category);
			expect(codex.categories).not.toContain('AI');
		});

		it('declares no subcategories (n8n hides community nodes that do)', () => {
			expect(codex).not.toHaveProperty('subcategories');
		});

		it('is not overridden by an inline codex in the node description (n8n would ignore the file)', () => {
			expect(description).not.toHaveProperty('codex');
			expect(readRepoFile(node.sourceFile)).not.toMatch(/\bcodex\s*:/);
		});

		it('has aliases for the words people type to find it', () => {
			const aliases = (codex.alias ?? []).map((a) => a.toLowerCase());
			for (const word of EXPECTED_ALIASES[node.base]) expect(aliases).toContain(word.toLowerCase());
			expect(new Set(aliases).size).toBe(aliases.length);
		});

		it('links to the README section of the node', () => {
			const url = codex.resources?.primaryDocumentation?.[0]?.url;
			expect(url).toBe(description.documentationUrl);
		});

		it('links to a heading of the current README: the node\'s own section under Operations, by GitHub\'s anchor', () => {
			const [page, anchor] = String(description.documentationUrl).split('#');
			expect(page).toBe(pkg.homepage.split('#')[0]);
			const heading = readmeHeadings.find((candidate) => candidate.anchor === anchor);
			expect(heading).toBeDefined();
			expect(heading).toMatchObject({ level: 3, text: description.displayName });
			const operations = readmeHeadings.findIndex((candidate) => candidate.level === 2 && candidate.text === 'Operations');
			const next = readmeHeadings.findIndex((candidate, index) => index > operations && candidate.level <= 2);
			expect(readmeHeadings.indexOf(heading!)).toBeGreaterThan(operations);
			expect(readmeHeadings.indexOf(heading!)).toBeLessThan(next < 0 ? readmeHeadings.length : next);
		});

		it('is copied unchanged into dist/ by the build, beside the node', () => {
			expect(readCodex(node.builtCodexFile)).toEqual(codex);
		});
	});
});
