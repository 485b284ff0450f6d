import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { requiredText } from '../../../shared/parameters';
import type { WholeInputOperation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { checkedWebsiteUrl, knowledgeTypeField } from './fields';
import { noChange, writeKnowledge, type KnowledgeChange } from './write';

const properties: INodeProperties[] = [
	chatbotIdField,
	knowledgeTypeField([
		{ name: 'File', value: 'file', description: 'A file, by its ID' },
		{ name: 'Q&A Pair', value: 'qa', description: 'A question and its answer, by the question' },
		{ name: 'Website', value: 'website', description: 'A web page, by its address' },
	]),
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Do you deliver on Sundays?',
		description: 'The question of the pair to remove (case and a final question mark do not matter)',
		displayOptions: { show: { knowledgeType: ['qa'] } },
	},
	{
		displayName: 'Website URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/products/old-bread',
		description: 'The address of the page to remove, as Knowledge → Get lists it',
		displayOptions: { show: { knowledgeType: ['website'] } },
	},
	{
		displayName: 'File ID',
		name: 'fileId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 34317',
		description: 'The ID of the file to remove, as Knowledge → Get lists it (fileId)',
		displayOptions: { show: { knowledgeType: ['file'] } },
	},
	optionsCollection(true, [], false),
];

async function readItem(context: IExecuteFunctions, itemIndex: number): Promise<{ chatbotId: string; change: KnowledgeChange }> {
	const chatbotId = requiredText(context, 'chatbotId', itemIndex, 'Chatbot ID');
	const type = context.getNodeParameter('knowledgeType', itemIndex) as string;
	const change = noChange();
	if (type === 'qa') change.removeQuestions.push(requiredText(context, 'question', itemIndex, 'Question'));
	else if (type === 'website') change.removeUrls.push(checkedWebsiteUrl(context, 'url', itemIndex));
	else if (type === 'file') change.removeFileIds.push(requiredText(context, 'fileId', itemIndex, 'File ID'));
	else throw invalidField(context.getNode(), itemIndex, 'Knowledge Type', 'choose Q&A Pair, Website or File', type);
	return { chatbotId, change };
}

export const remove: WholeInputOperation = {
	description: properties,

	async executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		return await writeKnowledge.call(this, async (itemIndex) => await readItem(this, itemIndex));
	},
};
