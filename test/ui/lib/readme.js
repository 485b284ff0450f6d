'use strict';
// The README's Operations section is what users read before they look for an
// action in the node panel, so the browser suite takes its expectations from
// there: `- **Resource → Operation** (*Action in the panel*)` for action nodes,
// and the trigger's "one entry per event: *On …*, *On …*" line. The docs suite
// (test/docs) checks the same lines against the nodes: every operation listed,
// and every output the line names in backticks really output.
//
// Every parser takes the README's text as its last parameter (by default the
// README file), so a test can hand it an altered copy.

const fs = require('node:fs');
const path = require('node:path');

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');

const readReadme = () => fs.readFileSync(README, 'utf8');

/** A backticked name that looks like an output field: `callId`, not `Authorization: <key>`. */
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** The field names a piece of README text puts in backticks, in order, each once. */
function backtickedFields(text) {
	const names = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim()).filter((name) => FIELD_NAME.test(name));
	return [...new Set(names)];
}

/** The text under one `### <node>` heading of the Operations section. */
function nodeSection(text, displayName) {
	const operations = text.slice(text.indexOf('\n## Operations\n'));
	const start = operations.indexOf(`\n### ${displayName}\n`);
	if (start < 0) throw new Error(`README: no "### ${displayName}" under "## Operations"`);
	const rest = operations.slice(start + 1);
	const end = rest.slice(1).search(/\n#{1,3} /);
	return end < 0 ? rest : rest.slice(0, end + 1);
}

/**
 * `[{resource, operation, action, outputs}]` for an action node, in README
 * order. `outputs`: the field names the line puts in backticks after the
 * action (its text up to the next list item, blank line or heading).
 */
function readmeActions(displayName, text = readReadme()) {
	const section = nodeSection(text, displayName);
	const out = [];
	for (const m of section.matchAll(/^- \*\*(.+?) → (.+?)\*\* \(\*(.+?)\*\)/gm)) {
		const after = section.slice(m.index + m[0].length);
		const end = after.search(/\n(?:- |\s*\n|#)/);
		const claims = end < 0 ? after : after.slice(0, end);
		out.push({ resource: m[1].trim(), operation: m[2].trim(), action: m[3].trim(), outputs: backtickedFields(claims) });
	}
	if (!out.length) throw new Error(`README: no "- **Resource → Operation** (*Action*)" lines for ${displayName}`);
	return out;
}

/** The trigger entries the README names for a trigger node, in README order. */
function readmeTriggers(displayName, text = readReadme()) {
	const section = nodeSection(text, displayName);
	const line = section.match(/one entry per\s+event:([\s\S]*?)\(/);
	if (!line) throw new Error(`README: no "one entry per event: *On …*" line for ${displayName}`);
	return [...line[1].matchAll(/\*(On [^*]+)\*/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
}

/** The field names the trigger's "Outputs `…`, `…`" sentence names, in README order. */
function readmeTriggerOutputs(displayName, text = readReadme()) {
	const section = nodeSection(text, displayName);
	const sentence = section.match(/\bOutputs\s+(`[\s\S]*?)(?:\n\s*\n|$)/);
	if (!sentence) throw new Error(`README: no "Outputs \`…\`" sentence for ${displayName}`);
	return backtickedFields(sentence[1]);
}

/**
 * The anchor GitHub gives a heading (github-slugger, as GitHub renders
 * READMEs): the heading's text without its Markdown, lower-cased, every
 * character that is not a letter, digit, mark, connector (`_`), space or
 * hyphen removed, then each space made a hyphen (no collapsing: "a → b" is
 * "a--b").
 */
function headingSlug(heading) {
	const plain = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
		.replace(/<[^>]+>/g, '') // inline HTML tags
		.replace(/[`*]/g, '') // code spans, emphasis
		.trim();
	return plain
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/**
 * Every heading of a Markdown text with the anchor GitHub links it by, in
 * order: `[{level, text, anchor}]`. ATX headings (`## …`) outside fenced code
 * blocks; a repeated anchor gets `-1`, `-2`, … as on GitHub.
 */
function headingAnchors(text = readReadme()) {
	const headings = [];
	const seen = new Map();
	let fence = null;
	for (const line of text.split(/\r?\n/)) {
		const fenceMark = line.match(/^ {0,3}(`{3,}|~{3,})/);
		if (fenceMark) {
			if (fence === null) fence = fenceMark[1];
			else if (fenceMark[1][0] === fence[0] && fenceMark[1].length >= fence.length) fence = null;
			continue;
		}
		if (fence !== null) continue;
		const heading = line.match(/^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/);
		if (!heading) continue;
		const base = headingSlug(heading[2]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		headings.push({ level: heading[1].length, text: heading[2], anchor: count === 0 ? base : `${base}-${count}` });
	}
	return headings;
}

module.exports = { readmeActions, readmeTriggers, readmeTriggerOutputs, headingAnchors, headingSlug, backtickedFields };
