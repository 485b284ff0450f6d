'use strict';
// Two promise helpers the harness took from n8n-workflow 1.x, which 2.x no
// longer exports (createDeferredPromise, sleepWithAbort): the same behaviour,
// kept here so the harness runs on either engine.

/**
 * @template T
 * @returns {{ promise: Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void }}
 */
function createDeferredPromise() {
	let resolve;
	let reject;
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/**
 * Resolves after `ms`, or rejects as soon as `signal` aborts (its timer then cleared).
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
function sleepWithAbort(ms, signal) {
	return new Promise((resolve, reject) => {
		if (signal && signal.aborted) {
			reject(new Error('aborted'));
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		};
		const timer = setTimeout(() => {
			if (signal) signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		if (signal) signal.addEventListener('abort', onAbort, { once: true });
	});
}

module.exports = { createDeferredPromise, sleepWithAbort };
