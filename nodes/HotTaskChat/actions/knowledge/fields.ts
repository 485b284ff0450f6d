import type { IExecuteFunctions, INodePropertyOptions, INodeProperties } from 'n8n-workflow';
import { invalidField } from '../../../shared/errors';
import { requiredText } from '../../../shared/parameters';

/** The kind of source an Add or Remove works with (both offer Q&A, the default). */
export function knowledgeTypeField(options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Knowledge Type',
		name: 'knowledgeType',
		type: 'options',
		noDataExpression: true,
		default: 'qa',
		description: 'The kind of source',
		options,
	};
}

/** An http(s) address, checked before anything is sent; `displayName` names it in the error. */
export function checkedUrl(context: IExecuteFunctions, name: string, itemIndex: number, displayName: string, hint: string): string {
	const text = requiredText(context, name, itemIndex, displayName);
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) {
		throw invalidField(context.getNode(), itemIndex, displayName, `it is not a web address; ${hint}`, text);
	}
	return text;
}

export function checkedWebsiteUrl(context: IExecuteFunctions, name: string, itemIndex: number): string {
	return checkedUrl(context, name, itemIndex, 'Website URL', 'give the full address starting with https://, e.g. https://example.com/products');
}
