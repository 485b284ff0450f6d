import type { IExecuteFunctions } from 'n8n-workflow';
import { invalidField, missingField } from '../../shared/errors';

/** HotTask takes days as YYYY-MM-DD in UTC; n8n's date fields give ISO timestamps. */
export function readDay(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	displayName: string,
	required: boolean,
): string | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text === '') {
		if (required) throw missingField(context.getNode(), itemIndex, displayName);
		return undefined;
	}
	// A day, or a date-time without a zone (what n8n's date picker gives): the day as written.
	if (/^\d{4}-\d{2}-\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) return text.slice(0, 10);
	const time = Date.parse(text);
	if (Number.isNaN(time)) {
		throw invalidField(context.getNode(), itemIndex, displayName, 'it is not a date (use YYYY-MM-DD or an ISO date)', raw);
	}
	return new Date(time).toISOString().slice(0, 10);
}

export function checkOrder(
	context: IExecuteFunctions,
	itemIndex: number,
	start: string | undefined,
	end: string | undefined,
): void {
	if (start && end && start > end) {
		throw invalidField(context.getNode(), itemIndex, 'End Date', `it is before the Start Date (${start})`, end);
	}
}
