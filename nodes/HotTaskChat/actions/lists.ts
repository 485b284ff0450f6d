import type { IDataObject } from 'n8n-workflow';

/**
 * HotTask's list answers are documented only as "a list"; accept a bare array
 * or an object holding the array under any key, one output item per entry.
 */
export function listOf(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.map(toObject);
	if (data !== null && typeof data === 'object') {
		const firstArray = Object.values(data as IDataObject).find(Array.isArray);
		if (firstArray) return (firstArray as unknown[]).map(toObject);
	}
	return [];
}

function toObject(entry: unknown): IDataObject {
	return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject) : { value: entry as string };
}
