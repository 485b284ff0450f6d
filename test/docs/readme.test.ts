/**
 * The README's Operations section, kept true (issue "A README for n8n users",
 * "Docs stay tested"):
 * - every operation of every action node has its line, with the action label
 *   the node panel shows, and no line names an operation that does not exist;
 *   the Hamsa Trigger's events line names its events;
 * - every output field a line names in backticks is output by that operation,
 *   run on n8n's engine against the simulator (operationRuns.ts says how), and
 *   so is every field of the Hamsa Trigger's "Outputs" sentence;
 * - every in-page link of the README goes to one of its headings.
 * The checks themselves are shown to fail on an altered README in readmeClaims.test.ts.
 */
import type { INodeType } from 'n8n-workflow';
import { nodeInstances } from '../harness/packageClasses';
import { readRepoFile, repoFileExists } from '../harness/repoFiles';
import { useSimulator } from '../harness/simulator';
import { headingAnchors, readmeActions, readmeTriggerOutputs, readmeTriggers } from '../ui/lib/readme';
import { toolTriggerItems } from './toolTriggerRun';
import { OPERATION_RUNS, SIMULATOR_PACE, TRIGGER_RUNS, triggerItems } from './operationRuns';
import { operationDrift, operationKey, outputProblems, runFor, triggerEventDrift, type ReadmeOperation, type RunOutput } from './readmeClaims';

const README = readRepoFile('README.md');
const nodes = (nodeInstances() as INodeType[]).map((node) => node.description);
const isTrigger = (description: INodeType['description']) => description.group.includes('trigger');
const actionNodes = nodes.filter((description) => !isTrigger(description));
// The Hamsa Tool Trigger is started by a tool call, not by call events: its own checks are below.
const TOOL_TRIGGER = 'Hamsa Tool Trigger';
const triggerNodes = nodes.filter((description) => isTrigger(description) && description.displayName !== TOOL_TRIGGER);

const lines = (displayName: string) => readmeActions(displayName, README) as ReadmeOperation[];

describe('README → Operations lists every operation, as the node panel names it', () => {
	it('covers the four action nodes and the two triggers', () => {
		expect(actionNodes.map((node) => node.displayName).sort()).toEqual(['Hamsa Speech', 'Hamsa Voice Call', 'HotTask Chat', 'HotTask Twilio']);
		expect(triggerNodes.map((node) => node.displayName)).toEqual(['Hamsa Trigger']);
		expect(nodes.filter(isTrigger).map((node) => node.displayName).sort()).toEqual([TOOL_TRIGGER, 'Hamsa Trigger']);
	});

	it.each(actionNodes.map((description) => [description.displayName, description] as const))(
		'%s: one line per resource → operation, with its action, and none for operations it does not have',
		(displayName, description) => {
			expect(operationDrift(displayName, lines(displayName), description)).toEqual([]);
		},
	);

	it.each(triggerNodes.map((description) => [description.displayName, description] as const))(
		'%s: the events line names each of its events',
		(displayName, description) => {
			expect(triggerEventDrift(displayName, readmeTriggers(displayName, README) as string[], description)).toEqual([]);
		},
	);
});

describe('README → Operations: every output a line names is output', () => {
	const context = useSimulator(SIMULATOR_PACE);

	describe.each(actionNodes.map((description) => description.displayName))('%s', (displayName) => {
		const table = OPERATION_RUNS[displayName] ?? {};

		it('has a run in operationRuns.ts only for operations the README lists', () => {
			const listed = lines(displayName).map(operationKey);
			expect(Object.keys(table).filter((key) => !listed.includes(key))).toEqual([]);
		});

		it.each(lines(displayName).map((line) => [operationKey(line), line] as const))('%s', async (_key, line) => {
			const runs = runFor(table, line);
			const outputs: RunOutput[] = [];
			for (const { label, fields, run } of runs) {
				context.sim.reset();
				const result = await run(context.sim);
				if (result.error) throw new Error(`${operationKey(line)} (${label}) failed: ${result.error.message}`);
				outputs.push({ label, fields, items: result.items.map((item) => item.json) });
			}
			expect(outputProblems(`${displayName}: ${operationKey(line)}`, line.outputs, outputs)).toEqual([]);
		});
	});

	it.each(triggerNodes.map((description) => description.displayName))('%s: the "Outputs" sentence, against real call.ended events', async (displayName) => {
		const claimed = readmeTriggerOutputs(displayName, README) as string[];
		expect(claimed.length).toBeGreaterThan(0);
		const outputs: RunOutput[] = [];
		for (const { label, fields, run } of TRIGGER_RUNS) {
			context.sim.reset();
			const result = await run(context.sim);
			if (result.error || result.status !== 200) throw new Error(`${label}: the trigger answered ${result.status} ${result.error?.message ?? ''}`);
			outputs.push({ label, fields, items: triggerItems(result) });
		}
		expect(outputProblems(displayName, claimed, outputs)).toEqual([]);
	});

	it(`${TOOL_TRIGGER}: the "Outputs" sentence, against a tool call with a \`date\` parameter`, async () => {
		const claimed = readmeTriggerOutputs(TOOL_TRIGGER, README) as string[];
		expect(claimed.length).toBeGreaterThan(0);
		const items = await toolTriggerItems(context.sim);
		expect(outputProblems(TOOL_TRIGGER, claimed, [{ label: 'a tool call', items }])).toEqual([]);
	});
});

describe('README links', () => {
	const anchors = headingAnchors(README).map((heading: { anchor: string }) => heading.anchor);

	it('every in-page link goes to a heading of the README', () => {
		const links = [...README.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]);
		expect(links.length).toBeGreaterThan(0);
		expect(links.filter((anchor) => !anchors.includes(anchor))).toEqual([]);
	});

	it('every link to a file of the repository finds it, and its heading when it names one', () => {
		const broken: string[] = [];
		for (const [, target] of README.matchAll(/\]\(((?!https?:|#|mailto:)[^)\s]+)\)/g)) {
			const [file, anchor] = target.split('#');
			const path = file.replace(/\/$/, '');
			if (!repoFileExists(path)) broken.push(`${target}: no such file`);
			else if (anchor && !headingAnchors(readRepoFile(path)).some((heading: { anchor: string }) => heading.anchor === anchor)) {
				broken.push(`${target}: no such heading`);
			}
		}
		expect(broken).toEqual([]);
	});
});
