/**
 * Changing a chatbot's knowledge without losing any of it.
 *
 * HotTask's EditKnowledge takes lists (qaList, websiteList, fileList) and does
 * not say whether a list replaces what the chatbot has or is added to it. So
 * every change is a read-modify-write, one per chatbot for all input items:
 *   1. GetSource: the chatbot's current sources;
 *   2. the lists to send: the current list with the item's additions (a
 *      question already there gets its new answer) and without its removals,
 *      so that in either reading nothing the user did not remove is lost;
 *   3. EditKnowledge, once (a write: never retried after a possible delivery);
 *   4. GetSource again, to check: a source that was there before and was not
 *      removed must still be there, and a removed one must be gone. If
 *      HotTask adds to lists, a removal cannot be expressed, and step 4 says so.
 * Items are grouped by chatbot and the chatbots handled one after another, so
 * two items never read and write the same chatbot's lists at the same time.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemRequest, type ItemRequest } from '../../../shared/parameters';
import { errorItem, withItemIndex } from '../../../shared/router';
import {
	canWrite,
	readSources,
	sameQuestion,
	sameUrl,
	sourceCounts,
	type ListKind,
	type QaPair,
	type Sources,
} from '../../../shared/hotTask/knowledge';
import { hotTaskError, hotTaskRequest } from '../../../shared/hotTask/service';
import { uploadMediaFile, type PreparedFile } from '../../../shared/hotTask/upload';

/** What one input item asks for; the items of one chatbot are merged in input order. */
export interface KnowledgeChange {
	texts: string[];
	qa: QaPair[];
	websites: Array<{ url: string; retrain: boolean }>;
	files: PreparedFile[];
	removeQuestions: string[];
	removeUrls: string[];
	removeFileIds: string[];
}

export function noChange(): KnowledgeChange {
	return { texts: [], qa: [], websites: [], files: [], removeQuestions: [], removeUrls: [], removeFileIds: [] };
}

export const GET_SOURCE = '/chat/Chatbot/GetSource';
export const EDIT_KNOWLEDGE = '/chat/Chatbot/EditKnowledge';

/** The chatbot's sources, read tolerantly (see nodes/shared/hotTask/knowledge.ts). */
export async function readChatbotSources(this: IExecuteFunctions, chatbotId: string, item: ItemRequest): Promise<{ sources: Sources; data: unknown }> {
	const data = await hotTaskRequest.call(this, {
		method: 'POST',
		path: GET_SOURCE,
		body: { serialNumber: chatbotId },
		idempotent: true,
		...item,
	});
	return { sources: readSources(data), data };
}

interface Group {
	chatbotId: string;
	items: number[];
	change: KnowledgeChange;
	/** Which item asked for each removal, to name it when there is nothing to remove. */
	removals: Array<{ field: string; value: string; itemIndex: number }>;
}

/**
 * The whole input as one write per chatbot. `readItem` reads and checks one
 * item (throwing before anything is sent); every item is read before the
 * first request. Output: one item per chatbot, paired with all its items.
 */
export async function writeKnowledge(
	this: IExecuteFunctions,
	readItem: (itemIndex: number) => Promise<{ chatbotId: string; change: KnowledgeChange }>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const groups = new Map<string, Group>();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { chatbotId, change } = await readItem(itemIndex);
			const group = groups.get(chatbotId) ?? { chatbotId, items: [], change: noChange(), removals: [] };
			group.items.push(itemIndex);
			for (const value of change.removeQuestions) group.removals.push({ field: 'Question', value, itemIndex });
			for (const value of change.removeUrls) group.removals.push({ field: 'Website URL', value, itemIndex });
			for (const value of change.removeFileIds) group.removals.push({ field: 'File ID', value, itemIndex });
			for (const key of Object.keys(change) as Array<keyof KnowledgeChange>) (group.change[key] as unknown[]).push(...change[key]);
			groups.set(chatbotId, group);
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	for (const group of groups.values()) {
		const pairedItem = group.items.map((item) => ({ item }));
		try {
			const json = await writeGroup.call(this, group, itemRequest(this, group.items[0]));
			output.push({ json, pairedItem });
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this, error, group.items[0]);
			output.push({ ...errorItem(error, group.items[0]), pairedItem });
		}
	}
	return output.sort((a, b) => firstItem(a) - firstItem(b));
}

function firstItem(entry: INodeExecutionData): number {
	const list = Array.isArray(entry.pairedItem) ? entry.pairedItem : [entry.pairedItem];
	const first = list[0];
	return typeof first === 'object' && first !== null ? first.item : Number(first ?? 0);
}

const LIST_NAMES: Record<ListKind, string> = { qa: 'Q&A pairs', websites: 'websites', files: 'files' };

async function writeGroup(this: IExecuteFunctions, group: Group, item: ItemRequest): Promise<IDataObject> {
	const { chatbotId, change } = group;
	const { sources: before } = await readChatbotSources.call(this, chatbotId, item);

	const writes = new Set<ListKind>();
	if (change.qa.length || change.removeQuestions.length) writes.add('qa');
	if (change.websites.length || change.removeUrls.length) writes.add('websites');
	if (change.files.length || change.removeFileIds.length) writes.add('files');
	for (const kind of writes) {
		if (!canWrite(before, kind)) {
			throw await hotTaskError.call(this, {
				message: `could not find the chatbot's current ${LIST_NAMES[kind]} in HotTask's list of sources, so no change was sent`,
				delivery: 'delivered',
				repeatable: true,
				itemIndex: item.itemIndex,
				hint: `GetSource answered with parts the node does not understand (${before.other.map((o) => o.key).join(', ')}). Sending a new list without the current one could replace it, so the node stopped. Nothing was changed.`,
			});
		}
	}
	checkRemovalsExist(this, group, before);

	const body: IDataObject = { serialNumber: chatbotId };
	if (change.texts.length) body.text = change.texts.join('\n\n');
	if (writes.has('qa')) body.qaList = mergedQa(before.qa, change).map(({ question, answer }) => ({ key: question, value: answer }));
	if (writes.has('websites')) body.websiteList = mergedWebsites(before, change);
	// Files are uploaded only once everything else is known to be fine.
	const uploaded: IDataObject[] = [];
	if (writes.has('files')) {
		const removed = new Set(change.removeFileIds);
		const ids = before.files.map((file) => file.id).filter((id) => !removed.has(id));
		for (const file of change.files) {
			const id = String(await uploadMediaFile.call(this, file, item));
			uploaded.push({ binaryProperty: file.property, fileName: file.fileName, mimeType: file.mimeType ?? '', bytes: file.bytes, fileId: id });
			if (!ids.includes(id)) ids.push(id);
		}
		body.fileList = ids;
	}

	await hotTaskRequest.call(this, { method: 'POST', path: EDIT_KNOWLEDGE, body, idempotent: false, ...item });

	const { sources: after } = await readChatbotSources.call(this, chatbotId, item);
	await checkNothingLost.call(this, group, before, after, item.itemIndex);

	const output: IDataObject = { chatbotId };
	const added: IDataObject = {};
	if (change.texts.length) added.texts = change.texts.length;
	if (change.qa.length) added.qaPairs = change.qa.map(({ question, answer }) => ({ question, answer }));
	if (change.websites.length) added.websites = change.websites.map(({ url, retrain }) => ({ url, retrain }));
	if (uploaded.length) added.files = uploaded;
	if (Object.keys(added).length) output.added = added;
	const removed: IDataObject = {};
	if (change.removeQuestions.length) removed.questions = change.removeQuestions;
	if (change.removeUrls.length) removed.websites = change.removeUrls;
	if (change.removeFileIds.length) removed.fileIds = change.removeFileIds;
	if (Object.keys(removed).length) output.removed = removed;
	output.sourcesBefore = sourceCounts(before);
	output.sourcesAfter = sourceCounts(after);
	return output;
}

/** The current pairs without the removed ones, each added pair replacing the pair with its question or appended. */
function mergedQa(current: QaPair[], change: KnowledgeChange): QaPair[] {
	const removed = new Set(change.removeQuestions.map(sameQuestion));
	const list = current.filter((pair) => !removed.has(sameQuestion(pair.question)));
	for (const pair of change.qa) {
		const at = list.findIndex((existing) => sameQuestion(existing.question) === sameQuestion(pair.question));
		if (at >= 0) list[at] = pair;
		else list.push(pair);
	}
	return list;
}

/** The current websites (not retrained) without the removed ones, with the added ones (retrained as asked). */
function mergedWebsites(before: Sources, change: KnowledgeChange): IDataObject[] {
	const removed = new Set(change.removeUrls.map(sameUrl));
	const list: Array<{ url: string; retrain: boolean }> = before.websites
		.filter((site) => !removed.has(sameUrl(site.url)))
		.map((site) => ({ url: site.url, retrain: false }));
	for (const site of change.websites) {
		const at = list.findIndex((existing) => sameUrl(existing.url) === sameUrl(site.url));
		if (at >= 0) list[at] = { url: list[at].url, retrain: list[at].retrain || site.retrain };
		else list.push({ url: site.url, retrain: site.retrain });
	}
	return list;
}

/** A removal of something the chatbot does not have fails before anything is changed (only GetSource was sent). */
function checkRemovalsExist(context: IExecuteFunctions, group: Group, before: Sources): void {
	const has: Record<string, (value: string) => boolean> = {
		Question: (value) => before.qa.some((pair) => sameQuestion(pair.question) === sameQuestion(value)),
		'Website URL': (value) => before.websites.some((site) => sameUrl(site.url) === sameUrl(value)),
		'File ID': (value) => before.files.some((file) => file.id === value),
	};
	const what: Record<string, string> = { Question: 'Q&A pair with this question', 'Website URL': 'website with this address', 'File ID': 'file with this ID' };
	const missing = group.removals.find(({ field, value }) => !has[field](value));
	if (!missing) return;
	throw new NodeOperationError(
		context.getNode(),
		`Invalid ${missing.field} ${JSON.stringify(missing.value)}: the chatbot has no ${what[missing.field]}, so there is nothing to remove [item ${missing.itemIndex}]`,
		{
			itemIndex: missing.itemIndex,
			description: `Only the chatbot's sources were read; nothing was changed. Get its sources with Knowledge → Get to see what it has.`,
		},
	);
}

function describeList(values: string[]): string {
	return values.map((value) => `"${value}"`).join(', ');
}

/** Step 4: nothing the user kept went missing, and what they removed is gone. */
async function checkNothingLost(this: IExecuteFunctions, group: Group, before: Sources, after: Sources, itemIndex: number): Promise<void> {
	const { change } = group;
	const removedQuestions = new Set(change.removeQuestions.map(sameQuestion));
	const removedUrls = new Set(change.removeUrls.map(sameUrl));
	const removedFiles = new Set(change.removeFileIds);
	const afterQuestions = new Set(after.qa.map((pair) => sameQuestion(pair.question)));
	const afterUrls = new Set(after.websites.map((site) => sameUrl(site.url)));
	const afterFiles = new Set(after.files.map((file) => file.id));
	const afterText = after.texts.join('\n');

	const lost: string[] = [
		...before.texts.filter((value) => !afterText.includes(value.trim())).map((value) => `text "${value.slice(0, 60)}${value.length > 60 ? '…' : ''}"`),
		...before.qa.filter((pair) => !removedQuestions.has(sameQuestion(pair.question)) && !afterQuestions.has(sameQuestion(pair.question))).map((pair) => `Q&A pair "${pair.question}" → "${pair.answer}"`),
		...before.websites.filter((site) => !removedUrls.has(sameUrl(site.url)) && !afterUrls.has(sameUrl(site.url))).map((site) => `website ${site.url}`),
		...before.files.filter((file) => !removedFiles.has(file.id) && !afterFiles.has(file.id)).map((file) => `file ${file.id}${file.name ? ` (${file.name})` : ''}`),
	];
	if (lost.length) {
		throw await hotTaskError.call(this, {
			message: `the chatbot no longer has ${lost.length} source(s) it had before this change and that were not asked to be removed: ${lost.join('; ')}`,
			delivery: 'delivered',
			itemIndex,
			hint: 'HotTask accepted the change but dropped these; add them again (they are listed here in full). Please report this: the node sends every current source back with each change so that this cannot happen.',
		});
	}

	const kept = [
		...change.removeQuestions.filter((question) => afterQuestions.has(sameQuestion(question))).map((question) => `Q&A pair "${question}"`),
		...change.removeUrls.filter((url) => afterUrls.has(sameUrl(url))).map((url) => `website ${url}`),
		...change.removeFileIds.filter((id) => afterFiles.has(id)).map((id) => `file ${id}`),
	];
	if (kept.length) {
		throw await hotTaskError.call(this, {
			message: `HotTask still has ${describeList(kept)} after the removal: its Edit Knowledge adds to the chatbot's lists rather than replacing them, so its API cannot remove a source`,
			delivery: 'delivered',
			itemIndex,
			hint: 'Nothing was lost and nothing was removed. Remove the source in HotTask itself (the chatbot\'s Sources page).',
		});
	}
}
