/**
 * The trigger's second look at a delivery, when its execution starts (on a
 * worker in queue mode). The webhook process has answered Hamsa already and
 * caught copies that reached that same process; here the delivery id is
 * checked against, and recorded in, n8n's database (the de-duplication store
 * that n8n's Remove Duplicates node uses, scoped to this trigger node), so a
 * copy that reached another webhook process, or came after a restart, ends its
 * execution before any other node runs.
 *
 * Only production deliveries are filtered: a test event (the editor's "Listen
 * for test event") and a retry of a failed execution from n8n's list run again
 * on purpose.
 *
 * When the store fails (a database error), the delivery is let through and a
 * warning is logged: a copy may then run twice, but no event is lost.
 *
 * What this cannot do: n8n's store reads its list and writes it back whole,
 * with no lock, so two copies whose executions start at the same moment on
 * two workers can both pass (see the README, "Running in production").
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { MAX_RECORDED_IN_N8N } from './deliveryLog';

function deliveryIdOf(item: INodeExecutionData): string | undefined {
	const id = item.json.deliveryId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

export async function dropRecordedRepeats(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const paired = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
	if (context.getMode() !== 'webhook') return paired;
	const options = context.getNodeParameter('options', 0, {}) as { ignoreRepeats?: boolean };
	if (options.ignoreRepeats === false) return paired;

	const ids = [...new Set(items.map(deliveryIdOf).filter((id): id is string => id !== undefined))];
	if (ids.length === 0) return paired;
	let seen: Set<string>;
	try {
		const checked = await context.helpers.checkProcessedAndRecord(ids, 'node', { mode: 'entries', maxEntries: MAX_RECORDED_IN_N8N });
		seen = new Set(checked.processed.map(String));
	} catch (error) {
		// Fails open: Hamsa was answered already and will not send the event again,
		// so stopping here would lose it; letting it through risks one repeat.
		// Two executions inserting the store's first row at once (a unique-key
		// violation) or a database pool timeout end up here.
		context.logger.warn(
			`Hamsa Trigger "${context.getNode().name}": n8n's record of earlier deliveries could not be checked, so the event goes on unchecked and may be a repeat: ${errorName(error)}`,
			{ workflowId: context.getWorkflow().id, executionId: context.getExecutionId() },
		);
		return paired;
	}
	return paired.filter((item) => {
		const id = deliveryIdOf(item);
		return id === undefined || !seen.has(id);
	});
}

/**
 * The kind of failure, for the log: its class name and code, not its message,
 * which a database driver may fill with the query and its values.
 */
function errorName(error: unknown): string {
	if (!(error instanceof Error)) return typeof error;
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' || typeof code === 'number' ? `${error.name} (${code})` : error.name;
}
