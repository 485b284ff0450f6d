import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { hamsaFile } from '../../../shared/hamsa/service';
import { optionalText, requiredText, type ItemRequest } from '../../../shared/parameters';
import { ItemWithBinary, type Operation } from '../../../shared/router';

/** Texts longer than this go through /v1/realtime/tts-stream with Method "Auto". */
export const LONG_TEXT_CHARS = 500;

/** The dialects Hamsa's TTS reference lists. */
const DIALECTS: Array<[string, string]> = [
	['Palestinian', 'pls'],
	['Egyptian', 'egy'],
	['Syrian', 'syr'],
	['Iraqi', 'irq'],
	['Jordanian', 'jor'],
	['Lebanese', 'leb'],
	['Saudi', 'ksa'],
	['Emirati', 'uae'],
	['Bahraini', 'bah'],
	['Qatari', 'qat'],
	['Kuwaiti', 'kuw'],
	['Omani', 'oma'],
	['Modern Standard Arabic', 'msa'],
	['Arabic (Saudi Arabia, ar-sa)', 'ar-sa'],
	['English', 'en'],
];

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'What the voice says',
	},
	{
		displayName: 'Speaker',
		name: 'speaker',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Majd',
		description: 'A Hamsa voice name, or the ID of a cloned voice',
	},
	{
		displayName: 'Dialect',
		name: 'dialect',
		type: 'options',
		default: 'msa',
		description: 'The dialect the speaker speaks in (Modern Standard Arabic by default)',
		options: DIALECTS.map(([name, value]) => ({ name, value })),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the audio in',
	},
	optionsCollection(true, [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			default: 'auto',
			description: 'How the audio is fetched from Hamsa: whole, or streamed into n8n as it is made',
			options: [
				{ name: 'Auto', value: 'auto', description: `Streamed for texts over ${LONG_TEXT_CHARS} characters, whole otherwise` },
				{ name: 'Whole File', value: 'sync', description: 'POST /v1/realtime/tts' },
				{ name: 'Streamed', value: 'stream', description: 'POST /v1/realtime/tts-stream, written to n8n as it arrives' },
			],
		},
		{ displayName: 'Mu-Law', name: 'mulaw', type: 'boolean', default: false, description: 'Whether to ask for 8 kHz mu-law audio (telephony) instead of PCM' },
		{ displayName: 'File Name', name: 'fileName', type: 'string', default: 'speech.wav', description: 'The name of the output file' },
	]),
];

interface Plan {
	body: IDataObject;
	streamed: boolean;
	property: string;
	fileName: string;
}

export const textToSpeech: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const text = requiredText(this, 'text', itemIndex, 'Text');
		const speaker = requiredText(this, 'speaker', itemIndex, 'Speaker');
		const dialect = this.getNodeParameter('dialect', itemIndex, 'msa') as string;
		if (!DIALECTS.some(([, value]) => value === dialect)) {
			throw invalidField(this.getNode(), itemIndex, 'Dialect', `it must be one of ${DIALECTS.map(([, value]) => value).join(', ')}`, dialect);
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const method = String(options.method ?? 'auto');
		const body: IDataObject = { text, speaker, dialect };
		if (options.mulaw === true) body.mulaw = true;
		return {
			body,
			streamed: method === 'stream' || (method === 'auto' && [...text].length > LONG_TEXT_CHARS),
			property: optionalText(this, 'binaryPropertyName', itemIndex) || 'data',
			fileName: typeof options.fileName === 'string' && options.fileName.trim() !== '' ? options.fileName.trim() : 'speech.wav',
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest) {
		const path = plan.streamed ? '/v1/realtime/tts-stream' : '/v1/realtime/tts';
		// The audio is piped into n8n's binary data as it arrives, in both methods.
		const file = await hamsaFile.call(this, { method: 'POST', path, body: plan.body, idempotent: false, accept: 'audio/*', ...item });
		const binary = await this.helpers.prepareBinaryData(file.body, plan.fileName, file.mimeType ?? 'audio/wav');
		const json: IDataObject = {
			fileName: binary.fileName,
			mimeType: binary.mimeType,
			fileSize: binary.fileSize,
			speaker: plan.body.speaker,
			dialect: plan.body.dialect,
			characters: [...String(plan.body.text)].length,
			streamed: plan.streamed,
		};
		return new ItemWithBinary(json, { [plan.property]: binary });
	},
};
