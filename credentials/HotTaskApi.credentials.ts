import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

const REJECTED_KEY = 'HotTask rejected the secret key. Copy it again from HotTask → Settings → API.';
const NO_API_HERE = 'No HotTask API at this Base URL. Check the host (e.g. https://usapi.hottask.com).';

export class HotTaskApi implements ICredentialType {
	name = 'hotTaskApi';

	displayName = 'HotTask API';

	icon: Icon = { light: 'file:../icons/hottask.svg', dark: 'file:../icons/hottask.dark.svg' };

	documentationUrl = 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hottask-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret key from your HotTask dashboard (Settings → API). It is sent as the Authorization header, without any prefix.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://usapi.hottask.com',
			required: true,
			description: 'The address of the HotTask API, starting with https:// (http:// is accepted only for a server on this machine: localhost, 127.0.0.1, ::1)',
			hint: 'Keep the default for HotTask US. White-label chatbot sites and the EU region use their own host with the same API: paste that host here.',
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
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: String(credentials.secretKey ?? '') } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/chat/Chatbot/ModelList',
			method: 'GET',
			// HotTask reports a rejected key as HTTP 401 or as HTTP 200 with Success: false, both with
			// its envelope. Reading the body in either case lets the rules below name the problem:
			// n8n versions whose NodeApiError drops the HTTP cause never apply responseCode rules.
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'Code', value: 401, message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'Code', value: 403, message: REJECTED_KEY },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'Code', value: 404, message: NO_API_HERE },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'Success',
					value: false,
					message: 'HotTask answered with Success: false, so the secret key was not accepted. Copy it again from HotTask → Settings → API.',
				},
			},
			{
				// Not HotTask's envelope at all (a web page, a proxy's error, another API).
				type: 'responseSuccessBody',
				properties: {
					key: 'Success',
					value: undefined,
					message: 'The answer was not from the HotTask API. Check the Base URL (e.g. https://usapi.hottask.com) and the secret key.',
				},
			},
		],
	};
}
