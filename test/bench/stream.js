#!/usr/bin/env node
'use strict';
// Throughput and memory of the streamed-answer reader, from one run:
//  1. Builds a ~10 MB SSE stream as HotTask sends it: token-sized pieces
//     `data: {"content":"…"}` + blank line, mixed ASCII and multi-byte text
//     (accents, CJK, Arabic, emoji), then the summary carrying the whole Answer
//     and `data: [DONE]`.
//  2. Times EventStreamReader + AnswerCollector (decode, framing, collecting,
//     finish) over the bytes in chunks of 1 B, 64 B, 4 KB and 64 KB, against a
//     baseline timed in the same run: bare JSON.parse over the same JSON lines,
//     already split and decoded (no framing work). MB/s = stream bytes / time for
//     both (MB = 10^6 bytes), so the ratio is baseline time / our time. Every run
//     of ours is paired with a baseline run just before it; figures are medians
//     over the rounds. The ratio is also given by CPU time (process.cpuUsage),
//     which other processes on a shared machine disturb less than wall-clock time.
//  3. Feeds the stream twice more in 4 KB chunks, sampling heapUsed (plainly, and
//     after a gc at each sample) to compare peak heap growth with the answer's size.
// Uses the compiled dist/ (npm run bench:stream builds first).
// Usage: npm run bench:stream [-- --mb 10 --repeat 7 --repeat-1b 3 --seed 1]

const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

// gc() is needed for the memory figures: re-run this script under --expose-gc.
if (typeof global.gc !== 'function') {
	const child = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(child.status ?? 1);
}

const dist = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'shared', 'hotTask');
const { EventStreamReader } = require(path.join(dist, 'eventStream.js'));
const { AnswerCollector } = require(path.join(dist, 'answerCollector.js'));

const { numericOption: option } = require('./options');
const { seededRandom } = require('../simulator/seededRandom');
const { median } = require('./lib/stats');
const TARGET_MB = option('mb', 10);
const REPEAT = option('repeat', 7);
const REPEAT_1B = option('repeat-1b', 3);
const SEED = option('seed', 1);
const CHUNK_SIZES = [1, 64, 4 * 1024, 64 * 1024];
const TARGET_RATIO = 0.5;
const MB = 1e6;

// ---------------------------------------------------------------------------
// The stream

// Token-sized pieces, as a language model streams them.
const ASCII_TOKENS = (
	' the| of| and| to| your| order| will| arrive| within| 3| business| days|.|,| Thank| you| for| contacting| us|!|' +
	' Our| support| team| is| available| Monday| to| Friday|,| 9|:|00| AM| –| 6| PM|.| Please| note| that| deliv|ery|' +
	' times| may| vary|.| You| can| track| it| here|:| https|://|example|.com|/|track|?| If| anything| else|' +
	' comes| up|,| just| ask|.| **|Note|:**| refunds| take| 5|–|7| days|.| "|quoted|"| path| C|:\\|data|\n|\n\n|- '
).split('|');
const MULTIBYTE_TOKENS = (
	' café| Grüße| naïve| São| Paulo| crème| brûlée| Ünïcödé| 你好|世界|我们|的|订单|已经|发货|。|こんにちは|です|' +
	'ありがとう| 안녕하세요| مرحبا| شكرا| الطلب| في| الطريق| שלום| Привет| спасибо| 🙂| 👍|🚚| ✅| 🇦🇪| 👩‍💻| e\u0301| ñ'
).split('|');

function buildStream(targetBytes, random) {
	const pieces = [];
	let pieceLineBytes = 0;
	let answerJsonBytes = 0; // bytes the Answer will take inside the summary's JSON
	while (pieceLineBytes + answerJsonBytes + 120 < targetBytes) {
		const tokens = random() < 0.75 ? ASCII_TOKENS : MULTIBYTE_TOKENS;
		const piece = tokens[Math.floor(random() * tokens.length)];
		pieces.push(piece);
		const escaped = Buffer.byteLength(JSON.stringify(piece)) - 2;
		pieceLineBytes += 'data: {"content":""}\n\n'.length + escaped;
		answerJsonBytes += escaped;
	}
	const answer = pieces.join('');
	const summary = { QuestionID: 10495005, AnswerID: 10495006, Answer: answer, TotalToken: pieces.length };
	const jsonLines = pieces.map((content) => JSON.stringify({ content }));
	jsonLines.push(JSON.stringify(summary));
	const text = jsonLines.map((json) => `data: ${json}\n\n`).join('') + 'data: [DONE]\n\n';
	const bytes = new TextEncoder().encode(text);
	const summaryBytes = Buffer.byteLength(jsonLines[jsonLines.length - 1]) + 8;
	return { bytes, jsonLines, pieces, answer, summary, summaryBytes };
}

// ---------------------------------------------------------------------------
// Measurements

let sink = 0; // keeps results alive so nothing is optimised away

/** Runs `work` once; returns its wall-clock and CPU (user + system) seconds. */
function measure(work) {
	const cpuBefore = process.cpuUsage();
	const start = process.hrtime.bigint();
	const result = work();
	const wall = Number(process.hrtime.bigint() - start) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	return { wall, cpu: (cpu.user + cpu.system) / 1e6, result };
}

function timeBaseline(jsonLines) {
	return measure(() => {
		for (let index = 0; index < jsonLines.length; index++) {
			const value = JSON.parse(jsonLines[index]);
			if (value !== null) sink++;
		}
	});
}

function readStream(bytes, chunkSize, onChunk) {
	const reader = new EventStreamReader();
	const collector = new AnswerCollector();
	for (let start = 0; start < bytes.length; start += chunkSize) {
		collector.accept(reader.push(bytes.subarray(start, start + chunkSize)));
		if (onChunk) onChunk(reader, collector, start);
	}
	collector.accept(reader.end());
	return { outcome: collector.finish(), collector };
}

function timeOurs(bytes, chunkSize) {
	const { wall, cpu, result } = measure(() => readStream(bytes, chunkSize).outcome);
	if (result.ok) sink += result.answer.pieceCount;
	return { wall, cpu, outcome: result };
}

function checkOutcome(outcome, stream, label) {
	const ok =
		outcome.ok &&
		outcome.answer.answer === stream.answer &&
		outcome.answer.questionId === stream.summary.QuestionID &&
		outcome.answer.answerId === stream.summary.AnswerID &&
		outcome.answer.totalTokens === stream.summary.TotalToken &&
		outcome.answer.pieceCount === stream.pieces.length &&
		!outcome.answer.joinedPiecesDiffer;
	if (!ok) {
		console.error(`Wrong result at ${label}:`, JSON.stringify(outcome).slice(0, 300));
		process.exit(1);
	}
}

/**
 * Feeds the stream once, sampling heapUsed every `sampleBytes` of input and after
 * finish(). With `live`, each sample follows a gc, so it counts only what is
 * still referenced (the pieces so far, the partial line); without, it also
 * counts garbage the young generation has not collected yet.
 */
function measureMemory(stream, chunkSize, { live, sampleBytes }) {
	const sampleEvery = Math.max(1, Math.floor(sampleBytes / chunkSize));
	const heapUsed = () => {
		if (live) global.gc();
		return process.memoryUsage().heapUsed;
	};
	global.gc();
	global.gc();
	const before = process.memoryUsage().heapUsed;
	let peak = before;
	let samples = 0;
	let chunks = 0;
	let mostBuffered = 0;
	const { outcome, collector } = readStream(stream.bytes, chunkSize, (reader) => {
		mostBuffered = Math.max(mostBuffered, reader.bufferedLength);
		if (++chunks % sampleEvery === 0) {
			peak = Math.max(peak, heapUsed());
			samples++;
		}
	});
	peak = Math.max(peak, heapUsed());
	samples++;
	global.gc();
	const retained = process.memoryUsage().heapUsed - before; // collector and outcome are still referenced
	checkOutcome(outcome, stream, `memory run, ${chunkSize} B chunks`);
	sink += collector.failed ? 0 : 1;
	return { peakGrowth: peak - before, retained, samples, mostBuffered };
}

// ---------------------------------------------------------------------------
// Output

const fmt = (value, digits = 1) => value.toFixed(digits);
const sizeLabel = (bytes) => (bytes >= 1024 ? `${bytes / 1024} KB` : `${bytes} B`);
const mb = (bytes) => `${fmt(bytes / MB, 2)} MB`;

function table(header, rows) {
	const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
	const line = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
	console.log(line(header));
	console.log(`|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
	for (const row of rows) console.log(line(row));
}

function main() {
	const stream = buildStream(TARGET_MB * MB, seededRandom(SEED));
	const totalBytes = stream.bytes.length;
	const multibyteChars = [...stream.answer].filter((char) => char.codePointAt(0) > 0x7f).length;
	const answerUtf8 = Buffer.byteLength(stream.answer);
	// V8 keeps a string with any character above U+00FF at two bytes per UTF-16 unit.
	const answerInMemory = stream.answer.length * (/[^\u0000-\u00ff]/.test(stream.answer) ? 2 : 1);

	console.log(`Node ${process.version}, ${process.arch}; seed ${SEED}`);
	console.log(
		`Stream: ${mb(totalBytes)}, ${stream.pieces.length.toLocaleString('en')} pieces + summary + [DONE] ` +
			`(${fmt((100 * stream.summaryBytes) / totalBytes)}% of the bytes are the summary line)`,
	);
	console.log(
		`Answer: ${stream.answer.length.toLocaleString('en')} UTF-16 units, ${mb(answerUtf8)} as UTF-8, ` +
			`${fmt((100 * multibyteChars) / [...stream.answer].length)}% of characters multi-byte; ${mb(answerInMemory)} as a JS string`,
	);

	// Warm-up (not counted): lets the JIT settle and checks the answer at each chunk size. V8 then
	// has seen small and large chunks alike, as in a long-running n8n; code warmed on large chunks
	// only runs faster, so the figures below are the more conservative ones.
	for (let pass = 0; pass < 2; pass++) {
		timeBaseline(stream.jsonLines);
		for (const size of CHUNK_SIZES) {
			if (size !== 1) checkOutcome(timeOurs(stream.bytes, size).outcome, stream, `${size} B chunks`);
		}
	}

	// Each measurement of ours is paired with a baseline run just before it: on a
	// shared machine the load drifts, and a ratio taken within a pair is steadier
	// than a ratio of medians taken minutes apart. No forced gc here: a node runs
	// in n8n's warm heap, and a gc just before shrinks the young generation.
	const runs = new Map(CHUNK_SIZES.map((size) => [size, { ours: [], baseline: [], ratios: [], cpuRatios: [] }]));
	for (let round = 0; round < REPEAT; round++) {
		for (const size of CHUNK_SIZES) {
			if (size === 1 && round >= REPEAT_1B) continue;
			const baseline = timeBaseline(stream.jsonLines);
			const ours = timeOurs(stream.bytes, size);
			checkOutcome(ours.outcome, stream, `${size} B chunks`);
			const pair = runs.get(size);
			pair.ours.push(ours.wall);
			pair.baseline.push(baseline.wall);
			pair.ratios.push(baseline.wall / ours.wall);
			pair.cpuRatios.push(baseline.cpu / ours.cpu);
		}
		if (process.stderr.isTTY) process.stderr.write(`  round ${round + 1}/${REPEAT} done\r`);
	}

	const allBaselines = [...runs.values()].flatMap((pair) => pair.baseline);
	const load = os.loadavg().map((value) => fmt(value, 2)).join(', ');
	console.log(`Load average during the run: ${load} on ${os.cpus().length} CPUs`);
	console.log('');
	console.log(
		`Baseline, bare JSON.parse of the ${stream.jsonLines.length.toLocaleString('en')} pre-split JSON lines: ` +
			`median ${fmt(median(allBaselines) * 1000, 0)} ms of ${allBaselines.length} runs = ${fmt(totalBytes / MB / median(allBaselines))} MB/s`,
	);
	console.log('Ours: EventStreamReader.push per chunk + AnswerCollector.accept, then end() and finish(); MB/s = stream bytes / time.');
	console.log('');
	const rows = CHUNK_SIZES.map((size) => {
		const { ours, baseline, ratios, cpuRatios } = runs.get(size);
		const seconds = median(ours);
		const ratio = median(ratios);
		const target = size >= 4096 ? (ratio >= TARGET_RATIO ? `≥ ${TARGET_RATIO}: met` : `≥ ${TARGET_RATIO}: MISSED`) : '–';
		return [
			sizeLabel(size),
			String(ours.length),
			fmt(seconds * 1000, 0),
			`${fmt(Math.min(...ours) * 1000, 0)}–${fmt(Math.max(...ours) * 1000, 0)}`,
			fmt(totalBytes / MB / seconds),
			fmt(totalBytes / MB / median(baseline)),
			fmt(ratio, 2),
			`${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}`,
			fmt(median(cpuRatios), 2),
			target,
		];
	});
	table(
		['chunk', 'runs', 'ours median ms', 'ours range ms', 'ours MB/s', 'baseline MB/s', 'ours/baseline', 'ratio range', 'by CPU time', 'target'],
		rows,
	);
	console.log(
		'ours/baseline: median of the per-pair wall-clock ratios (the target applies to it); by CPU time: the same from\n' +
			"process.cpuUsage(), less sensitive to other processes' load. MB/s columns are wall-clock medians of each side.",
	);

	const natural = measureMemory(stream, 4096, { live: false, sampleBytes: 256 * 1024 });
	const live = measureMemory(stream, 4096, { live: true, sampleBytes: 512 * 1024 });
	const longestLine = stream.jsonLines.reduce((longest, json) => Math.max(longest, Buffer.byteLength(json)), 0) + 'data: '.length;
	const times = (bytes) => fmt(bytes / answerInMemory, 2);
	console.log('');
	console.log('Memory, 4 KB chunks: growth of heapUsed over its value after a gc just before the run.');
	table(
		['figure', 'MB', '× answer as JS string'],
		[
			['answer as a JS string', fmt(answerInMemory / MB, 2), '1.00'],
			[`peak growth, ${natural.samples} samples (uncollected garbage included)`, fmt(natural.peakGrowth / MB, 2), times(natural.peakGrowth)],
			[`peak live growth, ${live.samples} samples each after a gc`, fmt(live.peakGrowth / MB, 2), times(live.peakGrowth)],
			['retained after finish(), collector and outcome alive', fmt(live.retained / MB, 2), times(live.retained)],
		],
	);
	console.log(
		`Most held back by the reader: ${natural.mostBuffered.toLocaleString('en')} bytes; ` +
			`longest line: ${longestLine.toLocaleString('en')} bytes (the summary, which carries the whole Answer).`,
	);
	if (sink === -1) console.log(''); // never true; uses sink
}

main();
