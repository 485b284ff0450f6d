import { hasEnded, flattenConversation, flattenWebhookEvent, readTranscript, transcriptText } from '../../../../nodes/shared/hamsa/callOutcome';

describe('readTranscript', () => {
	it('reads Hamsa\'s documented form, one speaker per entry', () => {
		const lines = readTranscript([{ Agent: 'Hello, this is the clinic.' }, { User: 'Hi!' }]);
		expect(transcriptText(lines)).toBe('Agent: Hello, this is the clinic.\nUser: Hi!');
	});

	it('reads speaker/text and role/content pairs too', () => {
		expect(readTranscript([{ speaker: 'Agent', text: 'Hi' }, { role: 'user', content: 'Hello' }])).toEqual([
			{ speaker: 'Agent', text: 'Hi' },
			{ speaker: 'user', text: 'Hello' },
		]);
	});

	it('keeps a transcript that is already one text as it is', () => {
		expect(transcriptText(readTranscript('Agent: Hi\nUser: Hello'))).toBe('Agent: Hi\nUser: Hello');
	});

	it('gives no lines for anything else', () => {
		expect(readTranscript(undefined)).toEqual([]);
		expect(readTranscript({ Agent: 'not a list' })).toEqual([]);
		expect(readTranscript([null, 3, 'x'])).toEqual([]);
	});
});

describe('flattenConversation', () => {
	it('names the fields people map into a CRM, whatever keys the call uses', () => {
		const flat = flattenConversation({
			id: 'c1',
			status: 'COMPLETED',
			callDuration: 47,
			mediaUrl: 'https://cdn.example.com/c1.mp3',
			transcription: [{ Agent: 'Hi' }],
			outcomeResult: { interested: true },
		});
		expect(flat).toMatchObject({
			callId: 'c1',
			status: 'COMPLETED',
			callDuration: 47,
			transcript: 'Agent: Hi',
			outcome: { interested: true },
			recordingUrl: 'https://cdn.example.com/c1.mp3',
		});
	});
});

describe('flattenWebhookEvent', () => {
	it('reads call.ended with its details under data.data', () => {
		const flat = flattenWebhookEvent({
			eventType: 'call.ended',
			callId: 'c2',
			timestamp: '2025-01-01T00:00:00Z',
			data: {
				status: 'COMPLETED',
				data: { conversationRecording: 'https://r/c2.mp3', transcription: [{ User: 'Yes' }], outcomeResult: { a: 1 } },
			},
		});
		expect(flat).toMatchObject({ callId: 'c2', eventType: 'call.ended', status: 'COMPLETED', transcript: 'User: Yes', outcome: { a: 1 }, recordingUrl: 'https://r/c2.mp3' });
	});

	it('reads the same details when they sit directly under data', () => {
		const flat = flattenWebhookEvent({ eventType: 'call.ended', callId: 'c3', data: { transcription: [{ Agent: 'Bye' }], outcomeResult: { b: 2 } } });
		expect(flat).toMatchObject({ transcript: 'Agent: Bye', outcome: { b: 2 } });
	});
});

describe('hasEnded', () => {
	it('is true for the five final statuses, in any case, and false for the others', () => {
		for (const status of ['COMPLETED', 'NO_ANSWER', 'FAILED', 'FORWARDED', 'TERMINATED', 'completed', ' No_Answer ']) {
			expect([status, hasEnded(status)]).toEqual([status, true]);
		}
		for (const status of ['PENDING', 'IN_PROGRESS', 'in_progress', '', undefined, null, 3]) {
			expect([status, hasEnded(status)]).toEqual([status, false]);
		}
	});
});
