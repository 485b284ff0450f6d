import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidField } from '../../shared/errors';

/**
 * Hamsa's list answers are not all documented; take the entries from a bare
 * array or from the first array inside the data object, and the total if given.
 */
export function readPage(data: unknown): { entries: IDataObject[]; total?: number } {
	if (Array.isArray(data)) return { entries: data as IDataObject[] };
	if (data === null || typeof data !== 'object') return { entries: [] };
	const record = data as IDataObject;
	const entries = (Object.values(record).find(Array.isArray) as IDataObject[] | undefined) ?? [];
	const total = Number(record.total ?? record.totalCount ?? record.count);
	return { entries, total: Number.isFinite(total) ? total : undefined };
}

/** How many results Return All and Limit ask for (Infinity for all). */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Infinity;
	const value = context.getNodeParameter('limit', itemIndex, 50) as unknown;
	const limit = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw invalidField(context.getNode(), itemIndex, 'Limit', 'it must be a whole number of 1 or more', value);
	}
	return limit;
}

/**
 * How many agents a /v2/voice-agents search has in all, or Infinity when it does
 * not say. Its `total` and `filtered` are not documented and may count the
 * project or the page: the larger one is trusted, and a short page ends paging anyway.
 */
export function agentCount(data: unknown): number {
	const record = (data ?? {}) as IDataObject;
	const counts = [record.total, record.filtered].map(Number).filter(Number.isFinite);
	return counts.length ? Math.max(...counts) : Infinity;
}
