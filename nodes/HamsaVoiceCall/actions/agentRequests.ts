/**
 * Writes to Hamsa's agents and tools (Create, Update, Delete), and the delete
 * Hamsa's public reference does not show.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { ServiceError } from '../../shared/errors';
import { hamsaError, hamsaRequest } from '../../shared/hamsa/service';
import type { ItemRequest } from '../../shared/parameters';
import { withItemIndex } from '../../shared/router';

export interface HamsaWrite {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	/** Values sent in the body to keep out of errors (a webhook secret, a tool's token). */
	secrets?: string[];
}

/**
 * Sends a write once: never retried after it may have reached Hamsa (only
 * refused connections, 429 and 503 are). Hamsa answers some writes with a
 * message and no `data` ("Voice agent updated successfully"): any 2xx is a
 * success, with `data` undefined then.
 */
export async function hamsaWrite(
	this: IExecuteFunctions,
	write: HamsaWrite,
	item: ItemRequest,
): Promise<{ data?: unknown; message?: string }> {
	try {
		const data = await hamsaRequest.call(this, { ...write, idempotent: false, ...item, secrets: write.secrets });
		return { data };
	} catch (error) {
		if (error instanceof ServiceError) {
			const status = error.serviceFailure.httpStatus ?? 0;
			if (status >= 200 && status < 300) return { message: error.serviceFailure.message };
		}
		throw withItemIndex(this, error, item.itemIndex);
	}
}

/** A read of one agent or tool, retried like every read. */
export async function hamsaRead(this: IExecuteFunctions, path: string, item: ItemRequest): Promise<IDataObject> {
	const data = await hamsaRequest.call(this, { method: 'GET', path, idempotent: true, ...item });
	return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}

export interface UnconfirmedDelete {
	/** "voice agent" or "tool", as the messages name it. */
	what: string;
	/** The DELETE path (our guess: Hamsa documents none). */
	path: string;
	/** Where the same thing is read, to tell "no such delete" from "no such thing" after a 404. */
	readPath: string;
	id: string;
}

/**
 * DELETE where Hamsa documents no delete. A 405 (or 501) means the path has
 * no delete. A 404 is ambiguous (no such route, or no such thing), so the
 * thing is read: when it exists, Hamsa has no delete for it; when it does
 * not, Hamsa's "not found" stands. Either way the user is told plainly.
 */
export async function deleteUnconfirmed(this: IExecuteFunctions, target: UnconfirmedDelete, item: ItemRequest): Promise<{ message?: string }> {
	try {
		return await hamsaWrite.call(this, { method: 'DELETE', path: target.path }, item);
	} catch (error) {
		const status = error instanceof ServiceError ? error.serviceFailure.httpStatus : undefined;
		if (status === 405 || status === 501) throw await noDelete.call(this, target, status, item);
		if (status !== 404) throw withItemIndex(this, error, item.itemIndex);
		try {
			await hamsaRead.call(this, target.readPath, item);
		} catch (readError) {
			// The thing itself is not there (or cannot be read): that answer is the clearer one.
			const notFound = readError instanceof ServiceError && readError.serviceFailure.httpStatus === 404;
			throw withItemIndex(this, notFound ? readError : error, item.itemIndex);
		}
		throw await noDelete.call(this, target, status, item);
	}
}

async function noDelete(this: IExecuteFunctions, target: UnconfirmedDelete, status: number, item: ItemRequest): Promise<ServiceError> {
	return await hamsaError.call(this, {
		message: `Hamsa's API has no delete for ${target.what}s (DELETE answered HTTP ${status}), so the ${target.what} ${target.id} was not deleted`,
		httpStatus: status,
		delivery: 'refused',
		itemIndex: item.itemIndex,
		hint: `Delete the ${target.what} in the Hamsa dashboard instead.`,
	});
}
