import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

const REJECTED_KEY = 'Hamsa rejected the API key. Check the key, and that the Region is the one your project is in.';

export class HamsaApi implements ICredentialType {
	name = 'hamsaApi';

	displayName = 'Hamsa API';

	icon: Icon = { light: 'file:../icons/hamsa.svg', dark: 'file:../icons/hamsa.dark.svg' };

	documentationUrl = 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API key from the Hamsa dashboard (API keys). It is sent as "Authorization: Token &lt;key&gt;".',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'eu',
			description: 'Where your Hamsa project lives',
			options: [
				{ name: 'EU (api.tryhamsa.com)', value: 'eu' },
				{ name: 'UAE (api.uae.tryhamsa.com)', value: 'uae' },
				{ name: 'Custom', value: 'custom', description: 'Another host, such as a private deployment' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.tryhamsa.com',
			required: true,
			description: 'The address of the Hamsa API, starting with https:// (http:// is accepted only for a server on this machine: localhost, 127.0.0.1, ::1)',
			displayOptions: { show: { region: ['custom'] } },
		},
	];

	/**
	 * A function rather than n8n's declarative `{ type: 'generic' }` block, which
	 * n8n 2.x resolves in its sandboxed expression engine on every request: that
	 * cost about 0.5 ms per request in `npm run bench`, for a header that needs no
	 * expression.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Token ${String(credentials.apiKey ?? '')}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.region === "uae" ? "https://api.uae.tryhamsa.com" : "https://api.tryhamsa.com")}}',
			url: '/v2/voice-agents',
			method: 'GET',
			qs: { skip: 0, take: 1 },
			// Read the body of an error answer too, so the rules below name the problem: n8n
			// versions whose NodeApiError drops the HTTP cause never apply responseCode rules.
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'messageKey', value: 'UNAUTHORIZED', message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'messageKey', value: 'FORBIDDEN', message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'messageKey',
					value: 'NOT_FOUND',
					message: 'No Hamsa API at this address. Check the Region, or the Base URL when the Region is Custom.',
				},
			},
			{
				// Hamsa's `success` flag reads false even on success; a real answer always has `data`.
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message: 'Hamsa did not accept the request. Check the API key, the Region and, for Custom, the Base URL.',
				},
			},
		],
	};
}
