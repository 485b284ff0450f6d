'use strict';
// n8n's logger, the one n8n-core's execution contexts give a node as
// this.logger (Container.get(Logger)): watched so that a test can read what a
// node logged, and kept quiet meanwhile.
//
// JavaScript: @n8n/backend-common is no dependency of the package, which
// `n8n-node lint` rightly forbids TypeScript sources to import.

const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');

/**
 * Watches n8n's logger's warn() until restore(). `calls` holds each call's
 * arguments (message, metadata).
 * @returns {{ readonly calls: unknown[][], restore: () => void }}
 */
function watchWarnings() {
	const spy = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
	return {
		get calls() {
			return spy.mock.calls;
		},
		restore: () => spy.mockRestore(),
	};
}

module.exports = { watchWarnings };
