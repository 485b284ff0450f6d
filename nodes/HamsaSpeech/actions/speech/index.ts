import type { Resource } from '../../../shared/resources';
import { textToSpeech } from './textToSpeech.operation';
import { transcribe } from './transcribe.operation';

export const speech: Resource = {
	name: 'Speech',
	value: 'speech',
	description: 'Speech to text and text to speech with Hamsa\'s models',
	defaultOperation: 'transcribe',
	operations: {
		textToSpeech: {
			name: 'Text to Speech',
			action: 'Convert text to speech',
			description: 'Turn text into an audio file (TTS) in a chosen voice and dialect',
			operation: textToSpeech,
		},
		transcribe: {
			name: 'Transcribe',
			action: 'Transcribe audio',
			description: 'Turn speech in an audio file or at a URL into text (speech to text, STT)',
			operation: transcribe,
		},
	},
};
