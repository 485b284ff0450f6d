/**
 * The README's claims about the nodes, checked against the nodes themselves:
 * which operations each action node has (and their action labels), which
 * events the trigger offers, and which fields an operation outputs. Pure
 * functions of the README text and the node descriptions or run outputs, so a
 * test can feed them an altered README and see them report it.
 */
import type { IDataObject, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

/** One `- **Resource → Operation** (*action*): … `field`, … ` line (see test/ui/lib/readme.js). */
export interface ReadmeOperation {
	resource: string;
	operation: string;
	action: string;
	/** The field names the line puts in backticks after the action. */
	outputs: string[];
}

/** How the README writes an operation: `Message → Ask`. */
export const operationKey = (entry: { resource: string; operation: string }): string => `${entry.resource} → ${entry.operation}`;

const withAction = (entry: { resource: string; operation: string; action: string }) => `${operationKey(entry)} (*${entry.action}*)`;

/** Every resource → operation of an action node, with display names and action labels, as the node panel lists them. */
export function nodeOperations(description: INodeTypeDescription): Array<{ resource: string; operation: string; action: string }> {
	const resourceSelector = description.properties.find((property) => property.name === 'resource');
	const resources = (resourceSelector?.options ?? []) as INodePropertyOptions[];
	return description.properties
		.filter((property) => property.name === 'operation' && property.type === 'options')
		.flatMap((selector) => {
			const shownFor = (selector.displayOptions?.show?.resource ?? []) as string[];
			return shownFor.flatMap((resourceValue) => {
				const resource = resources.find((option) => option.value === resourceValue);
				return ((selector.options ?? []) as INodePropertyOptions[]).map((option) => ({
					resource: resource?.name ?? `<resource ${resourceValue} has no Resource option>`,
					operation: option.name,
					action: option.action ?? `<${option.name} has no action label>`,
				}));
			});
		});
}

/**
 * What differs between the README's operation lines for a node and the node's
 * operations: one message per operation the README misses, per line naming an
 * operation (or action label) the node does not have, per line written twice.
 */
export function operationDrift(
	displayName: string,
	readme: Array<{ resource: string; operation: string; action: string }>,
	description: INodeTypeDescription,
): string[] {
	const documented = readme.map(withAction);
	const real = nodeOperations(description).map(withAction);
	return [
		...real.filter((entry) => !documented.includes(entry)).map((entry) => `README has no line for ${displayName}: ${entry}`),
		...documented.filter((entry) => !real.includes(entry)).map((entry) => `README names ${displayName}: ${entry}, which the node does not have`),
		...documented.filter((entry, index) => documented.indexOf(entry) !== index).map((entry) => `README names ${displayName}: ${entry} twice`),
	];
}

/**
 * The trigger entries n8n's node panel shows for a trigger's Events options:
 * "On " and the option's name. Compared without case: the editor suite checks
 * the panel's own spelling.
 */
export function triggerEventDrift(displayName: string, readme: string[], description: INodeTypeDescription): string[] {
	const events = description.properties.find((property) => property.name === 'events');
	const real = ((events?.options ?? []) as INodePropertyOptions[]).map((option) => `On ${option.name}`.toLowerCase());
	const documented = readme.map((entry) => entry.toLowerCase());
	return [
		...real.filter((entry) => !documented.includes(entry)).map((entry) => `README's events line for ${displayName} misses "${entry}"`),
		...documented.filter((entry) => !real.includes(entry)).map((entry) => `README's events line for ${displayName} names "${entry}", which is not one of the trigger's events`),
	];
}

/** What one run of an operation output (the json of each item), under a label. */
export interface RunOutput {
	label: string;
	/**
	 * The claimed fields this run is for, when the README names them as output
	 * only in some case (Ask's `questionId` only when streamed): they are looked
	 * for here, and only here. Runs without `fields` must show every other claim.
	 */
	fields?: string[];
	items: IDataObject[];
}

/**
 * Each README claim about an operation's output that its runs contradict: a
 * backticked field that is not a key of any output item of the run that
 * should show it; and runs for fields the README does not claim.
 */
export function outputProblems(what: string, claimed: string[], runs: RunOutput[]): string[] {
	const problems: string[] = [];
	const keysOf = (run: RunOutput) => new Set(run.items.flatMap((item) => Object.keys(item)));
	const special = new Set(runs.flatMap((run) => run.fields ?? []));
	const main = runs.filter((run) => run.fields === undefined);
	if (main.length === 0) problems.push(`${what}: no run shows its main outputs`);
	for (const run of runs) {
		if (run.items.length === 0) problems.push(`${what} (${run.label}) output no items`);
	}
	for (const field of claimed) {
		const showing = special.has(field) ? runs.filter((run) => run.fields?.includes(field)) : main;
		for (const run of showing) {
			if (!keysOf(run).has(field)) {
				problems.push(`${what}: README says it outputs \`${field}\`, not in the output (${run.label}): ${[...keysOf(run)].join(', ')}`);
			}
		}
	}
	for (const field of special) {
		if (!claimed.includes(field)) problems.push(`${what}: a run is for \`${field}\`, which the README does not name`);
	}
	return problems;
}

/** The entry of `table` for a README operation, or an error saying to add one. */
export function runFor<T>(table: Record<string, T>, entry: { resource: string; operation: string }): T {
	const key = operationKey(entry);
	if (!Object.prototype.hasOwnProperty.call(table, key)) throw new Error(`no run for ${key}: add one`);
	return table[key];
}
