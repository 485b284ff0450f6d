const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// tsc only emits .js; n8n also needs each node's codex file beside it, and
// the icons, which every node and credential references from the one
// dist/icons folder (one copy of each in the package).
function copyCodexFiles() {
	return src(path.resolve('nodes', '**', '*.node.json'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyIcons() {
	return src(path.resolve('icons', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'icons')));
}

task('build:icons', parallel(copyCodexFiles, copyIcons));
