/**
 * A chatbot's knowledge as HotTask's GetSource shows it, read tolerantly.
 *
 * HotTask's guide does not show the shape of GetSource's `Data`, so this
 * reads the shapes a chatbot API plausibly uses (see docs/services.md,
 * "Knowledge and chatbot settings"):
 *  - an object of lists and values: `{Text, QaList: [{Key, Value}], WebsiteList,
 *    FileList, GoogleSheetUrl, SiteMapUrl, EnableSyncSiteMap, SyncSiteMapDays}`,
 *    keys in any case and under the usual synonyms (`qaList`, `faqs`, `websites`,
 *    `urls`, `files`, `documents`, …), possibly wrapped in one more object;
 *  - one flat list of sources, each with a type (`{Type: "QA", …}`) or
 *    recognisable by its fields (question and answer, a URL, a file id).
 * Anything else is kept as an "other" source, never dropped and never a crash.
 *
 * Writing a list back (EditKnowledge) is safe only when the current list was
 * read: `canWrite` says so when the list was seen in the answer, or when the
 * answer held nothing the reader did not understand.
 */
import type { IDataObject } from 'n8n-workflow';

export type ListKind = 'qa' | 'websites' | 'files';

export interface QaPair {
	question: string;
	answer: string;
}

export interface WebsiteSource {
	url: string;
	/** What else GetSource said of it (status, dates), as sent. */
	details?: IDataObject;
}

export interface FileSource {
	/** HotTask's FileStoreId, as text (EditKnowledge's fileList takes strings). */
	id: string;
	name?: string;
}

export interface OtherSource {
	/** Where in the answer it was found, e.g. "Data.Extras[0]". */
	key: string;
	value: unknown;
}

export interface Sources {
	texts: string[];
	qa: QaPair[];
	websites: WebsiteSource[];
	files: FileSource[];
	googleSheetUrl?: string;
	sitemap?: { url: string; sync?: boolean; days?: number };
	other: OtherSource[];
	/** The lists the answer showed, even when empty. */
	seen: Set<ListKind>;
}

const normaliseKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const KEY_KINDS: Array<[RegExp, Kind]> = [
	[/^(qa|qas|qalist|qapairs?|qapairlist|faqs?|faqlist|questions?|questionanswers?|questionanswerlist|questionlist)$/, 'qa'],
	[/^(websites?|websitelist|urls|urllist|links?|linklist|weblist|webpages?|pages)$/, 'websites'],
	[/^(files?|filelist|documents?|documentlist|docs|filestores?)$/, 'files'],
	[/^(text|texts|textlist|textcontent|contents?)$/, 'text'],
	[/^(googlesheeturl|googlesheets?|sheeturl|sheets?|googlesheetlist)$/, 'sheet'],
	[/^(sitemapurl|sitemap|sitemaps)$/, 'sitemap'],
	[/^(enablesyncsitemap|syncsitemap|issyncsitemap|sitemapsync)$/, 'sitemapSync'],
	[/^(syncsitemapdays|sitemapdays|syncdays|sitemapsyncdays)$/, 'sitemapDays'],
];

type Kind = 'qa' | 'websites' | 'files' | 'text' | 'sheet' | 'sitemap' | 'sitemapSync' | 'sitemapDays';

function kindOfKey(key: string): Kind | undefined {
	const normal = normaliseKey(key);
	return KEY_KINDS.find(([pattern]) => pattern.test(normal))?.[1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first value under any of these keys (compared without case or punctuation). */
function pick(record: Record<string, unknown>, keys: string[]): unknown {
	for (const wanted of keys) {
		for (const [key, value] of Object.entries(record)) {
			if (normaliseKey(key) === wanted && value !== undefined && value !== null && value !== '') return value;
		}
	}
	return undefined;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() ? value : undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		(Array.isArray(value) && value.length === 0) ||
		(isRecord(value) && Object.keys(value).length === 0)
	);
}

function looksLikeUrl(value: string): boolean {
	return /^https?:\/\/\S+$/i.test(value.trim());
}

const TYPE_KEYS = ['type', 'sourcetype', 'kind', 'category', 'sourcekind'];
const QUESTION_KEYS = ['key', 'question', 'q', 'title', 'ask'];
const ANSWER_KEYS = ['value', 'answer', 'a', 'reply', 'response', 'content'];
const URL_KEYS = ['url', 'link', 'website', 'address', 'href', 'source', 'websiteurl', 'pageurl'];
const FILE_ID_KEYS = ['filestoreid', 'fileid', 'filestore', 'id', 'key'];
const FILE_NAME_KEYS = ['filename', 'name', 'title', 'originalname'];

function readQa(entry: unknown): QaPair | undefined {
	if (!isRecord(entry)) return undefined;
	const question = text(pick(entry, QUESTION_KEYS));
	const answer = text(pick(entry, ANSWER_KEYS));
	return question !== undefined && answer !== undefined ? { question, answer } : undefined;
}

function readWebsite(entry: unknown): WebsiteSource | undefined {
	if (typeof entry === 'string') return looksLikeUrl(entry) ? { url: entry.trim() } : undefined;
	if (!isRecord(entry)) return undefined;
	const url = text(pick(entry, URL_KEYS));
	if (url === undefined) return undefined;
	const details = Object.fromEntries(
		Object.entries(entry).filter(([key]) => !URL_KEYS.includes(normaliseKey(key)) && !TYPE_KEYS.includes(normaliseKey(key))),
	) as IDataObject;
	return Object.keys(details).length ? { url: url.trim(), details } : { url: url.trim() };
}

function readFile(entry: unknown): FileSource | undefined {
	if (typeof entry === 'string' || typeof entry === 'number') {
		const id = text(entry);
		return id !== undefined ? { id: id.trim() } : undefined;
	}
	if (!isRecord(entry)) return undefined;
	const id = text(pick(entry, FILE_ID_KEYS));
	if (id === undefined) return undefined;
	const name = text(pick(entry, FILE_NAME_KEYS));
	return name !== undefined ? { id: id.trim(), name } : { id: id.trim() };
}

function readText(entry: unknown): string | undefined {
	if (typeof entry === 'string') return entry.trim() ? entry : undefined;
	if (isRecord(entry)) return text(pick(entry, ['text', 'content', 'value']));
	return undefined;
}

function asList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (isEmpty(value)) return [];
	return [value];
}

function emptySources(): Sources {
	return { texts: [], qa: [], websites: [], files: [], other: [], seen: new Set() };
}

/** Reads a list found under a known key; entries it cannot read become "other" sources. */
function readListInto(sources: Sources, kind: 'qa' | 'websites' | 'files', value: unknown, where: string): void {
	sources.seen.add(kind);
	asList(value).forEach((entry, index) => {
		const read = kind === 'qa' ? readQa(entry) : kind === 'websites' ? readWebsite(entry) : readFile(entry);
		if (read === undefined) sources.other.push({ key: `${where}[${index}]`, value: entry });
		else if (kind === 'qa') sources.qa.push(read as QaPair);
		else if (kind === 'websites') sources.websites.push(read as WebsiteSource);
		else sources.files.push(read as FileSource);
	});
}

function readFlag(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	if (typeof value === 'number') return value !== 0;
	return undefined;
}

function readObject(record: Record<string, unknown>, where: string): Sources {
	const sources = emptySources();
	let sitemapSync: boolean | undefined;
	let sitemapDays: number | undefined;
	let sitemapUrl: string | undefined;
	const unknown: Array<[string, unknown]> = [];
	for (const [key, value] of Object.entries(record)) {
		const kind = kindOfKey(key);
		const at = `${where}.${key}`;
		switch (kind) {
			case 'qa':
			case 'websites':
			case 'files':
				readListInto(sources, kind, value, at);
				break;
			case 'text':
				for (const entry of asList(value)) {
					const read = readText(entry);
					if (read !== undefined) sources.texts.push(read);
					else if (!isEmpty(entry)) sources.other.push({ key: at, value: entry });
				}
				break;
			case 'sheet': {
				const first = asList(value).map((entry) => (isRecord(entry) ? text(pick(entry, URL_KEYS)) : text(entry))).find(Boolean);
				if (first) sources.googleSheetUrl = first.trim();
				break;
			}
			case 'sitemap': {
				const url = isRecord(value) ? text(pick(value, URL_KEYS)) : text(value);
				if (url) sitemapUrl = url.trim();
				break;
			}
			case 'sitemapSync':
				sitemapSync = readFlag(value);
				break;
			case 'sitemapDays': {
				const days = Number(value);
				if (Number.isFinite(days) && days > 0) sitemapDays = days;
				break;
			}
			default:
				unknown.push([key, value]);
		}
	}
	if (sitemapUrl) {
		sources.sitemap = { url: sitemapUrl };
		if (sitemapSync !== undefined) sources.sitemap.sync = sitemapSync;
		if (sitemapDays !== undefined) sources.sitemap.days = sitemapDays;
	}
	const recognised = unknown.length < Object.keys(record).length;
	if (!recognised) {
		// Nothing known at this level: the sources may sit one level down ({Source: {...}}, {List: [...]}).
		const nested = unknown.filter(([, value]) => Array.isArray(value) || isRecord(value));
		if (nested.length === 1) return readAny(nested[0][1], `${where}.${nested[0][0]}`);
	}
	// Plain values (ids, dates, flags) say nothing about sources; lists and objects might.
	for (const [key, value] of unknown) {
		if (Array.isArray(value)) value.forEach((entry, index) => sources.other.push({ key: `${where}.${key}[${index}]`, value: entry }));
		else if (isRecord(value) && !isEmpty(value)) sources.other.push({ key: `${where}.${key}`, value });
	}
	return sources;
}

/** One entry of a flat list of sources: by its type field, or by its fields. */
function readFlatEntry(sources: Sources, entry: unknown, where: string): void {
	let kind: Kind | undefined;
	if (isRecord(entry)) {
		const type = text(pick(entry, TYPE_KEYS));
		const t = type ? normaliseKey(type) : '';
		if (t.includes('sitemap')) kind = 'sitemap';
		else if (t.includes('sheet')) kind = 'sheet';
		else if (t.includes('qa') || t.includes('faq') || t.includes('question')) kind = 'qa';
		else if (/web|url|link|site|page/.test(t)) kind = 'websites';
		else if (/file|doc|pdf/.test(t)) kind = 'files';
		else if (t.includes('text')) kind = 'text';
		if (!kind) {
			if (readQa(entry)) kind = 'qa';
			else if (readWebsite(entry)) kind = 'websites';
			else if (readFile(entry) && text(pick(entry, ['filestoreid', 'fileid', 'filename']))) kind = 'files';
			else if (readText(entry)) kind = 'text';
		}
	} else if (typeof entry === 'string') {
		kind = looksLikeUrl(entry) ? 'websites' : 'text';
	}
	const before = sources.other.length;
	switch (kind) {
		case 'qa':
		case 'websites':
		case 'files': {
			const read = kind === 'qa' ? readQa(entry) : kind === 'websites' ? readWebsite(entry) : readFile(entry);
			if (read === undefined) break;
			sources.seen.add(kind);
			if (kind === 'qa') sources.qa.push(read as QaPair);
			else if (kind === 'websites') sources.websites.push(read as WebsiteSource);
			else sources.files.push(read as FileSource);
			return;
		}
		case 'text': {
			const read = readText(entry);
			if (read !== undefined) {
				sources.texts.push(read);
				return;
			}
			break;
		}
		case 'sheet':
		case 'sitemap': {
			const url = isRecord(entry) ? text(pick(entry, URL_KEYS)) : text(entry);
			if (url === undefined) break;
			if (kind === 'sheet') sources.googleSheetUrl = url.trim();
			else sources.sitemap = { url: url.trim() };
			return;
		}
	}
	if (sources.other.length === before) sources.other.push({ key: where, value: entry });
}

function readAny(data: unknown, where: string): Sources {
	if (isEmpty(data)) return emptySources();
	if (Array.isArray(data)) {
		const sources = emptySources();
		data.forEach((entry, index) => readFlatEntry(sources, entry, `${where}[${index}]`));
		return sources;
	}
	if (isRecord(data)) return readObject(data, where);
	const sources = emptySources();
	sources.other.push({ key: where, value: data });
	return sources;
}

/** GetSource's `Data`, whatever its shape. Never throws. */
export function readSources(data: unknown): Sources {
	return readAny(data, 'Data');
}

/** Whether the current list of this kind is known, so that sending it back whole loses nothing. */
export function canWrite(sources: Sources, kind: ListKind): boolean {
	return sources.seen.has(kind) || sources.other.length === 0;
}

/** "What are your opening hours?" and "what are your opening hours" are one question. */
export function sameQuestion(question: string): string {
	return question.trim().toLowerCase().replace(/[\s?!.¿؟]+$/u, '').replace(/\s+/g, ' ');
}

/** Website addresses compared as URLs (host case, default port and a bare trailing slash do not matter). */
export function sameUrl(url: string): string {
	try {
		const parsed = new URL(url.trim());
		const href = parsed.href;
		return parsed.pathname === '/' && !parsed.search && !parsed.hash ? href.replace(/\/$/, '') : href;
	} catch {
		return url.trim();
	}
}

/** One output item per source, in the order: text, Q&A pairs, websites, files, Google Sheet, sitemap, others. */
export function sourceItems(sources: Sources): IDataObject[] {
	const items: IDataObject[] = [];
	for (const value of sources.texts) items.push({ type: 'text', text: value });
	for (const pair of sources.qa) items.push({ type: 'qa', question: pair.question, answer: pair.answer });
	for (const site of sources.websites) items.push({ type: 'website', url: site.url, ...(site.details ? { details: site.details } : {}) });
	for (const file of sources.files) items.push({ type: 'file', fileId: file.id, ...(file.name ? { fileName: file.name } : {}) });
	if (sources.googleSheetUrl) items.push({ type: 'googleSheet', url: sources.googleSheetUrl });
	if (sources.sitemap) {
		const sitemap: IDataObject = { type: 'sitemap', url: sources.sitemap.url };
		if (sources.sitemap.sync !== undefined) sitemap.sync = sources.sitemap.sync;
		if (sources.sitemap.days !== undefined) sitemap.syncEveryDays = sources.sitemap.days;
		items.push(sitemap);
	}
	for (const other of sources.other) items.push({ type: 'other', foundAt: other.key, value: other.value as IDataObject });
	return items;
}

/** How many sources of each kind, for an operation's output. */
export function sourceCounts(sources: Sources): IDataObject {
	return {
		texts: sources.texts.length,
		qaPairs: sources.qa.length,
		websites: sources.websites.length,
		files: sources.files.length,
		googleSheet: sources.googleSheetUrl ? 1 : 0,
		sitemap: sources.sitemap ? 1 : 0,
		other: sources.other.length,
	};
}
