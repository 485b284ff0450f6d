/**
 * A credential's Base URL: a full URL, https:// unless it points at this
 * machine, where a local test server (the simulator) speaks plain http.
 */
import { checkedUrl } from '../../../nodes/shared/serviceProfile';

const LABEL = 'The Base URL of the HotTask API credential';

describe('checkedUrl', () => {
	it('takes an https:// address, without the trailing slashes', () => {
		expect(checkedUrl('https://usapi.hottask.com/', LABEL)).toEqual({ url: 'https://usapi.hottask.com' });
		expect(checkedUrl('  https://eu.example.com:8443/api//  ', LABEL)).toEqual({ url: 'https://eu.example.com:8443/api' });
	});

	it.each(['http://localhost:4010', 'http://LOCALHOST', 'http://127.0.0.1:43125', 'http://127.8.9.10', 'http://[::1]:4010'])(
		'takes plain http:// to this machine: %s',
		(raw) => {
			expect(checkedUrl(raw, LABEL)).toEqual({ url: raw });
		},
	);

	it.each(['http://usapi.hottask.com', 'http://127.0.0.1.example.com', 'http://localhost.example.com', 'http://10.0.0.7', 'http://[::2]'])(
		'refuses plain http:// to any other host, naming the field: %s',
		(raw) => {
			expect(checkedUrl(raw, LABEL)).toEqual({
				problem: `${LABEL} must start with https:// (it is "${raw}"): over http:// the key would travel unencrypted. http:// is accepted only for this machine (localhost, 127.0.0.1, ::1)`,
			});
		},
	);

	it.each(['usapi.hottask.com', '', 'ftp://usapi.hottask.com', 'https://', 'https://exa mple.com'])('refuses what is not a full URL: %j', (raw) => {
		expect(checkedUrl(raw, LABEL)).toEqual({ problem: `${LABEL} must be a full URL starting with https:// (it is ${JSON.stringify(raw)})` });
	});
});
