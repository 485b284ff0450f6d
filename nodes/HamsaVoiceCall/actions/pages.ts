import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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
	return Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number));
}
