/**
 * Questions with files: reading an item's binary properties (checked against
 * HotTask's limits before anything is sent) and HotTask's pre-signed upload.
 *
 * Upload, as HotTask's "Upload a file" guide describes it:
 *   1. POST /chat/User/GetPreUploadUrl {fileName} → {FileStoreId (a string), PreUploadUrl}
 *   2. PUT the raw bytes to PreUploadUrl (pre-signed storage: no Authorization header)
 *   3. "Mark the upload as successful": listed in the guide, but its path and
 *      body could not be read in any public source, so it is NOT sent (see
 *      docs/services.md). The file ids go straight into ClientAsk's fileIds.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { invalidField } from '../errors';
import type { ItemRequest } from '../parameters';
import { asRecord, readKey, textOf } from '../records';
import { putToPresignedUrl } from '../transport';
import { checkMediaFiles, isAnimatedGif, isGif, type MediaAskType, type MediaFile } from './media';
import { HOTTASK, hotTaskError, hotTaskRequest } from './service';

export const BINARY_FIELDS_DISPLAY_NAME = 'Input Binary Fields';

/** A file ready to upload: what was checked, and how to read its bytes again. */
export interface PreparedFile extends MediaFile {
	fileName: string;
	binary: IBinaryData;
}

/** "data, data2" → ["data", "data2"] (n8n's own nodes take binary property names this way). */
export function parseBinaryFieldNames(raw: unknown): string[] {
	if (raw === undefined || raw === null) return [];
	const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
	return list.map((name) => name.trim()).filter(Boolean);
}

/** Base64 of n bytes is ceil(n/3)*4 characters; reads the size without decoding. */
function bytesOfBase64(data: string): number {
	const clean = data.replace(/\s/g, '');
	const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
	return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/**
 * Reads the item's binary properties and checks them against HotTask's limits
 * for the ask type. Throws, naming the item and the property, before any request.
 */
export async function prepareMediaFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	askType: MediaAskType,
	propertyNames: string[],
): Promise<PreparedFile[]> {
	const node = context.getNode();
	const files: PreparedFile[] = [];
	for (const property of propertyNames) {
		const file = await readBinaryFile(context, itemIndex, property);
		const { bytes } = file;
		if (askType === 'Image' && isGif(file) && bytes <= 20 * 1024 * 1024) {
			file.animated = isAnimatedGif(await context.helpers.getBinaryDataBuffer(itemIndex, property)) === true;
		}
		files.push(file);
	}
	const problem = checkMediaFiles(askType, files);
	if (problem) throw invalidField(node, itemIndex, BINARY_FIELDS_DISPLAY_NAME, problem);
	return files;
}

/**
 * One binary property of the item as a file to upload, with its size (read
 * without loading the file). Throws, naming the item and the property, when the
 * item has no such property.
 */
export async function readBinaryFile(context: IExecuteFunctions, itemIndex: number, property: string): Promise<PreparedFile> {
	const item = context.getInputData()[itemIndex];
	const binary = item?.binary?.[property];
	if (!binary) {
		const present = Object.keys(item?.binary ?? {});
		throw invalidField(
			context.getNode(),
			itemIndex,
			BINARY_FIELDS_DISPLAY_NAME,
			`item ${itemIndex} has no binary property "${property}"${present.length ? ` (it has ${present.map((p) => `"${p}"`).join(', ')})` : ' (it has no binary data)'}`,
		);
	}
	let bytes: number;
	if (binary.id) {
		const metadata = await context.helpers.getBinaryMetadata(binary.id);
		bytes = Number(metadata.fileSize);
	} else {
		bytes = bytesOfBase64(binary.data ?? '');
	}
	return {
		property,
		fileName: binary.fileName || `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
		mimeType: binary.mimeType,
		bytes,
		binary,
	};
}

/** Uploads one file (steps 1 and 2) and returns HotTask's file id as the number ClientAsk takes. */
export async function uploadMediaFile(
	this: IExecuteFunctions,
	file: PreparedFile,
	item: ItemRequest,
): Promise<number> {
	const data = (await hotTaskRequest.call(this, {
		method: 'POST',
		path: '/chat/User/GetPreUploadUrl',
		body: { fileName: file.fileName },
		// Each call reserves a new file id; a repeat only leaves an unused id behind.
		idempotent: true,
		...item,
	})) as unknown;
	const record = asRecord(data) ?? {};
	const rawId = readKey(record, 'filestoreid');
	// Published as a string ("34317"); a number is read the same way.
	const idText = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : '';
	const url = textOf(readKey(record, 'preuploadurl'));
	const fileId = Number(idText);
	if (!idText || !/^\d+$/.test(idText.trim()) || !Number.isSafeInteger(fileId) || !url) {
		throw await hotTaskError.call(this, {
			message: `HotTask's answer to the upload request had no ${!url ? 'PreUploadUrl' : 'whole-number FileStoreId'}`,
			delivery: 'mayHaveBeenDelivered',
			repeatable: true,
			itemIndex: item.itemIndex,
			hint: `Binary property "${file.property}" was not uploaded.`,
		});
	}
	const { binary } = file;
	await putToPresignedUrl(this, HOTTASK, {
		url,
		// Streamed from n8n's binary store when the file lives there (filesystem / S3 mode).
		openBody: async () =>
			binary.id
				? await this.helpers.getBinaryStream(binary.id)
				: await this.helpers.getBinaryDataBuffer(item.itemIndex, file.property),
		contentLength: file.bytes,
		contentType: file.mimeType,
		itemIndex: item.itemIndex,
		maxRetries: item.maxRetries,
		timeoutMs: item.timeoutMs,
	});
	return fileId;
}
