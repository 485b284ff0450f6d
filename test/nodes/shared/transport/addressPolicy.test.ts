/**
 * Which addresses a file download may reach. Pure decisions on address text:
 * nothing here sends traffic to any of these addresses.
 */
import { addressVerdict, canonicalIp, hostVerdict, nonPublicReason, parseIp } from '../../../../nodes/shared/transport/addressPolicy';

/** The host name the WHATWG URL parser makes of a URL, as fetchFile sees it. */
const hostnameOf = (url: string) => new URL(url).hostname;

describe('addressVerdict: public addresses only', () => {
	it.each([
		['10.0.0.1', 'private (10.0.0.0/8)'],
		['172.16.5.4', 'private (172.16.0.0/12)'],
		['172.31.255.255', 'private (172.16.0.0/12)'],
		['192.168.1.1', 'private (192.168.0.0/16)'],
		['127.0.0.1', 'loopback (127.0.0.0/8)'],
		['127.0.0.2', 'loopback (127.0.0.0/8)'],
		['169.254.169.254', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
		['0.0.0.0', 'this network (0.0.0.0/8)'],
		['100.64.0.1', 'shared carrier-grade NAT (100.64.0.0/10)'],
		['100.127.255.254', 'shared carrier-grade NAT (100.64.0.0/10)'],
		['224.0.0.1', 'multicast (224.0.0.0/4)'],
		['255.255.255.255', 'reserved or broadcast (240.0.0.0/4)'],
		['::1', 'loopback (::1)'],
		['::', 'unspecified (::)'],
		['fd00::1', 'unique local (fc00::/7)'],
		['fc00::1', 'unique local (fc00::/7)'],
		['fe80::1', 'link-local (fe80::/10)'],
		['fe80::1%eth0', 'link-local (fe80::/10)'],
		['febf:ffff::1', 'link-local (fe80::/10)'],
		['ff02::1', 'multicast (ff00::/8)'],
		['2001:db8::1', 'documentation (2001:db8::/32)'],
		['2001:0:4136:e378::1', 'IETF protocol assignments, Teredo included (2001::/23)'],
	])('refuses %s: %s', (address, reason) => {
		expect(addressVerdict(address, [])).toEqual({ allowed: false, reason });
	});

	it.each([
		// IPv4-mapped, in both the dotted form and the hex form the URL parser writes.
		['::ffff:127.0.0.1', 'loopback (127.0.0.0/8)'],
		['::ffff:7f00:1', 'loopback (127.0.0.0/8)'],
		['[::ffff:127.0.0.1]', 'loopback (127.0.0.0/8)'],
		['::ffff:169.254.169.254', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
		['::ffff:a9fe:a9fe', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
		['0:0:0:0:0:ffff:10.0.0.1', 'private (10.0.0.0/8)'],
		// IPv4-compatible, NAT64 and 6to4 reach the IPv4 address they carry.
		['::127.0.0.1', 'loopback (127.0.0.0/8)'],
		['64:ff9b::a9fe:a9fe', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
		['2002:7f00:1::', 'loopback (127.0.0.0/8)'],
		['2002:c0a8:101::1', 'private (192.168.0.0/16)'],
	])('sees through the IPv6 form %s of an IPv4 address: %s', (address, reason) => {
		expect(addressVerdict(address, [])).toEqual({ allowed: false, reason });
	});

	it.each(['8.8.8.8', '1.1.1.1', '52.95.110.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1'])(
		'allows the public address %s',
		(address) => {
			expect(addressVerdict(address, [])).toEqual({ allowed: true });
		},
	);

	it('treats text that is not an IP address as not public', () => {
		for (const text of ['', 'localhost', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '12345::1', 'example.com']) {
			expect(nonPublicReason(text)).toBe('not an IP address');
		}
	});
});

describe('addressVerdict: the credential\'s own host is the exception', () => {
	it('allows exactly the credential\'s addresses, in any of their forms', () => {
		expect(addressVerdict('127.0.0.1', ['127.0.0.1'])).toEqual({ allowed: true });
		expect(addressVerdict('::ffff:127.0.0.1', ['127.0.0.1'])).toEqual({ allowed: true });
		expect(addressVerdict('10.0.0.5', ['10.0.0.5'])).toEqual({ allowed: true });
		expect(addressVerdict('0:0::1', ['::1'])).toEqual({ allowed: true });
	});

	it('does not open the rest of the range the credential is in', () => {
		expect(addressVerdict('127.0.0.2', ['127.0.0.1'])).toEqual({ allowed: false, reason: 'loopback (127.0.0.0/8)' });
		expect(addressVerdict('::1', ['127.0.0.1'])).toEqual({ allowed: false, reason: 'loopback (::1)' });
		expect(addressVerdict('10.0.0.6', ['10.0.0.5'])).toEqual({ allowed: false, reason: 'private (10.0.0.0/8)' });
		expect(addressVerdict('169.254.169.254', ['10.0.0.5', '127.0.0.1'])).toMatchObject({ allowed: false });
	});
});

describe('hostVerdict: what is refused before anything is sent', () => {
	it.each([
		['http://127.0.0.2:5678/recordings/a.mp3', 'loopback (127.0.0.0/8)'],
		// Other ways of writing an IPv4 address: the URL parser makes them dotted first.
		['http://2130706434/a.mp3', 'loopback (127.0.0.0/8)'],
		['http://0x7f.0.0.2/a.mp3', 'loopback (127.0.0.0/8)'],
		['http://0251.0376.0251.0376/latest/meta-data/', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
		['http://[::ffff:127.0.0.2]/a.mp3', 'loopback (127.0.0.0/8)'],
		['http://[fd00::1]/a.mp3', 'unique local (fc00::/7)'],
		['http://169.254.169.254/latest/meta-data/', 'link-local, where cloud metadata lives (169.254.0.0/16)'],
	])('refuses %s when the credential is on 127.0.0.1', (url, reason) => {
		expect(hostVerdict(hostnameOf(url), ['127.0.0.1'])).toEqual({ allowed: false, reason });
	});

	it('refuses localhost unless the credential is on a loopback address itself', () => {
		expect(hostVerdict('localhost', [])).toEqual({ allowed: false, reason: 'loopback (127.0.0.0/8)' });
		expect(hostVerdict('media.localhost', ['10.0.0.5'])).toMatchObject({ allowed: false });
		expect(hostVerdict('localhost', ['127.0.0.1'])).toEqual({ allowed: true });
	});

	it('lets a host name through to be checked on the address it connects to', () => {
		expect(hostVerdict('recordings.example.com', [])).toEqual({ allowed: true });
		expect(hostVerdict('8.8.8.8', [])).toEqual({ allowed: true });
	});
});

describe('parseIp and canonicalIp', () => {
	it('read IPv4, IPv6 and bracketed forms into one canonical text', () => {
		expect(canonicalIp(parseIp('::ffff:7f00:1')!)).toBe('127.0.0.1');
		expect(canonicalIp(parseIp('[FD00::1]')!)).toBe('fd00:0:0:0:0:0:0:1');
		expect(canonicalIp(parseIp('1:2:3:4:5:6:7:8')!)).toBe('1:2:3:4:5:6:7:8');
		expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
		expect(parseIp('1:2:3:4:5:6:7::8')).toBeUndefined();
	});
});
