import { acceptsFormat, checkMediaFiles, isAnimatedGif, MB } from '../../../../nodes/shared/hotTask/media';

const file = (fileName: string, mimeType: string | undefined, bytes = 100) => ({ property: 'data', fileName, mimeType, bytes });

describe('HotTask media limits', () => {
	const TAKEN = {
		Image: [['image/png', 'a.png'], ['image/jpeg', 'a.jpg'], ['image/webp', 'a.webp'], ['image/gif', 'a.gif']],
		Video: [['video/mp4', 'a.mp4'], ['video/x-matroska', 'a.mkv'], ['video/x-msvideo', 'a.avi'], ['video/x-flv', 'a.flv'], ['video/mpeg', 'a.mpeg']],
	};
	describe.each(['Image', 'Video'] as const)('for a question of type %s', (question) => {
		it.each(TAKEN[question])('takes %s', (mimeType, fileName) => {
			expect(acceptsFormat(question, { fileName, mimeType })).toBe(true);
		});
	});

	it('takes only WAV for an Audio question', () => {
		expect(acceptsFormat('Audio', { fileName: 'a.wav', mimeType: 'audio/wav' })).toBe(true);
		expect(acceptsFormat('Audio', { fileName: 'a.wav', mimeType: 'audio/x-wav' })).toBe(true);
		expect(acceptsFormat('Audio', { fileName: 'a.mp3', mimeType: 'audio/mpeg' })).toBe(false);
	});

	it('reads the extension when the MIME type says nothing (empty or application/octet-stream)', () => {
		expect(acceptsFormat('Image', { fileName: 'a.PNG', mimeType: 'application/octet-stream' })).toBe(true);
		expect(acceptsFormat('Image', { fileName: 'a.bmp', mimeType: undefined })).toBe(false);
	});

	it('trusts a MIME type over the extension', () => {
		expect(acceptsFormat('Image', { fileName: 'a.png', mimeType: 'image/bmp' })).toBe(false);
	});

	it('allows several images of 20 MB each, but not 20 MB and a byte', () => {
		expect(checkMediaFiles('Image', [file('a.png', 'image/png', 20 * MB), file('b.png', 'image/png', 20 * MB)])).toBeUndefined();
		expect(checkMediaFiles('Image', [file('a.png', 'image/png', 20 * MB + 1)])).toMatch(/at most 20\.0 MB per image/);
	});

	it('allows one video of 100 MB, not two, not bigger', () => {
		expect(checkMediaFiles('Video', [file('a.mp4', 'video/mp4', 100 * MB)])).toBeUndefined();
		expect(checkMediaFiles('Video', [file('a.mp4', 'video/mp4', 100 * MB + 1)])).toMatch(/at most 100\.0 MB per video/);
		expect(checkMediaFiles('Video', [file('a.mp4', 'video/mp4'), { ...file('b.mp4', 'video/mp4'), property: 'b' }])).toMatch(/takes one file/);
	});

	it('allows one WAV of any size (HotTask publishes no audio size limit)', () => {
		expect(checkMediaFiles('Audio', [file('a.wav', 'audio/wav', 500 * MB)])).toBeUndefined();
	});

	it('refuses an empty file and an empty list', () => {
		expect(checkMediaFiles('Image', [file('a.png', 'image/png', 0)])).toMatch(/is empty/);
		expect(checkMediaFiles('Image', [])).toBe('an Image question needs at least one file');
	});

	it('refuses an animated GIF and takes a still one', () => {
		expect(checkMediaFiles('Image', [{ ...file('a.gif', 'image/gif'), animated: true }])).toMatch(/animated GIF/);
		expect(checkMediaFiles('Image', [{ ...file('a.gif', 'image/gif'), animated: false }])).toBeUndefined();
	});
});

describe('isAnimatedGif', () => {
	const frame = Buffer.concat([
		Buffer.from([0x21, 0xf9, 4, 0, 10, 0, 0, 0]),
		Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]),
		Buffer.from([2, 2, 0x4c, 0x01, 0]),
	]);
	const gif = (frames: number, globalTable = true) =>
		Buffer.concat([
			Buffer.from('GIF89a', 'latin1'),
			Buffer.from([1, 0, 1, 0, globalTable ? 0x80 : 0, 0, 0]),
			globalTable ? Buffer.from([0, 0, 0, 255, 255, 255]) : Buffer.alloc(0),
			...Array.from({ length: frames }, () => frame),
			Buffer.from([0x3b]),
		]);

	it('sees one frame as still and two as animated', () => {
		expect(isAnimatedGif(gif(1))).toBe(false);
		expect(isAnimatedGif(gif(2))).toBe(true);
		expect(isAnimatedGif(gif(2, false))).toBe(true);
	});

	it('says undefined for bytes that are not a GIF', () => {
		expect(isAnimatedGif(Buffer.from('not a gif at all'))).toBeUndefined();
	});
});
