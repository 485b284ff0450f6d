/**
 * The express request and response objects n8n hands a webhook, as far as our
 * nodes and n8n's WebhookContext touch them: the response records what was sent
 * and, like Node's http.ServerResponse, emits 'finish' once the answer is sent
 * and then 'close'.
 */
import { N8N_URL } from './n8nCore';

export interface RecordedResponse {
	statusCode?: number;
	headers: Record<string, string>;
	body?: unknown;
	ended: boolean;
}

export function fakeRequest(method: string, originalUrl: string, headers: Record<string, string | undefined>, body: unknown) {
	const lowerCased: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) lowerCased[name.toLowerCase()] = value;
	}
	const url = new URL(originalUrl, N8N_URL);
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of url.searchParams) {
		const previous = query[key];
		query[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
	}
	const contentType = lowerCased['content-type']?.split(';')[0].trim();
	const header = (name: string) => lowerCased[name.toLowerCase()];
	return {
		method,
		url: originalUrl,
		originalUrl,
		path: url.pathname,
		baseUrl: '',
		hostname: url.hostname,
		protocol: 'http',
		secure: false,
		ip: '127.0.0.1',
		headers: lowerCased,
		rawHeaders: Object.entries(lowerCased).flat(),
		query,
		params: {},
		body,
		contentType,
		get: header,
		header,
	};
}

export function fakeResponse() {
	const record: RecordedResponse = { headers: {}, ended: false };
	const listeners: Array<{ event: string; listener: () => void; once: boolean }> = [];
	const emit = (event: string) => {
		for (const entry of [...listeners]) {
			if (entry.event !== event) continue;
			if (entry.once) listeners.splice(listeners.indexOf(entry), 1);
			entry.listener();
		}
	};
	let markClosed!: () => void;
	/** Resolves once 'finish' and 'close' were emitted (after the answer was sent). */
	const closed = new Promise<void>((resolve) => (markClosed = resolve));
	const sent = () => {
		if (record.ended) return;
		record.ended = true;
		// After the current call, as Node emits them once the answer is flushed.
		void Promise.resolve().then(() => {
			emit('finish');
			emit('close');
			markClosed();
		});
	};
	const removeListener = (event: string, listener: () => void) => {
		const index = listeners.findIndex((entry) => entry.event === event && entry.listener === listener);
		if (index >= 0) listeners.splice(index, 1);
		return express;
	};
	const express = {
		on(event: string, listener: () => void) {
			listeners.push({ event, listener, once: false });
			return express;
		},
		once(event: string, listener: () => void) {
			listeners.push({ event, listener, once: true });
			return express;
		},
		off: removeListener,
		removeListener,
		get statusCode() {
			return record.statusCode ?? 200;
		},
		set statusCode(code: number) {
			record.statusCode = code;
		},
		get headersSent() {
			return record.ended;
		},
		status(code: number) {
			record.statusCode = code;
			return express;
		},
		sendStatus(code: number) {
			record.statusCode = code;
			sent();
			return express;
		},
		setHeader(name: string, value: string) {
			record.headers[name.toLowerCase()] = String(value);
			return express;
		},
		set(name: string, value: string) {
			return express.setHeader(name, value);
		},
		header(name: string, value: string) {
			return express.setHeader(name, value);
		},
		getHeader(name: string) {
			return record.headers[name.toLowerCase()];
		},
		writeHead(code: number, headers?: Record<string, string>) {
			record.statusCode = code;
			for (const [name, value] of Object.entries(headers ?? {})) express.setHeader(name, value);
			return express;
		},
		json(body: unknown) {
			express.setHeader('content-type', 'application/json; charset=utf-8');
			record.body = body;
			sent();
			return express;
		},
		send(body?: unknown) {
			record.body = body;
			sent();
			return express;
		},
		end(body?: unknown) {
			if (body !== undefined) record.body = typeof body === 'string' ? tryJson(body) : body;
			sent();
			return express;
		},
	};
	return { express, record, closed };
}

function tryJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
