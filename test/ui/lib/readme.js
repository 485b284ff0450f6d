'use strict';
// The README's Operations section is what users read before they look for an
// action in the node panel, so the browser suite takes its expectations from
// there: `- **Resource → Operation** (*Action in the panel*)` for action nodes,
// and the trigger's "one entry per event: *On …*, *On …*" line.

const fs = require('node:fs');
const path = require('node:path');

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');

/** The text under one `### <node>` heading of the Operations section. */
function nodeSection(text, displayName) {
	const operations = text.slice(text.indexOf('\n## Operations\n'));
	const start = operations.indexOf(`\n### ${displayName}\n`);
	if (start < 0) throw new Error(`README: no "### ${displayName}" under "## Operations"`);
	const rest = operations.slice(start + 1);
	const end = rest.slice(1).search(/\n#{1,3} /);
	return end < 0 ? rest : rest.slice(0, end + 1);
}

/** `[{resource, operation, action}]` for an action node, in README order. */
function readmeActions(displayName, text = fs.readFileSync(README, 'utf8')) {
	const section = nodeSection(text, displayName);
	const out = [];
	for (const m of section.matchAll(/^- \*\*(.+?) → (.+?)\*\* \(\*(.+?)\*\)/gm)) {
		out.push({ resource: m[1].trim(), operation: m[2].trim(), action: m[3].trim() });
	}
	if (!out.length) throw new Error(`README: no "- **Resource → Operation** (*Action*)" lines for ${displayName}`);
	return out;
}

/** The trigger entries the README names for a trigger node, in README order. */
function readmeTriggers(displayName, text = fs.readFileSync(README, 'utf8')) {
	const section = nodeSection(text, displayName);
	const line = section.match(/one entry per\s+event:([\s\S]*?)\(/);
	if (!line) throw new Error(`README: no "one entry per event: *On …*" line for ${displayName}`);
	return [...line[1].matchAll(/\*(On [^*]+)\*/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
}

module.exports = { readmeActions, readmeTriggers };
