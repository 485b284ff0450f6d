/**
 * Reading parameters with the checks that must pass before a request is sent.
 * Each error names the field (by its display name) and the item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MOST_RETRIES, SHORTEST_TIMEOUT_MS } from './defaults';
import { invalidField, missingField } from './errors';
import { normalisePhoneNumber } from './phone';

export function requiredText(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	displayName: string,
	hint = '',
): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text === '') throw missingField(context.getNode(), itemIndex, displayName, hint);
	return text;
}

export function optionalText(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

/** A resource locator or plain string, returned as the bare id. */
export function requiredId(context: IExecuteFunctions, name: string, itemIndex: number, displayName: string): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text === '') throw missingField(context.getNode(), itemIndex, displayName);
	return text;
}

export function requiredPhone(context: IExecuteFunctions, name: string, itemIndex: number, displayName: string): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw);
	if (text.trim() === '') throw missingField(context.getNode(), itemIndex, displayName, 'Use the international format, e.g. +14155550100.');
	const check = normalisePhoneNumber(text);
	if (!check.valid) {
		throw invalidField(context.getNode(), itemIndex, displayName, `${check.reason}. Use the international format, e.g. +14155550100`, text);
	}
	return check.e164;
}

/** A positive whole number typed as a number or as text (sessions ids come from earlier nodes). */
export function optionalPositiveInteger(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	displayName: string,
): number | undefined {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
	const text = String(raw).trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
		throw invalidField(context.getNode(), itemIndex, displayName, 'it must be a positive whole number', raw);
	}
	return Number(text);
}

/**
 * The item an operation runs for and its request options (Max Retries,
 * Timeout), as the transport takes them: spread into each of its requests.
 */
export interface ItemRequest {
	itemIndex: number;
	maxRetries: number;
	timeoutMs: number;
}

export function itemRequest(context: IExecuteFunctions, itemIndex: number): ItemRequest {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const maxRetries = Number(options.maxRetries ?? DEFAULT_MAX_RETRIES);
	const timeoutMs = Number(options.timeout ?? DEFAULT_TIMEOUT_MS);
	return {
		itemIndex,
		maxRetries: Number.isFinite(maxRetries) ? Math.max(0, Math.min(MOST_RETRIES, Math.floor(maxRetries))) : DEFAULT_MAX_RETRIES,
		timeoutMs: Number.isFinite(timeoutMs) && timeoutMs >= SHORTEST_TIMEOUT_MS ? timeoutMs : DEFAULT_TIMEOUT_MS,
	};
}

/** Parses a JSON object parameter (a string in the editor, already an object from expressions). */
export function jsonObjectParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	displayName: string,
): IDataObject {
	const raw = context.getNodeParameter(name, itemIndex, {}) as unknown;
	if (raw === undefined || raw === null || raw === '') return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw invalidField(context.getNode(), itemIndex, displayName, `it is not valid JSON (${(error as Error).message})`);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw invalidField(context.getNode(), itemIndex, displayName, 'it must be a JSON object like {"name": "Ada"}');
	}
	return value as IDataObject;
}
