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
 * What this cannot do: n8n's store reads its list and writes it back whole,
 * with no lock, so two copies whose executions start at the same moment on
 * two workers can both pass (see the README, "Running in production").
 */
import { NodeOperationError } from 'n8n-workflow';
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
		throw new NodeOperationError(context.getNode(), `Could not check n8n's record of earlier Hamsa deliveries: ${(error as Error).message}`, {
			description: 'The event was received but not processed. Retry this execution from the Executions list, or turn off Ignore Repeated Deliveries to let every copy through.',
		});
	}
	return paired.filter((item) => {
		const id = deliveryIdOf(item);
		return id === undefined || !seen.has(id);
	});
}
