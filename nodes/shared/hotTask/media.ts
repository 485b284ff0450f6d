/**
 * HotTask's published limits for questions with files (Message a chatbot,
 * chatAskType Image / Audio / Video), checked before anything is sent.
 * Pure: takes what is known of each file and returns the first problem.
 *
 * - Image: PNG, JPEG, WEBP or a still (not animated) GIF; several; 20 MB each.
 * - Video: MP4, MKV, AVI, FLV or MPEG; one; 100 MB.
 * - Audio: WAV only; one. No size limit is published, so none is checked.
 */

export type MediaAskType = 'Image' | 'Audio' | 'Video';

export const MB = 1024 * 1024;

interface MediaLimits {
	/** Lower-case MIME types accepted, with the extension each is known by. */
	mimeTypes: Record<string, string>;
	extensions: string[];
	/** Human list for messages. */
	formats: string;
	maxFiles?: number;
	maxBytes?: number;
}

export const MEDIA_LIMITS: Record<MediaAskType, MediaLimits> = {
	Image: {
		mimeTypes: { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/pjpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' },
		extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif'],
		formats: 'PNG, JPEG, WEBP or a still GIF',
		maxBytes: 20 * MB,
	},
	Video: {
		mimeTypes: {
			'video/mp4': 'mp4',
			'video/x-matroska': 'mkv',
			'video/matroska': 'mkv',
			'video/x-msvideo': 'avi',
			'video/avi': 'avi',
			'video/msvideo': 'avi',
			'video/x-flv': 'flv',
			'video/mpeg': 'mpeg',
		},
		extensions: ['mp4', 'mkv', 'avi', 'flv', 'mpeg', 'mpg'],
		formats: 'MP4, MKV, AVI, FLV or MPEG',
		maxFiles: 1,
		maxBytes: 100 * MB,
	},
	Audio: {
		mimeTypes: { 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/vnd.wave': 'wav', 'audio/x-pn-wav': 'wav' },
		extensions: ['wav'],
		formats: 'WAV',
		maxFiles: 1,
	},
};

export function isMediaAskType(value: unknown): value is MediaAskType {
	return value === 'Image' || value === 'Audio' || value === 'Video';
}

/** What the node knows of one file before sending it. */
export interface MediaFile {
	/** The binary property it came from, e.g. "data". */
	property: string;
	fileName?: string;
	mimeType?: string;
	bytes: number;
	/** For GIFs: whether it has more than one frame (undefined when not looked at). */
	animated?: boolean;
}

function extensionOf(fileName: string | undefined): string {
	const match = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
	return match ? match[1].toLowerCase() : '';
}

function baseMime(mimeType: string | undefined): string {
	return (mimeType ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether a file is of a format the ask type accepts: by its MIME type, or by its extension when the MIME type says nothing. */
export function acceptsFormat(askType: MediaAskType, file: Pick<MediaFile, 'fileName' | 'mimeType'>): boolean {
	const limits = MEDIA_LIMITS[askType];
	const mime = baseMime(file.mimeType);
	if (mime && mime !== 'application/octet-stream') return mime in limits.mimeTypes;
	return limits.extensions.includes(extensionOf(file.fileName));
}

export function isGif(file: Pick<MediaFile, 'fileName' | 'mimeType'>): boolean {
	const mime = baseMime(file.mimeType);
	return mime === 'image/gif' || ((mime === '' || mime === 'application/octet-stream') && extensionOf(file.fileName) === 'gif');
}

/** "an Image question", "an Audio question", "a Video question". */
function questionOf(askType: MediaAskType): string {
	return `${askType === 'Video' ? 'a' : 'an'} ${askType} question`;
}

function describeSize(bytes: number): string {
	return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function describeFile(file: MediaFile): string {
	const name = file.fileName ? ` (${file.fileName})` : '';
	return `binary property "${file.property}"${name}`;
}

/** The first reason HotTask would refuse these files for this ask type, or undefined when they fit. */
export function checkMediaFiles(askType: MediaAskType, files: MediaFile[]): string | undefined {
	const limits = MEDIA_LIMITS[askType];
	if (files.length === 0) return `${questionOf(askType)} needs at least one file`;
	if (limits.maxFiles !== undefined && files.length > limits.maxFiles) {
		return `HotTask takes one file for ${questionOf(askType)}, and ${files.length} were given (${files.map((f) => `"${f.property}"`).join(', ')})`;
	}
	for (const file of files) {
		if (!acceptsFormat(askType, file)) {
			const type = file.mimeType ? `${file.mimeType}` : `no type`;
			return `${describeFile(file)} is ${type}; HotTask takes ${limits.formats} for ${questionOf(askType)}`;
		}
		if (askType === 'Image' && isGif(file) && file.animated) {
			return `${describeFile(file)} is an animated GIF; HotTask takes only still GIFs`;
		}
		if (file.bytes <= 0) return `${describeFile(file)} is empty`;
		if (limits.maxBytes !== undefined && file.bytes > limits.maxBytes) {
			return `${describeFile(file)} is ${describeSize(file.bytes)}; HotTask takes at most ${describeSize(limits.maxBytes)} per ${askType.toLowerCase()}`;
		}
	}
	return undefined;
}

/**
 * Whether a GIF has more than one frame: it counts image descriptors (0x2C)
 * met while walking the GIF's blocks. Returns undefined when the bytes are
 * not a GIF it can walk.
 */
export function isAnimatedGif(bytes: Uint8Array): boolean | undefined {
	const header = String.fromCharCode(...bytes.subarray(0, 6));
	if (header !== 'GIF87a' && header !== 'GIF89a') return undefined;
	if (bytes.length < 13) return undefined;
	let at = 13;
	const flags = bytes[10];
	if (flags & 0x80) at += 3 * (1 << ((flags & 0x07) + 1));
	const skipSubBlocks = () => {
		while (at < bytes.length) {
			const size = bytes[at];
			at += 1;
			if (size === 0) return;
			at += size;
		}
	};
	let frames = 0;
	while (at < bytes.length) {
		const block = bytes[at];
		if (block === 0x3b) break; // trailer
		if (block === 0x21) {
			at += 2; // extension introducer and label
			skipSubBlocks();
		} else if (block === 0x2c) {
			frames += 1;
			if (frames > 1) return true;
			if (at + 10 > bytes.length) break;
			const imageFlags = bytes[at + 9];
			at += 10;
			if (imageFlags & 0x80) at += 3 * (1 << ((imageFlags & 0x07) + 1));
			at += 1; // LZW minimum code size
			skipSubBlocks();
		} else {
			return undefined;
		}
	}
	return false;
}
