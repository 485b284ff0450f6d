import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField, missingField } from '../../../shared/errors';
import { optionalPositiveInteger, optionalText, requiredText, type ItemRequest } from '../../../shared/parameters';
import type { CollectedAnswer } from '../../../shared/hotTask/answerCollector';
import { hotTaskAnswerStream } from '../../../shared/hotTask/answerStream';
import { isMediaAskType } from '../../../shared/hotTask/media';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { parseBinaryFieldNames, prepareMediaFiles, uploadMediaFile, type PreparedFile } from '../../../shared/hotTask/upload';
import { readNumber } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { requestSessionId } from '../session/create.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.sessionId }}',
		description: 'The conversation to continue. Leave empty to start a new session with the Chatbot ID below; its ID is in the output for the next question.',
	},
	{
		displayName: 'Chatbot ID',
		name: 'chatbotId',
		type: 'string',
		default: '',
		placeholder: '3254a9d0424c4806b9ea3d0763ccfxxx',
		description: 'The chatbot that answers when no Session ID is given (HotTask → the chatbot\'s Settings → General → Chatbot ID)',
		hint: 'Only used when Session ID is empty',
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. What are your opening hours?',
		description: 'What to ask the chatbot. Required for text questions; may be left empty for image, audio and video questions.',
	},
	{
		displayName: 'Stream',
		name: 'stream',
		type: 'boolean',
		default: true,
		description: 'Whether to receive the answer piece by piece. When the workflow streams (a Chat Trigger or Webhook set to stream), each piece is shown to the user as it arrives; the node always outputs the whole answer.',
	},
	optionsCollection(true, [
		{
			displayName: 'Ask Type',
			name: 'chatAskType',
			type: 'options',
			default: 'Text',
			description: 'What kind of question this is. For image, audio and video questions, give the files in Input Binary Fields (or the IDs of files already uploaded in File IDs).',
			options: [
				{ name: 'Text', value: 'Text' },
				{ name: 'Audio', value: 'Audio' },
				{ name: 'Image', value: 'Image' },
				{ name: 'Video', value: 'Video' },
			],
		},
		{
			displayName: 'Input Binary Fields',
			name: 'binaryPropertyName',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, data2',
			description: 'Comma-separated names of the input item\'s binary properties to upload to HotTask and ask about (Ask Type Image, Audio or Video). Images: PNG, JPEG, WEBP or still GIF, 20 MB each, several allowed. Video: one MP4, MKV, AVI, FLV or MPEG, up to 100 MB. Audio: one WAV.',
			hint: 'Not available when the node is an AI Agent\'s tool: a tool call cannot carry files',
			// A tool call from an AI Agent carries text only, never binary data.
			displayOptions: { hide: { '@tool': [true] } },
		},
		{
			displayName: 'File IDs',
			name: 'fileIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1021, 1022',
			description: 'Comma-separated IDs of files already uploaded to HotTask that the question refers to',
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRawResponse',
			type: 'boolean',
			default: false,
			description: 'Whether to add HotTask\'s unprocessed answer under "raw"',
		},
	]),
];

interface Plan {
	sessionId?: number;
	chatbotId?: string;
	question: string;
	stream: boolean;
	chatAskType?: string;
	fileIds?: number[];
	/** Files from the item's binary properties, checked; uploaded in run(). */
	files: PreparedFile[];
	includeRaw: boolean;
}

export const ask: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const sessionId = optionalPositiveInteger(this, 'sessionId', itemIndex, 'Session ID');
		const chatbotId = optionalText(this, 'chatbotId', itemIndex);
		if (sessionId === undefined && chatbotId === '') {
			throw missingField(this.getNode(), itemIndex, 'Session ID or Chatbot ID', 'Give a Session ID to continue a conversation, or a Chatbot ID to start a new one.');
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const chatAskType = typeof options.chatAskType === 'string' && options.chatAskType ? options.chatAskType : undefined;
		const fileIds = parseFileIds(this, options.fileIds, itemIndex);
		const files = await readQuestionFiles(this, itemIndex, chatAskType, options.binaryPropertyName);
		// HotTask allows an empty question with media ("content may be empty").
		const hasMedia = isMediaAskType(chatAskType) && (files.length > 0 || (fileIds?.length ?? 0) > 0);
		const question = hasMedia ? optionalText(this, 'question', itemIndex) : requiredText(this, 'question', itemIndex, 'Question');
		return {
			sessionId,
			chatbotId: chatbotId || undefined,
			question,
			stream: this.getNodeParameter('stream', itemIndex, true) as boolean,
			chatAskType,
			fileIds,
			files,
			includeRaw: options.includeRawResponse === true,
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const newSession = plan.sessionId === undefined;
		const sessionId =
			plan.sessionId ?? (await requestSessionId.call(this, plan.chatbotId as string, item));
		// One file at a time, in the order the fields were given: HotTask's ids then follow that order.
		const uploadedIds: number[] = [];
		for (const file of plan.files) uploadedIds.push(await uploadMediaFile.call(this, file, item));
		const fileIds = [...(plan.fileIds ?? []), ...uploadedIds];
		const body: IDataObject = { sessionID: sessionId, content: plan.question, stream: plan.stream };
		if (plan.chatAskType) body.chatAskType = plan.chatAskType;
		if (fileIds.length) body.fileIds = fileIds;
		const call = { method: 'POST' as const, path: '/chat/Chat/ClientAsk', body, idempotent: false, ...item };

		const base: IDataObject = { sessionId, newSession };
		if (plan.chatbotId) base.chatbotId = plan.chatbotId;
		if (plan.files.length) {
			base.uploadedFiles = plan.files.map((file, index) => ({
				binaryProperty: file.property,
				fileName: file.fileName,
				mimeType: file.mimeType ?? '',
				bytes: file.bytes,
				fileId: uploadedIds[index],
			}));
		}

		if (!plan.stream) {
			const data = ((await hotTaskRequest.call(this, call)) ?? {}) as Record<string, unknown>;
			const output: IDataObject = {
				...base,
				answer: String(data.content ?? data.Content ?? ''),
				messageId: readNumber(data, 'messageid'),
				totalTokens: readNumber(data, 'totaltoken'),
			};
			if (plan.includeRaw) output.raw = data as IDataObject;
			return output;
		}

		const forward = chunkForwarder(this, item.itemIndex);
		let collected: CollectedAnswer;
		try {
			collected = await hotTaskAnswerStream.call(this, call, forward.piece);
		} finally {
			forward.end();
		}
		const output: IDataObject = {
			...base,
			answer: collected.answer,
			messageId: collected.answerId,
			questionId: collected.questionId,
			answerId: collected.answerId,
			totalTokens: collected.totalTokens,
		};
		if (plan.includeRaw) output.raw = { ...collected } as unknown as IDataObject;
		return output;
	},
};

/**
 * Sends each piece to n8n's streaming response when the workflow streams
 * (n8n ≥ 1.101). Both calls are guarded so older n8n versions run unchanged.
 */
function chunkForwarder(context: IExecuteFunctions, itemIndex: number) {
	// As an AI Agent's tool the answer is for the agent, not for the person
	// chatting: the agent streams its own reply. n8n names tool variants "...Tool".
	const usedAsTool = isToolVariant(context);
	const streaming = !usedAsTool && typeof context.isStreaming === 'function' && context.isStreaming();
	const canSend = streaming && typeof context.sendChunk === 'function';
	let begun = false;
	return {
		piece(text: string) {
			if (!canSend) return;
			if (!begun) {
				context.sendChunk('begin', itemIndex);
				begun = true;
			}
			context.sendChunk('item', itemIndex, text);
		},
		end() {
			if (canSend && begun) context.sendChunk('end', itemIndex);
		},
	};
}

/** The item's files for a media question, checked; none when Input Binary Fields is empty or the node is a tool. */
async function readQuestionFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	chatAskType: string | undefined,
	rawNames: unknown,
): Promise<PreparedFile[]> {
	// As an AI Agent's tool the input is the agent's tool call, which carries no
	// binary data; the field is hidden there and ignored if set before.
	if (isToolVariant(context)) return [];
	const names = parseBinaryFieldNames(rawNames);
	if (names.length === 0) return [];
	if (!isMediaAskType(chatAskType)) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			'Ask Type',
			`files are sent only with an Image, Audio or Video question; set Options → Ask Type to one of them (it is ${chatAskType ?? 'Text'})`,
		);
	}
	return await prepareMediaFiles(context, itemIndex, chatAskType, names);
}

function isToolVariant(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

function parseFileIds(context: IExecuteFunctions, raw: unknown, itemIndex: number): number[] | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[\s,]+/).filter(Boolean);
	const ids = parts.map((part) => Number(part));
	const bad = parts.find((part, index) => !/^\d+$/.test(part.trim()) || !Number.isSafeInteger(ids[index]));
	if (bad !== undefined) {
		throw invalidField(context.getNode(), itemIndex, 'File IDs', `"${bad}" is not a whole number; give IDs separated by commas`, raw);
	}
	return ids;
}
