/**
 * Which network addresses a file download (a call recording, synthesised
 * speech) may reach. A recording's URL is data from outside: without a rule,
 * it could point the n8n worker at its own loopback services, at the cloud's
 * metadata address or at anything else on the private network.
 *
 * The rule: public addresses only. The one exception is the addresses of the
 * credential's own Base URL (a Hamsa API run on the private network, or the
 * test simulator on 127.0.0.1): the user chose that host, so those exact
 * addresses stay reachable. Not the whole range they are in: a credential on
 * 127.0.0.1 does not open 127.0.0.2, nor ::1.
 *
 * Everything here is pure: it reads address text, never the network.
 */

/** An address as 16 bytes (IPv4 as its IPv4-mapped IPv6 form), or undefined when the text is not an IP address. */
export function parseIp(text: string): number[] | undefined {
	let address = text.trim();
	if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
	// A zone ("fe80::1%eth0") names an interface, not another address.
	address = address.replace(/%.*$/, '');
	const v4 = parseIpv4(address);
	if (v4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4];
	return parseIpv6(address);
}

function parseIpv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : NaN));
	return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
	if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return undefined;
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const groupsOf = (half: string): number[] | undefined => {
		if (half === '') return [];
		const groups: number[] = [];
		const pieces = half.split(':');
		for (let i = 0; i < pieces.length; i++) {
			const piece = pieces[i];
			if (i === pieces.length - 1 && piece.includes('.')) {
				const v4 = parseIpv4(piece);
				if (!v4) return undefined;
				groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
			} else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
				groups.push(parseInt(piece, 16));
			} else {
				return undefined;
			}
		}
		return groups;
	};
	const head = groupsOf(halves[0]);
	const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
	if (!head || !tail) return undefined;
	const missing = 8 - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
	const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
	return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

/** The canonical text of an address: IPv4 dotted (also for its IPv4-mapped form), IPv6 as full lower-case groups. */
export function canonicalIp(bytes: number[]): string {
	if (isMappedIpv4(bytes)) return bytes.slice(12).join('.');
	const groups: string[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
	return groups.join(':');
}

function isMappedIpv4(bytes: number[]): boolean {
	return bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** [prefix as address text, prefix length, why it is not public]. IPv4 ranges are matched on the IPv4 address. */
const IPV4_RANGES: Array<[string, number, string]> = [
	['0.0.0.0', 8, 'this network (0.0.0.0/8)'],
	['10.0.0.0', 8, 'private (10.0.0.0/8)'],
	['100.64.0.0', 10, 'shared carrier-grade NAT (100.64.0.0/10)'],
	['127.0.0.0', 8, 'loopback (127.0.0.0/8)'],
	['169.254.0.0', 16, 'link-local, where cloud metadata lives (169.254.0.0/16)'],
	['172.16.0.0', 12, 'private (172.16.0.0/12)'],
	['192.0.0.0', 24, 'IETF protocol assignments (192.0.0.0/24)'],
	['192.0.2.0', 24, 'documentation (192.0.2.0/24)'],
	['192.88.99.0', 24, '6to4 relay (192.88.99.0/24)'],
	['192.168.0.0', 16, 'private (192.168.0.0/16)'],
	['198.18.0.0', 15, 'benchmarking (198.18.0.0/15)'],
	['198.51.100.0', 24, 'documentation (198.51.100.0/24)'],
	['203.0.113.0', 24, 'documentation (203.0.113.0/24)'],
	['224.0.0.0', 4, 'multicast (224.0.0.0/4)'],
	['240.0.0.0', 4, 'reserved or broadcast (240.0.0.0/4)'],
];

const IPV6_RANGES: Array<[string, number, string]> = [
	['::', 128, 'unspecified (::)'],
	['::1', 128, 'loopback (::1)'],
	['64:ff9b:1::', 48, 'local-use NAT64 (64:ff9b:1::/48)'],
	['100::', 64, 'discard-only (100::/64)'],
	['2001::', 23, 'IETF protocol assignments, Teredo included (2001::/23)'],
	['2001:db8::', 32, 'documentation (2001:db8::/32)'],
	['fc00::', 7, 'unique local (fc00::/7)'],
	['fe80::', 10, 'link-local (fe80::/10)'],
	['fec0::', 10, 'site-local (fec0::/10)'],
	['ff00::', 8, 'multicast (ff00::/8)'],
];

function inRange(bytes: number[], prefix: number[], length: number): boolean {
	for (let bit = 0; bit < length; bit++) {
		const mask = 0x80 >> bit % 8;
		if ((bytes[bit >> 3] & mask) !== (prefix[bit >> 3] & mask)) return false;
	}
	return true;
}

/**
 * The IPv4 address an IPv6 address stands for, where it is only a wrapper:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). Each reaches the IPv4
 * address, so each must be judged as it.
 */
function embeddedIpv4(bytes: number[]): number[] | undefined {
	if (isMappedIpv4(bytes)) return bytes.slice(12);
	if (bytes.slice(0, 12).every((byte) => byte === 0) && !bytes.slice(12, 15).every((byte) => byte === 0)) return bytes.slice(12);
	if (inRange(bytes, parseIp('64:ff9b::')!, 96)) return bytes.slice(12);
	if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
	return undefined;
}

/** Why an address is not a public one, or undefined when it is public. Text that is no IP address is not public either. */
export function nonPublicReason(address: string): string | undefined {
	const bytes = parseIp(address);
	if (!bytes) return 'not an IP address';
	const v4 = embeddedIpv4(bytes);
	if (v4) {
		const match = IPV4_RANGES.find(([prefix, length]) => inRange(v4, parseIpv4(prefix)!, length));
		return match?.[2];
	}
	const match = IPV6_RANGES.find(([prefix, length]) => inRange(bytes, parseIp(prefix)!, length));
	return match?.[2];
}

/** The one decision: may a download connect to `address`, given the addresses of the credential's own host? */
export function addressVerdict(address: string, credentialAddresses: readonly string[]): { allowed: true } | { allowed: false; reason: string } {
	const reason = nonPublicReason(address);
	if (reason === undefined) return { allowed: true };
	const bytes = parseIp(address);
	if (bytes) {
		const canonical = canonicalIp(bytes);
		const own = credentialAddresses.some((candidate) => {
			const candidateBytes = parseIp(candidate);
			return candidateBytes !== undefined && canonicalIp(candidateBytes) === canonical;
		});
		if (own) return { allowed: true };
	}
	return { allowed: false, reason };
}

/** Names that always mean this machine, whatever DNS says (RFC 6761). */
export function isLoopbackName(hostname: string): boolean {
	const name = hostname.toLowerCase().replace(/\.$/, '');
	return name === 'localhost' || name.endsWith('.localhost');
}

const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'];

/**
 * The addresses a URL's host is known to have without asking DNS: an IP
 * literal is itself, "localhost" is loopback. A host name gives undefined: its
 * address is known only once connected (see peer checks in fileDownload.ts).
 */
export function knownAddressesOf(hostname: string): string[] | undefined {
	const host = hostname.replace(/^\[|\]$/g, '');
	if (parseIp(host)) return [host];
	if (isLoopbackName(host)) return LOOPBACK_ADDRESSES;
	return undefined;
}

/**
 * The check made before anything is sent: a URL whose host is an IP address
 * (in any of the forms a URL may write it: the WHATWG parser has already
 * turned 2130706433 and 0x7f.1 into 127.0.0.1) or a loopback name must be
 * allowed. "localhost" passes when one of its loopback addresses is the
 * credential's own; the address actually connected is checked again then.
 */
export function hostVerdict(hostname: string, credentialAddresses: readonly string[]): { allowed: true } | { allowed: false; reason: string } {
	const known = knownAddressesOf(hostname);
	if (!known) return { allowed: true };
	const verdicts = known.map((address) => addressVerdict(address, credentialAddresses));
	if (isLoopbackName(hostname)) {
		return verdicts.some((verdict) => verdict.allowed) ? { allowed: true } : verdicts[0];
	}
	return verdicts.find((verdict) => !verdict.allowed) ?? { allowed: true };
}
