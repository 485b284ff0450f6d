'use strict';
// Call → Get Recording and Hamsa Speech inside the real n8n (`n8n execute`):
// the files land in n8n's binary data (filesystem mode, n8n 2.x's default;
// n8n 1.x keeps them in the execution by default) and show in the execution
// with their names, types and sizes.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, keys } = require('./util');
const { N8N_E2E_VERSION } = require('../lib/install');

async function recordingAndSpeech(t, env) {
	const { ctx, sim, workflows } = env;
	sim.reset();
	// Seeded calls point at Hamsa's CDN; here their recordings are on the simulator, behind the key.
	for (const call of sim.hamsa.history) if (call.mediaUrl) call.mediaUrl = `${sim.url}/private-recordings/${call.id}.mp3`;
	let run;
	const ran = await t.check('recording and speech: Get Recording → Text to Speech → Transcribe runs green', async () => {
		run = await h.executeWorkflow(ctx, workflows['recording-and-speech.json'].id);
		assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
		return `${(run.ms / 1000).toFixed(1)} s`;
	});
	if (!ran) return;

	await t.check('Get Recording: the recording is binary data in the execution (file name, MIME type, size), key sent only after a refusal', async () => {
		const [item] = h.nodeOutput(run, 'Get Recording', { withBinary: true });
		const { callId } = item.json;
		const binary = item.binary && item.binary.recording;
		assert.ok(binary, `no binary "recording": ${JSON.stringify(item)}`);
		assert.equal(binary.fileName, `call-${callId}.mp3`);
		assert.equal(binary.mimeType, 'audio/mpeg');
		assert.match(String(binary.fileSize), /^4(\.\d+)? kB$/);
		// n8n 1.x's default binary data mode ("default") keeps the file in the item as base64, with no id.
		if (N8N_E2E_VERSION === '1') assert.ok(!binary.id && Buffer.from(String(binary.data), 'base64').length > 0, `id ${binary.id}`);
		else assert.match(String(binary.id), /^filesystem/);
		assert.equal(item.json.recordingKeySent, true);
		const tries = sim.requests.filter((r) => r.service === 'recordings');
		assert.deepEqual(tries.map((r) => r.headers.authorization), [undefined, `Token ${keys.HAMSA}`]);
		return `${binary.fileName}, ${binary.mimeType}, ${binary.fileSize}, ${binary.id ? binary.id.split(':')[0] : 'kept in the execution'}`;
	});

	await t.check('Text to Speech → Transcribe: the audio is binary data, and Transcribe reads it back through realtime STT', async () => {
		const [speech] = h.nodeOutput(run, 'Text to Speech', { withBinary: true });
		assert.equal(speech.binary.data.fileName, 'speech.wav');
		assert.equal(speech.binary.data.mimeType, 'audio/wav');
		assert.equal(speech.json.streamed, false);
		const [r] = requestsTo(sim.requests, 'POST', '/v1/realtime/tts', 1);
		assert.deepEqual(r.body, { text: 'Your appointment is on Thursday at 3 pm.', speaker: 'Majd', dialect: 'en' });
		const [text] = h.nodeOutput(run, 'Transcribe');
		assert.deepEqual(text, { text: 'Hello, how can I help you today?', language: 'en', mode: 'realtime' });
		const [stt] = requestsTo(sim.requests, 'POST', '/v1/realtime/stt', 1);
		assert.equal(Buffer.from(stt.body.audioBase64, 'base64').length, 44 + 40 * 200);
		return `${speech.binary.data.fileSize} of speech, transcribed`;
	});
}

module.exports = { recordingAndSpeech };
