'use strict';
// The node and credential classes of the built package (dist/), loaded the way
// n8n loads them: through the paths in package.json's "n8n" field, one class
// per file named like the file. packageTypes.ts gives them their n8n types.

const path = require('node:path');
const { readRepoJson, loadRepoModule } = require('./repoFiles');

const manifest = readRepoJson('package.json');

/** @param {string[]} files @returns {object[]} one instance per file */
function instancesOf(files) {
	return files.map((file) => {
		const className = path.basename(file).split('.')[0];
		const Class = loadRepoModule(file)[className];
		if (!Class) throw new Error(`${file} does not export a class named ${className} (run npm run build)`);
		return new Class();
	});
}

module.exports = {
	/** @type {string} */
	PACKAGE_NAME: manifest.name,
	credentialInstances: () => instancesOf(manifest.n8n.credentials),
	nodeInstances: () => instancesOf(manifest.n8n.nodes),
};
