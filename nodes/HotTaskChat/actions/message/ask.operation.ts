import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField, missingField } from '../../../shared/errors';
import { optionalPositiveInteger, optionalText, requiredText, type ItemRequest } from '../../../shared/parameters';
import type { CollectedAnswer } from '../../../shared/hotTask/answerCollector';
import { hotTaskAnswerStream } from '../../../shared/hotTask/answerStream';
import { hotTaskRequest } from '../../../shared/hotTask/service';
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
		required: true,
		placeholder: 'e.g. What are your opening hours?',
		description: 'What to ask the chatbot',
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
			description: 'What kind of question this is; for audio, image and video questions, upload the files to HotTask first and give their IDs',
			options: [
				{ name: 'Text', value: 'Text' },
				{ name: 'Audio', value: 'Audio' },
				{ name: 'Image', value: 'Image' },
				{ name: 'Video', value: 'Video' },
			],
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
		const question = requiredText(this, 'question', itemIndex, 'Question');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return {
			sessionId,
			chatbotId: chatbotId || undefined,
			question,
			stream: this.getNodeParameter('stream', itemIndex, true) as boolean,
			chatAskType: typeof options.chatAskType === 'string' && options.chatAskType ? options.chatAskType : undefined,
			fileIds: parseFileIds(this, options.fileIds, itemIndex),
			includeRaw: options.includeRawResponse === true,
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const newSession = plan.sessionId === undefined;
		const sessionId =
			plan.sessionId ?? (await requestSessionId.call(this, plan.chatbotId as string, item));
		const body: IDataObject = { sessionID: sessionId, content: plan.question, stream: plan.stream };
		if (plan.chatAskType) body.chatAskType = plan.chatAskType;
		if (plan.fileIds?.length) body.fileIds = plan.fileIds;
		const call = { method: 'POST' as const, path: '/chat/Chat/ClientAsk', body, idempotent: false, ...item };

		const base: IDataObject = { sessionId, newSession };
		if (plan.chatbotId) base.chatbotId = plan.chatbotId;

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
	const usedAsTool = context.getNode().type.endsWith('Tool');
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
