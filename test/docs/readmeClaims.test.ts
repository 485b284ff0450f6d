/**
 * The README checks of readme.test.ts can fail: each is handed a copy of the
 * README text with one claim removed or altered (or a run's output with a
 * field taken out) and must report exactly that.
 */
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { nodeInstances } from '../harness/packageClasses';
import { readRepoFile } from '../harness/repoFiles';
import { useSimulator } from '../harness/simulator';
import { headingAnchors, headingSlug, readmeActions, readmeTriggerOutputs, readmeTriggers } from '../ui/lib/readme';
import { OPERATION_RUNS, SIMULATOR_PACE } from './operationRuns';
import { operationDrift, outputProblems, runFor, triggerEventDrift, type ReadmeOperation, type RunOutput } from './readmeClaims';

const README = readRepoFile('README.md');
const descriptions = Object.fromEntries((nodeInstances() as INodeType[]).map((node) => [node.description.displayName, node.description]));
const VOICE: INodeTypeDescription = descriptions['Hamsa Voice Call'];
const TRIGGER: INodeTypeDescription = descriptions['Hamsa Trigger'];

const END_LINE = '- **Call → End** (*End a call*): `callId`, `ended`.\n';

/** The README with `from` replaced by `to`, failing if `from` is not in it (so the test follows the README). */
function altered(from: string, to: string): string {
	expect(README).toContain(from);
	return README.replace(from, to);
}

const voiceLines = (text: string) => readmeActions('Hamsa Voice Call', text) as ReadmeOperation[];

describe('the operation lines check reports', () => {
	it('nothing for the README as it is', () => {
		expect(operationDrift('Hamsa Voice Call', voiceLines(README), VOICE)).toEqual([]);
	});

	it('an operation whose line was removed', () => {
		expect(operationDrift('Hamsa Voice Call', voiceLines(altered(END_LINE, '')), VOICE)).toEqual([
			'README has no line for Hamsa Voice Call: Call → End (*End a call*)',
		]);
	});

	it('a line for an operation the node does not have', () => {
		const text = altered(END_LINE, `${END_LINE}- **Call → Transfer** (*Transfer a call*): \`callId\`.\n`);
		expect(operationDrift('Hamsa Voice Call', voiceLines(text), VOICE)).toEqual([
			'README names Hamsa Voice Call: Call → Transfer (*Transfer a call*), which the node does not have',
		]);
	});

	it('an action label that is not the one the node panel shows', () => {
		const text = altered('(*End a call*)', '(*Hang up a call*)');
		expect(operationDrift('Hamsa Voice Call', voiceLines(text), VOICE)).toEqual([
			'README has no line for Hamsa Voice Call: Call → End (*End a call*)',
			'README names Hamsa Voice Call: Call → End (*Hang up a call*), which the node does not have',
		]);
	});

	it('a line written twice', () => {
		const text = altered(END_LINE, END_LINE + END_LINE);
		expect(operationDrift('Hamsa Voice Call', voiceLines(text), VOICE)).toEqual(['README names Hamsa Voice Call: Call → End (*End a call*) twice']);
	});

	it('a line with no run in operationRuns.ts: "no run for <Resource → Operation>: add one"', () => {
		const text = altered(END_LINE, `${END_LINE}- **Call → Transfer** (*Transfer a call*): \`callId\`.\n`);
		const transfer = voiceLines(text).find((line) => line.operation === 'Transfer')!;
		expect(() => runFor(OPERATION_RUNS['Hamsa Voice Call'], transfer)).toThrow('no run for Call → Transfer: add one');
	});
});

describe('the trigger events check reports', () => {
	const events = (text: string) => readmeTriggers('Hamsa Trigger', text) as string[];

	it('nothing for the README as it is', () => {
		expect(triggerEventDrift('Hamsa Trigger', events(README), TRIGGER)).toEqual([]);
	});

	it('an event taken out of the events line', () => {
		expect(triggerEventDrift('Hamsa Trigger', events(altered('*On tool executed*,', '')), TRIGGER)).toEqual([
			'README\'s events line for Hamsa Trigger misses "on tool executed"',
		]);
	});

	it('an event the trigger does not offer', () => {
		expect(triggerEventDrift('Hamsa Trigger', events(altered('*On call answered*', '*On call transferred*')), TRIGGER)).toEqual([
			'README\'s events line for Hamsa Trigger misses "on call answered"',
			'README\'s events line for Hamsa Trigger names "on call transferred", which is not one of the trigger\'s events',
		]);
	});
});

describe('the outputs check reports', () => {
	const context = useSimulator(SIMULATOR_PACE);

	async function realOutputs(displayName: string, line: ReadmeOperation): Promise<RunOutput[]> {
		const outputs: RunOutput[] = [];
		for (const { label, fields, run } of runFor(OPERATION_RUNS[displayName], line)) {
			context.sim.reset();
			const result = await run(context.sim);
			expect(result.error).toBeUndefined();
			outputs.push({ label, fields, items: result.items.map((item) => item.json) });
		}
		return outputs;
	}

	it('a real README claim altered in a copy: Call → End said to output `endedAt`, run against the simulator', async () => {
		const text = altered(END_LINE, '- **Call → End** (*End a call*): `callId`, `endedAt`.\n');
		const line = voiceLines(text).find((entry) => entry.operation === 'End')!;
		expect(line.outputs).toEqual(['callId', 'endedAt']);
		const problems = outputProblems('Hamsa Voice Call: Call → End', line.outputs, await realOutputs('Hamsa Voice Call', line));
		expect(problems).toEqual(['Hamsa Voice Call: Call → End: README says it outputs `endedAt`, not in the output (default options): callId, ended, message']);
	});

	it('a field the README claims that the node stopped outputting (taken out of a real run\'s items)', async () => {
		const line = (readmeActions('HotTask Chat', README) as ReadmeOperation[]).find((entry) => entry.resource === 'Session')!;
		const outputs = await realOutputs('HotTask Chat', line);
		expect(outputProblems('Session → Create', line.outputs, outputs)).toEqual([]);
		for (const item of outputs[0].items) delete item.sessionId;
		expect(outputProblems('Session → Create', line.outputs, outputs)).toEqual([
			'Session → Create: README says it outputs `sessionId`, not in the output (default options): chatbotId',
		]);
	});

	it('Ask\'s streamed-only ids when looked for in an answer that was not streamed', async () => {
		const line = (readmeActions('HotTask Chat', README) as ReadmeOperation[]).find((entry) => entry.operation === 'Ask')!;
		const [notStreamed] = await realOutputs('HotTask Chat', line);
		expect(outputProblems('Message → Ask', line.outputs, [notStreamed]).map((problem) => problem.split(',')[0])).toEqual([
			'Message → Ask: README says it outputs `questionId`',
			'Message → Ask: README says it outputs `answerId`',
		]);
	});

	it('a run for a field the README does not name, a run with no items, and no main run', () => {
		expect(outputProblems('X', ['a'], [{ label: 'main', items: [{ a: 1 }] }, { label: 'special', fields: ['b'], items: [{ b: 1 }] }])).toEqual([
			'X: a run is for `b`, which the README does not name',
		]);
		expect(outputProblems('X', ['a'], [{ label: 'main', items: [] }])).toEqual([
			'X (main) output no items',
			'X: README says it outputs `a`, not in the output (main): ',
		]);
		expect(outputProblems('X', ['b'], [{ label: 'special', fields: ['b'], items: [{ b: 1 }] }])).toEqual(['X: no run shows its main outputs']);
	});

	it('the trigger\'s campaignId when only a call outside a campaign is run', () => {
		const claimed = readmeTriggerOutputs('Hamsa Trigger', README) as string[];
		expect(claimed).toContain('campaignId');
		const plainCall = Object.fromEntries(claimed.filter((field) => field !== 'campaignId').map((field) => [field, 'x']));
		expect(outputProblems('Hamsa Trigger', claimed, [{ label: 'a call', items: [plainCall] }])).toEqual([
			`Hamsa Trigger: README says it outputs \`campaignId\`, not in the output (a call): ${Object.keys(plainCall).join(', ')}`,
		]);
		const renamed = readmeTriggerOutputs('Hamsa Trigger', altered('`deliveryId`', '`deliveryKey`')) as string[];
		expect(outputProblems('Hamsa Trigger', renamed, [{ label: 'a call', items: [{ ...plainCall, campaignId: 'c' }] }])).toEqual([
			`Hamsa Trigger: README says it outputs \`deliveryKey\`, not in the output (a call): ${[...Object.keys(plainCall), 'campaignId'].join(', ')}`,
		]);
	});
});

describe('GitHub heading anchors', () => {
	it.each([
		['HotTask Chat', 'hottask-chat'],
		['CRM lead → call → outcome → CRM', 'crm-lead--call--outcome--crm'],
		['AI Agent tools: real calls, real SMS', 'ai-agent-tools-real-calls-real-sms'],
		['What the nodes check, retry and keep secret', 'what-the-nodes-check-retry-and-keep-secret'],
		['`Start and Wait` for *Outcome*', 'start-and-wait-for-outcome'],
		['[Hamsa](https://tryhamsa.com) webhooks', 'hamsa-webhooks'],
		['snake_case & co.', 'snake_case--co'],
		['Ünïcode Überschrift', 'ünïcode-überschrift'],
	])('%s → #%s', (heading, anchor) => {
		expect(headingSlug(heading)).toBe(anchor);
	});

	it('numbers a repeated heading and skips "#" lines in code blocks', () => {
		const text = '# Top\n\n```bash\n# not a heading\n```\n\n## Usage\n### Hamsa Trigger\n## More\n### Hamsa Trigger ##\n';
		expect(headingAnchors(text)).toEqual([
			{ level: 1, text: 'Top', anchor: 'top' },
			{ level: 2, text: 'Usage', anchor: 'usage' },
			{ level: 3, text: 'Hamsa Trigger', anchor: 'hamsa-trigger' },
			{ level: 2, text: 'More', anchor: 'more' },
			{ level: 3, text: 'Hamsa Trigger', anchor: 'hamsa-trigger-1' },
		]);
	});

	it('gives the README\'s repeated "Hamsa Trigger" heading (Operations, then Usage) -1 the second time', () => {
		const anchors = (headingAnchors(README) as Array<{ text: string; anchor: string }>).filter((heading) => heading.text === 'Hamsa Trigger');
		expect(anchors.map((heading) => heading.anchor)).toEqual(['hamsa-trigger', 'hamsa-trigger-1']);
	});
});
