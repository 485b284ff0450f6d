import type { IBinaryData } from 'n8n-workflow';
import { expectNoSecrets, failureOf, routesOf } from '../../harness/expectations';
import { createdSession, operationRunner } from '../../harness/operations';
import { CHATBOT_ID, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();
const ask = operationRunner(context, 'hotTaskChat', { resource: 'message', operation: 'ask', stream: false, chatbotId: CHATBOT_ID });

interface StoredFile {
	fileName: string;
	uploaded: boolean;
	bytes: number;
	contentType?: string;
	data?: Buffer;
}
const filesOf = () => (context.sim as unknown as { hottask: { files: Map<number, StoredFile> } }).hottask.files;

/** A minimal PNG header followed by filler: enough to be a PNG by type and size. */
function png(bytes = 64): Buffer {
	const data = Buffer.alloc(bytes, 7);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(data);
	return data;
}

function binary(data: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: data.toString('base64'), mimeType, fileName };
}

/** A GIF with `frames` 1×1 images. */
function gif(frames: number): Buffer {
	const header = Buffer.from('GIF89a', 'latin1');
	const screen = Buffer.from([1, 0, 1, 0, 0x80, 0, 0]); // 1×1, global colour table of 2 colours
	const colours = Buffer.from([0, 0, 0, 255, 255, 255]);
	const frame = Buffer.concat([
		Buffer.from([0x21, 0xf9, 4, 0, 10, 0, 0, 0]), // graphic control extension
		Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]), // image descriptor
		Buffer.from([2, 2, 0x4c, 0x01, 0]), // LZW min size, one data sub-block, terminator
	]);
	return Buffer.concat([header, screen, colours, ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])]);
}

/** Asks `question` as an Image question about the files of one input item: its binary property "data", or those `binaryPropertyName` lists. */
function askAboutImages(question: string, files: Record<string, IBinaryData>, binaryPropertyName = 'data') {
	return ask({ question, options: { chatAskType: 'Image', binaryPropertyName } }, { binary: [files] });
}

const storageRequests = () => context.sim.requests.filter((request) => request.service === 'storage');

describe('HotTask Chat → Message → Ask with files from binary properties', () => {
	it('uploads the image (GetPreUploadUrl, then PUT of the raw bytes) and asks with its file id', async () => {
		const { sim } = context;
		const image = png(300);
		const run = await askAboutImages('What is in this picture?', { data: binary(image, 'image/png', 'menu.png') });
		expect(run.error).toBeUndefined();
		expect(routesOf(sim).map((route) => route.replace(/\/__storage\/.*/, '/__storage/…'))).toEqual([
			'POST /chat/Chatbot/GetSession',
			'POST /chat/User/GetPreUploadUrl',
			'PUT /__storage/…',
			'POST /chat/Chat/ClientAsk',
		]);
		expect(sim.requests[1].body).toEqual({ fileName: 'menu.png' });
		const stored = filesOf().get(34317)!;
		expect(stored.uploaded).toBe(true);
		expect(stored.data!.equals(image)).toBe(true);
		expect(stored.contentType).toBe('image/png');
		expect(sim.requests[3].body).toEqual({
			sessionID: 880001,
			content: 'What is in this picture?',
			stream: false,
			chatAskType: 'Image',
			fileIds: [34317],
		});
		expect(run.items[0].json.uploadedFiles).toEqual([
			{ binaryProperty: 'data', fileName: 'menu.png', mimeType: 'image/png', bytes: 300, fileId: 34317 },
		]);
		expectNoSecrets(run);
	});

	it('never sends the secret key to storage: the PUT has no Authorization header, the HotTask calls do', async () => {
		const { sim } = context;
		const run = await askAboutImages('Describe', { data: binary(png(), 'image/png', 'a.png') });
		expect(run.error).toBeUndefined();
		const [put] = storageRequests();
		expect(put.method).toBe('PUT');
		expect(put.headers.authorization).toBeUndefined();
		expect(JSON.stringify(put.headers)).not.toContain(HOTTASK_KEY);
		expect(put.headers['content-length']).toBe(String(png().length));
		for (const request of sim.requests.filter((r) => r.service === 'hottask')) expect(request.headers.authorization).toBe(HOTTASK_KEY);
	});

	it('uploads several images, in the order the fields are listed, and asks once with all their ids', async () => {
		const { sim } = context;
		const run = await askAboutImages('Compare', { first: binary(png(10), 'image/png', 'one.png'), second: binary(png(20), 'image/jpeg', 'two.jpg') }, 'second, first');
		expect(run.error).toBeUndefined();
		expect(sim.requests.filter((r) => r.path === '/chat/User/GetPreUploadUrl').map((r) => r.body.fileName)).toEqual(['two.jpg', 'one.png']);
		expect(storageRequests()).toHaveLength(2);
		const askBody = sim.requests.find((r) => r.path === '/chat/Chat/ClientAsk')!.body;
		expect(askBody.fileIds).toEqual([34317, 34318]);
		expect(filesOf().get(34317)!.bytes).toBe(20);
		expect(filesOf().get(34318)!.bytes).toBe(10);
	});

	it('asks an image question with no text: the question may be empty when files are sent', async () => {
		const { sim } = context;
		const run = await askAboutImages('', { data: binary(png(), 'image/webp', 'a.webp') });
		expect(run.error).toBeUndefined();
		expect(sim.requests.find((r) => r.path === '/chat/Chat/ClientAsk')!.body.content).toBe('');
	});

	it('uploads a WAV for an Audio question and an MP4 for a Video question', async () => {
		const { sim } = context;
		const audio = await ask(
			{ question: '', options: { chatAskType: 'Audio', binaryPropertyName: 'data' } },
			{ binary: [{ data: binary(Buffer.from('RIFF....WAVE'), 'audio/x-wav', 'note.wav') }] },
		);
		expect(audio.error).toBeUndefined();
		sim.clearRequests();
		const video = await ask(
			{ question: 'What happens?', options: { chatAskType: 'Video', binaryPropertyName: 'clip' } },
			{ binary: [{ clip: binary(Buffer.alloc(100, 1), 'video/mp4', 'clip.mp4') }] },
		);
		expect(video.error).toBeUndefined();
		expect(sim.requests.find((r) => r.path === '/chat/Chat/ClientAsk')!.body).toMatchObject({ chatAskType: 'Video', fileIds: [34318] });
	});

	it('streams the answer of a question with files like any other', async () => {
		const run = await ask(
			{ stream: true, question: 'What is it?', options: { chatAskType: 'Image', binaryPropertyName: 'data' } },
			{ binary: [{ data: binary(png(), 'image/png', 'a.png') }] },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.answer).toContain('What is it?');
		expect(run.items[0].json.uploadedFiles).toHaveLength(1);
	});

	describe('checked before anything is sent (the simulator sees no request)', () => {
		const cases: Array<[string, Record<string, unknown>, Record<string, IBinaryData>, RegExp]> = [
			[
				'a file of the wrong type for the ask type',
				{ chatAskType: 'Image', binaryPropertyName: 'data' },
				{ data: binary(Buffer.from('%PDF-1.7'), 'application/pdf', 'menu.pdf') },
				/^Invalid Input Binary Fields: binary property "data" \(menu\.pdf\) is application\/pdf; HotTask takes PNG, JPEG, WEBP or a still GIF for an Image question \[item 0\]$/,
			],
			[
				'audio that is not WAV',
				{ chatAskType: 'Audio', binaryPropertyName: 'data' },
				{ data: binary(Buffer.from('ID3'), 'audio/mpeg', 'note.mp3') },
				/binary property "data" \(note\.mp3\) is audio\/mpeg; HotTask takes WAV for an Audio question \[item 0\]$/,
			],
			[
				'an image over 20 MB',
				{ chatAskType: 'Image', binaryPropertyName: 'data' },
				{ data: binary(Buffer.alloc(20 * 1024 * 1024 + 1), 'image/png', 'huge.png') },
				/binary property "data" \(huge\.png\) is 20\.0 MB; HotTask takes at most 20\.0 MB per image \[item 0\]$/,
			],
			[
				'two videos (HotTask takes one)',
				{ chatAskType: 'Video', binaryPropertyName: 'a,b' },
				{ a: binary(Buffer.alloc(10), 'video/mp4', 'a.mp4'), b: binary(Buffer.alloc(10), 'video/mp4', 'b.mp4') },
				/HotTask takes one file for a Video question, and 2 were given \("a", "b"\) \[item 0\]$/,
			],
			[
				'an animated GIF',
				{ chatAskType: 'Image', binaryPropertyName: 'data' },
				{ data: binary(gif(2), 'image/gif', 'wave.gif') },
				/binary property "data" \(wave\.gif\) is an animated GIF; HotTask takes only still GIFs \[item 0\]$/,
			],
			[
				'a binary property the item does not have',
				{ chatAskType: 'Image', binaryPropertyName: 'photo' },
				{ data: binary(png(), 'image/png', 'a.png') },
				/^Invalid Input Binary Fields: item 0 has no binary property "photo" \(it has "data"\) \[item 0\]$/,
			],
			[
				'files with a Text question',
				{ binaryPropertyName: 'data' },
				{ data: binary(png(), 'image/png', 'a.png') },
				/^Invalid Ask Type: files are sent only with an Image, Audio or Video question; set Options → Ask Type to one of them \(it is Text\) \[item 0\]$/,
			],
		];
		it.each(cases)('%s', async (_name, options, files, message) => {
			const { sim } = context;
			const run = await ask({ question: 'Q', options }, { binary: [files] });
			expect(failureOf(run).message).toMatch(message);
			expect(failureOf(run).description).toContain('No request was sent.');
			expect(sim.requests).toEqual([]);
		});

		it('takes a still GIF', async () => {
			const run = await askAboutImages('Q', { data: binary(gif(1), 'image/gif', 'still.gif') });
			expect(run.error).toBeUndefined();
		});

		it('names the failing item: item 1 is wrong, so nothing is sent for item 0 either', async () => {
			const { sim } = context;
			const run = await ask(
				{ question: 'Q', options: { chatAskType: 'Image', binaryPropertyName: 'data' } },
				{ items: [{}, {}], binary: [{ data: binary(png(), 'image/png', 'ok.png') }, { data: binary(Buffer.from('x'), 'text/plain', 'notes.txt') }] },
			);
			expect(failureOf(run).message).toMatch(/binary property "data" \(notes\.txt\) is text\/plain;.*\[item 1\]$/);
			expect(sim.requests).toEqual([]);
		});
	});

	it('under Continue On Fail, a wrong file fails its own item only and the others are asked', async () => {
		const { sim } = context;
		const run = await ask(
			{ question: 'Q', options: { chatAskType: 'Image', binaryPropertyName: 'data' } },
			{
				items: [{}, {}],
				binary: [{ data: binary(Buffer.from('x'), 'text/plain', 'notes.txt') }, { data: binary(png(), 'image/png', 'ok.png') }],
				continueOnFail: true,
			},
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.error).toMatch(/binary property "data" \(notes\.txt\) is text\/plain.*\[item 0\]$/);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(run.items[1].json.uploadedFiles).toHaveLength(1);
		expect(storageRequests()).toHaveLength(1);
		expect(sim.requests.filter((r) => r.path === '/chat/Chat/ClientAsk')).toHaveLength(1);
	});

	it('fails with storage\'s reason, and without the URL\'s signature, when the upload address has expired', async () => {
		const { sim } = context;
		sim.configure({ uploadUrlExpirySeconds: 0 });
		// Give the address time to pass its (zero-second) expiry.
		const run = await ask(
			{ question: 'Q', options: { chatAskType: 'Image', binaryPropertyName: 'data', maxRetries: 0 } },
			{ binary: [{ data: binary(png(), 'image/png', 'a.png') }] },
		);
		const signature = String((storageRequests()[0]?.query as Record<string, unknown>)?.['X-Amz-Signature'] ?? 'none');
		const { message, description, httpCode } = failureOf(run);
		expect(message).toBe('HotTask: HotTask\'s upload address expired before the file was sent [item 0]');
		expect(httpCode).toBe('403');
		expect(description).toContain('run the node again');
		expect(sim.requests.some((r) => r.path === '/chat/Chat/ClientAsk')).toBe(false);
		expectNoSecrets(run, [signature]);
	});

	it('retries a PUT that storage answered with 503, sending the same bytes again', async () => {
		const { sim } = context;
		sim.addFault({ method: 'PUT', path: '/__storage/34317/a.png', status: 503, times: 1 });
		const run = await askAboutImages('Q', { data: binary(png(), 'image/png', 'a.png') });
		expect(run.error).toBeUndefined();
		expect(storageRequests()).toHaveLength(2);
		expect(filesOf().get(34317)!.bytes).toBe(png().length);
	});

	it('as an AI Agent\'s tool, reads no binary data: Input Binary Fields is ignored and nothing is uploaded', async () => {
		const { sim } = context;
		const run = await ask(
			{ question: 'Q', options: { chatAskType: 'Image', binaryPropertyName: 'data', fileIds: '1021' } },
			{ node: 'hotTaskChatTool', binary: [{ data: binary(png(), 'image/png', 'a.png') }] },
		);
		expect(run.error).toBeUndefined();
		expect(routesOf(sim)).toEqual(['POST /chat/Chatbot/GetSession', 'POST /chat/Chat/ClientAsk']);
		expect(sim.requests[1].body.fileIds).toEqual([1021]);
	});

	it('is refused by the simulated HotTask when asked with a file id that was reserved but never uploaded', async () => {
		const { sim } = context;
		const sessionId = await createdSession(sim);
		const reserve = await fetch(`${sim.url}/chat/User/GetPreUploadUrl`, {
			method: 'POST',
			headers: { authorization: HOTTASK_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({ fileName: 'x.png' }),
		});
		const fileId = ((await reserve.json()) as { Data: { FileStoreId: string } }).Data.FileStoreId;
		const run = await ask({ sessionId, question: 'Q', options: { chatAskType: 'Image', fileIds: fileId } });
		expect(failureOf(run).message).toBe(`HotTask: File ${fileId} was never uploaded [item 0]`);
	});
});
