/**
 * Every error a user sees is built here, so that each one names the item,
 * says what to fix, says whether the request reached the service, and never
 * carries a secret.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import { describeDelivery, type Delivery } from './retry';

export type ServiceName = 'HotTask' | 'Hamsa';

export interface ServiceFailure {
	service: ServiceName;
	message: string;
	delivery: Delivery | 'refused';
	itemIndex?: number;
	httpStatus?: number;
	serviceCode?: string | number;
	/** What the user can do about it, in their words. */
	hint?: string;
	/** Part of a streamed answer that arrived before the failure. */
	partialAnswer?: string;
	/** The request is safe to send again (a read), so "may have been delivered" is no cause for worry. */
	repeatable?: boolean;
}

/** Replaces every secret (and its Authorization forms) in a text. */
function redactSecrets(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= 4) clean = clean.split(secret).join('***');
	}
	return clean;
}

function itemSuffix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
}

function describeServiceFailure(failure: ServiceFailure): string {
	const facts: string[] = [];
	if (failure.httpStatus !== undefined) facts.push(`HTTP ${failure.httpStatus}`);
	if (failure.serviceCode !== undefined && failure.serviceCode !== '') {
		facts.push(`${failure.service} code ${failure.serviceCode}`);
	}
	const delivery =
		failure.delivery === 'refused'
			? `${failure.service} received the request and refused it, so nothing was done.`
			: failure.delivery === 'mayHaveBeenDelivered' && failure.repeatable
				? `The request may have reached ${failure.service}; repeating it does no harm, so it is safe to run again.`
				: describeDelivery(failure.delivery, failure.service);
	const parts = [facts.length ? `${facts.join(', ')}.` : '', delivery, failure.hint ?? ''];
	if (failure.partialAnswer) parts.push(`Partial answer received: "${failure.partialAnswer}"`);
	return parts.filter(Boolean).join(' ');
}

export class ServiceError extends NodeApiError {
	/** Ours, not n8n 2.x's `failure` (its cause classification, a different shape). */
	readonly serviceFailure: ServiceFailure;

	constructor(node: INode, failure: ServiceFailure, secrets: readonly string[]) {
		const clean: ServiceFailure = {
			...failure,
			message: redactSecrets(failure.message, secrets),
			hint: failure.hint === undefined ? undefined : redactSecrets(failure.hint, secrets),
			partialAnswer: failure.partialAnswer,
		};
		const message = `${clean.service}: ${clean.message}${itemSuffix(clean.itemIndex)}`;
		const description = redactSecrets(describeServiceFailure(clean), secrets);
		// A fresh, plain object: the original transport error holds the request
		// config, Authorization header included, so it must never be attached.
		const response: JsonObject = { message, description };
		if (clean.httpStatus !== undefined) response.httpCode = String(clean.httpStatus);
		super(node, response, {
			message,
			description,
			httpCode: clean.httpStatus !== undefined ? String(clean.httpStatus) : undefined,
			itemIndex: clean.itemIndex,
		});
		this.serviceFailure = clean;
	}
}

/** A parameter the user filled in wrongly; raised before any request is sent. */
export function invalidField(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	value?: unknown,
): NodeOperationError {
	const shown = value === undefined ? '' : ` ${JSON.stringify(value)}`;
	return new NodeOperationError(node, `Invalid ${field}${shown}: ${problem}${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: `Fix the "${field}" parameter of item ${itemIndex}. No request was sent.`,
	});
}

export function missingField(node: INode, itemIndex: number, field: string, hint = ''): NodeOperationError {
	return new NodeOperationError(node, `${field} is required${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: `Fill in the "${field}" parameter of item ${itemIndex}.${hint ? ` ${hint}` : ''} No request was sent.`,
	});
}
