/**
 * What no output item may carry. Node output is saved with every execution
 * and, when a node runs as an AI Agent's tool, handed to the model as its tool
 * result: a secret that reaches it is a secret given away. Hamsa echoes the
 * webhook's `webhookAuth` (Auth Key and Auth Secret) in voice agents, call jobs
 * and events, and either service may repeat the credential's key in a text.
 *
 * Secret-bearing keys are removed, not masked: an `authSecret: "***"` left in
 * place would only invite a workflow to map it into the next request.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Stands in for the credential's key wherever it appears in a text (as errors.ts writes it). */
export const REDACTED = '***';

/**
 * Matched without regard to case (neither service promises its casing). The
 * whole `webhookAuth` goes, its `authKey` with it: the key alone ("Bearer")
 * is harmless, but half of an Authorization header is no use to anyone. A
 * voice agent's settings also hold its own LLM's `apiKey` and its calendar
 * tool's OAuth tokens, given back by the same agent list.
 */
const SECRET_KEYS = new Set(['webhookauth', 'authsecret', 'authtoken', 'apikey', 'accesstoken', 'refreshtoken']);

/**
 * No answer of either service nests anywhere near this deep; beyond it a value
 * is cut rather than copied unread, so an absurd answer cannot smuggle a secret
 * past the walk or exhaust the stack.
 */
const MAX_DEPTH = 64;
const TOO_DEEP = '[cut: nested too deep]';
const CIRCULAR = '[cut: circular]';

/** A shorter "key" would replace ordinary words; errors.ts redacts by the same rule. */
const MIN_SECRET_LENGTH = 4;

/** Hamsa's guide has receivers parse lists and objects sent as JSON text, so a secret key may hide in one. */
const MENTIONS_SECRET_KEY = /webhookauth|authsecret|authtoken|apikey|accesstoken|refreshtoken/i;

export function isSecretKey(key: string): boolean {
	return SECRET_KEYS.has(key.toLowerCase());
}

function usableSecrets(secrets: readonly string[]): string[] {
	return [...new Set(secrets.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH))];
}

function isPlainObject(value: object): boolean {
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

class Redactor {
	private readonly onPath = new Set<object>();

	constructor(private readonly secrets: string[]) {}

	text(value: string, depth: number): string {
		let clean = value;
		for (const secret of this.secrets) {
			if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
		}
		return MENTIONS_SECRET_KEY.test(clean) ? this.jsonText(clean, depth) : clean;
	}

	/** A JSON object or list written as text, with its secret keys removed; other text as it is. */
	private jsonText(text: string, depth: number): string {
		const trimmed = text.trim();
		if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
		let parsed: unknown;
		try {
			parsed = JSON.parse(trimmed);
		} catch {
			return text;
		}
		const clean = JSON.stringify(this.value(parsed, depth + 1));
		// Rewritten only when something was removed: a text merely naming a key keeps its own layout.
		return clean === JSON.stringify(parsed) ? text : clean;
	}

	value(value: unknown, depth: number): unknown {
		if (typeof value === 'string') return this.text(value, depth);
		if (value === null || typeof value !== 'object') return value;
		if (!Array.isArray(value) && !isPlainObject(value)) return value;
		if (depth > MAX_DEPTH) return TOO_DEEP;
		if (this.onPath.has(value)) return CIRCULAR;
		this.onPath.add(value);
		try {
			if (Array.isArray(value)) return value.map((entry) => this.value(entry, depth + 1));
			const out: Record<string, unknown> = {};
			for (const [key, entry] of Object.entries(value)) {
				if (isSecretKey(key)) continue;
				out[this.secrets.length ? this.text(key, depth) : key] = this.value(entry, depth + 1);
			}
			return out;
		} finally {
			this.onPath.delete(value);
		}
	}
}

/**
 * A copy of `value` without secret keys at any depth, and with every
 * occurrence of `secrets` (the credential's key) in its texts and key names
 * replaced by REDACTED. Values that are not plain data (a Date) are kept as they are.
 */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
	return new Redactor(usableSecrets(secrets)).value(value, 0) as T;
}

/** The JSON of output items redacted as redactValue does; binary data (a recording) is the file itself and kept. */
export function redactItems(items: INodeExecutionData[], secrets: readonly string[] = []): INodeExecutionData[] {
	const redactor = new Redactor(usableSecrets(secrets));
	return items.map((item) => ({ ...item, json: redactor.value(item.json, 0) as IDataObject }));
}
