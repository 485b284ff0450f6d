import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class HotTaskApi implements ICredentialType {
	name = 'hotTaskApi';

	displayName = 'HotTask API';

	icon: Icon = { light: 'file:hottask.svg', dark: 'file:hottask.dark.svg' };

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
			description: 'The address of the HotTask API',
			hint: 'Keep the default for HotTask US. White-label chatbot sites and the EU region use their own host with the same API: paste that host here.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.secretKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/chat/Chatbot/ModelList',
			method: 'GET',
		},
		// n8n checks both kinds of rule in one list; its type only allows one kind per list.
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'HotTask rejected the secret key. Copy it again from HotTask → Settings → API.' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'HotTask rejected the secret key. Copy it again from HotTask → Settings → API.' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'No HotTask API at this Base URL. Check the host (e.g. https://usapi.hottask.com).' },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'Success',
					value: false,
					message: 'HotTask answered with Success: false, so the secret key was not accepted. Copy it again from HotTask → Settings → API.',
				},
			},
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
