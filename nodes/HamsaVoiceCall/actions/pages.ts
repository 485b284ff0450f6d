import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidField } from '../../shared/errors';
import { hamsaError, hamsaRequest } from '../../shared/hamsa/service';
import type { ItemRequest } from '../../shared/parameters';

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

/** Whether a list's `total`, when Hamsa gives one, is reached by `count` entries. */
export function totalReached(data: unknown, count: number): boolean {
	const { total } = readPage(data);
	return total !== undefined && count >= total;
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

/** What a Get Many asks for: its filters, sent with every page, and how many entries at most (Infinity for all). */
export interface ListRequest {
	qs: IDataObject;
	limit: number;
}

/** How one of Hamsa's lists is paged; each list pages its own way. */
export interface Paging {
	path: string;
	/** What the list holds, for messages: "calls", "phone numbers". */
	what: string;
	/** The query of page `page` (from 1), after `read` entries have arrived, and how many entries it asks for. */
	page(page: number, read: number): { qs: IDataObject; size: number };
	/** Whether Hamsa says nothing comes after this page, `read` entries in. */
	isLast(data: unknown, page: number, read: number): boolean;
}

/**
 * The most pages one item reads. A service that never says "last page" (one
 * that keeps inventing entries) would otherwise be read until n8n runs out of
 * memory; 500 pages are 50,000 to 100,000 entries, more than any real list.
 */
export const MOST_PAGES = 500;

/** What makes two entries the same one: their id, or, without one, all of them. */
function identityOf(entry: IDataObject): string {
	const id = entry?.id;
	return typeof id === 'string' || typeof id === 'number' ? `id:${id}` : JSON.stringify(entry);
}

/**
 * Reads pages until the limit, a short page, the last page, or a page with
 * nothing new; a read, so each request may be retried. Entries already read
 * are skipped: offset paging shows an entry twice when new ones arrive at the
 * top meanwhile. A page of only known entries means the service is not
 * paging (it ignores skip or page), so asking for more would loop forever.
 */
export async function readPages(
	this: IExecuteFunctions,
	list: ListRequest,
	item: ItemRequest,
	paging: Paging,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	let read = 0;
	for (let page = 1; results.length < list.limit; page++) {
		if (page > MOST_PAGES) {
			throw await hamsaError.call(this, {
				message: `Return All stopped after ${MOST_PAGES} pages (${results.length} ${paging.what}): Hamsa kept sending pages`,
				delivery: 'delivered',
				itemIndex: item.itemIndex,
				hint: 'Set a Limit, or narrow the filters, to read fewer.',
			});
		}
		const { qs, size } = paging.page(page, read);
		const data = await hamsaRequest.call(this, {
			method: 'GET',
			path: paging.path,
			qs: { ...list.qs, ...qs },
			idempotent: true,
			...item,
		});
		const { entries, total } = readPage(data);
		const fresh = entries.filter((entry) => {
			const identity = identityOf(entry);
			if (seen.has(identity)) return false;
			seen.add(identity);
			return true;
		});
		results.push(...fresh.slice(0, list.limit - results.length));
		read += entries.length;
		if (entries.length > 0 && fresh.length === 0) {
			if (total !== undefined && results.length < total && results.length < list.limit) {
				throw await hamsaError.call(this, {
					message: `Page ${page} of the ${paging.what} brought only ones already read, although Hamsa counts ${total}; ${results.length} could be read`,
					delivery: 'delivered',
					itemIndex: item.itemIndex,
					hint: 'Hamsa seems to ignore the paging parameters. Set a Limit of at most one page, or narrow the filters.',
				});
			}
			break;
		}
		if (entries.length < size || paging.isLast(data, page, read)) break;
	}
	return results;
}
