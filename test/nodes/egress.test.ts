/**
 * n8n 2.41 routes every request made with its helpers (httpRequest,
 * httpRequestWithAuthentication) through the instance's egress filter, and
 * offers getSecureEgressFilter() to nodes whose own HTTP client cannot use
 * them. Ours make every request with those helpers, so the filter applies to
 * all of them as it is: no node source opens a connection of its own.
 */
import { listRepoFiles, readRepoFile } from '../harness/repoFiles';

const OWN_HTTP = [
	/\bfrom ['"](node:)?(http|https|http2|net|tls|dgram|dns)['"]/,
	/\brequire\(['"](node:)?(http|https|http2|net|tls|dgram|dns)['"]\)/,
	/\bfrom ['"](undici|axios|node-fetch|got|ws)['"]/,
	/(^|[^.\w])fetch\(/m,
	/\bnew WebSocket\(/,
];

describe('egress: every request goes through n8n’s request helpers', () => {
	const sources = [...listRepoFiles('nodes', '.ts'), ...listRepoFiles('credentials', '.ts')];

	it('finds the node and credential sources', () => {
		expect(sources.length).toBeGreaterThan(20);
	});

	it('no source opens a connection of its own', () => {
		const found = sources.flatMap((file) => {
			const text = readRepoFile(file);
			return OWN_HTTP.map((pattern) => text.match(pattern)?.[0]).filter(Boolean).map((match) => `${file}: ${match}`);
		});
		expect(found).toEqual([]);
	});

	it('would notice one', () => {
		expect(OWN_HTTP.some((pattern) => pattern.test("import { request } from 'node:https';"))).toBe(true);
		expect(OWN_HTTP.some((pattern) => pattern.test('const r = await fetch(url);'))).toBe(true);
		expect(OWN_HTTP.some((pattern) => pattern.test('await this.helpers.httpRequest(options);'))).toBe(false);
	});
});
