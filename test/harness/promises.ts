/**
 * Two promise helpers the harness took from n8n-workflow 1.x, which 2.x no
 * longer exports (createDeferredPromise, sleepWithAbort): the same behaviour,
 * kept here so the harness runs on either engine.
 */

export interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: unknown) => void;
}

export function createDeferredPromise<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts (its timer then cleared). */
export async function sleepWithAbort(ms: number, signal?: AbortSignal): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		if (signal?.aborted) {
			reject(new Error('aborted'));
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
