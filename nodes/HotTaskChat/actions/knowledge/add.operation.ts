import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField, missingField } from '../../../shared/errors';
import { requiredText } from '../../../shared/parameters';
import type { WholeInputOperation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { MB } from '../../../shared/hotTask/media';
import { BINARY_FIELDS_DISPLAY_NAME, parseBinaryFieldNames, readBinaryFile, type PreparedFile } from '../../../shared/hotTask/upload';
import { checkedWebsiteUrl, knowledgeTypeField } from './fields';
import { noChange, writeKnowledge, type KnowledgeChange } from './write';

/**
 * HotTask publishes no size limit for knowledge files; the node holds them to
 * the largest upload HotTask does publish (100 MB, for a video question), so
 * that nothing far beyond what HotTask takes is uploaded.
 */
export const KNOWLEDGE_FILE_MAX_BYTES = 100 * MB;

const properties: INodeProperties[] = [
	chatbotIdField,
	knowledgeTypeField([
		{ name: 'File', value: 'file', description: 'Files from the input items\' binary properties (PDF, Word, text, …)' },
		{ name: 'Q&A Pairs', value: 'qa', description: 'Questions with the answer the chatbot gives to each' },
		{ name: 'Text', value: 'text', description: 'Text the chatbot learns from' },
		{ name: 'Website', value: 'website', description: 'A web page the chatbot reads and learns from' },
	]),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. We are open Monday to Saturday, 7:00 to 18:00.',
		description: 'Text the chatbot learns from, added to the text it already has',
		displayOptions: { show: { knowledgeType: ['text'] } },
	},
	{
		displayName: 'Q&A Pairs From',
		name: 'qaFrom',
		type: 'options',
		default: 'items',
		description: 'Where the pairs come from. All input items go to HotTask in one request per chatbot, so a sheet of FAQs is one change.',
		options: [
			{ name: 'Each Input Item Is a Pair', value: 'items', description: 'Question and Answer read from each item, e.g. a row of a sheet' },
			{ name: 'Pairs Typed Below', value: 'fields', description: 'A fixed list of questions and answers' },
		],
		displayOptions: { show: { knowledgeType: ['qa'] } },
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '={{ $json.question }}',
		required: true,
		description: 'The question of this item\'s pair. A question the chatbot already has gets the new answer.',
		displayOptions: { show: { knowledgeType: ['qa'], qaFrom: ['items'] } },
	},
	{
		displayName: 'Answer',
		name: 'answer',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '={{ $json.answer }}',
		required: true,
		description: 'The answer the chatbot gives to this item\'s question',
		displayOptions: { show: { knowledgeType: ['qa'], qaFrom: ['items'] } },
	},
	{
		displayName: 'Q&A Pairs',
		name: 'qaPairs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Pair',
		default: {},
		description: 'The questions and answers to add; a question the chatbot already has gets the new answer',
		displayOptions: { show: { knowledgeType: ['qa'], qaFrom: ['fields'] } },
		options: [
			{
				displayName: 'Pair',
				name: 'pair',
				values: [
					{ displayName: 'Question', name: 'question', type: 'string', default: '', description: 'What a customer asks' },
					{ displayName: 'Answer', name: 'answer', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'What the chatbot answers' },
				],
			},
		],
	},
	{
		displayName: 'Website URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/products/new-bread',
		description: 'The address of the page the chatbot learns from (http or https)',
		displayOptions: { show: { knowledgeType: ['website'] } },
	},
	{
		displayName: 'Retrain',
		name: 'retrain',
		type: 'boolean',
		default: true,
		description: 'Whether HotTask reads the page again now if the chatbot already has it (for a page that changed)',
		displayOptions: { show: { knowledgeType: ['website'] } },
	},
	{
		displayName: BINARY_FIELDS_DISPLAY_NAME,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, data2',
		description: 'Comma-separated names of the input item\'s binary properties to upload and add to the chatbot\'s knowledge, up to 100 MB each',
		displayOptions: { show: { knowledgeType: ['file'] } },
	},
	optionsCollection(true, [], false),
];

async function readItem(context: IExecuteFunctions, itemIndex: number): Promise<{ chatbotId: string; change: KnowledgeChange }> {
	const node = context.getNode();
	const chatbotId = requiredText(context, 'chatbotId', itemIndex, 'Chatbot ID');
	const type = context.getNodeParameter('knowledgeType', itemIndex) as string;
	const change = noChange();
	switch (type) {
		case 'text':
			change.texts.push(requiredText(context, 'text', itemIndex, 'Text'));
			break;
		case 'qa': {
			if (context.getNodeParameter('qaFrom', itemIndex, 'items') === 'items') {
				change.qa.push({
					question: requiredText(context, 'question', itemIndex, 'Question', 'Each item is one pair: map its question, e.g. {{ $json.question }}.'),
					answer: requiredText(context, 'answer', itemIndex, 'Answer', 'Each item is one pair: map its answer, e.g. {{ $json.answer }}.'),
				});
				break;
			}
			const pairs = ((context.getNodeParameter('qaPairs', itemIndex, {}) as IDataObject).pair ?? []) as IDataObject[];
			if (pairs.length === 0) throw missingField(node, itemIndex, 'Q&A Pairs', 'Add at least one pair.');
			pairs.forEach((pair, index) => {
				const question = String(pair.question ?? '').trim();
				const answer = String(pair.answer ?? '').trim();
				if (!question) throw missingField(node, itemIndex, `Q&A Pairs → Pair ${index + 1} → Question`);
				if (!answer) throw missingField(node, itemIndex, `Q&A Pairs → Pair ${index + 1} → Answer`);
				change.qa.push({ question, answer });
			});
			break;
		}
		case 'website':
			change.websites.push({
				url: checkedWebsiteUrl(context, 'url', itemIndex),
				retrain: context.getNodeParameter('retrain', itemIndex, true) === true,
			});
			break;
		case 'file':
			change.files.push(...(await readKnowledgeFiles(context, itemIndex)));
			break;
		default:
			throw invalidField(node, itemIndex, 'Knowledge Type', 'choose Text, Q&A Pairs, Website or File', type);
	}
	return { chatbotId, change };
}

/** Why a knowledge file cannot be uploaded (empty, or over the limit), or undefined when it can. */
export function knowledgeFileProblem(file: { property: string; fileName?: string; bytes: number }): string | undefined {
	const label = `binary property "${file.property}"${file.fileName ? ` (${file.fileName})` : ''}`;
	if (file.bytes <= 0) return `${label} is empty`;
	if (file.bytes > KNOWLEDGE_FILE_MAX_BYTES) return `${label} is ${(file.bytes / MB).toFixed(1)} MB; the node uploads knowledge files of at most 100 MB`;
	return undefined;
}

async function readKnowledgeFiles(context: IExecuteFunctions, itemIndex: number): Promise<PreparedFile[]> {
	const names = parseBinaryFieldNames(context.getNodeParameter('binaryPropertyName', itemIndex, ''));
	if (names.length === 0) throw missingField(context.getNode(), itemIndex, BINARY_FIELDS_DISPLAY_NAME, 'Name the binary property holding the file, e.g. data.');
	const files: PreparedFile[] = [];
	for (const name of names) {
		const file = await readBinaryFile(context, itemIndex, name);
		const problem = knowledgeFileProblem(file);
		if (problem) throw invalidField(context.getNode(), itemIndex, BINARY_FIELDS_DISPLAY_NAME, problem);
		files.push(file);
	}
	return files;
}

export const add: WholeInputOperation = {
	description: properties,

	async executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		return await writeKnowledge.call(this, async (itemIndex) => await readItem(this, itemIndex));
	},
};
