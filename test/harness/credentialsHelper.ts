/**
 * Serves test credentials to the engine and applies each credential type's
 * own `authenticate` block, resolving its expressions the way n8n's
 * CredentialsHelper does, so tests see the real Authorization header.
 */
import { Credentials } from 'n8n-core';
import { ICredentialsHelper } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { credentialTypes } from './packageTypes';

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentialsByType: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	getCredentialsProperties(): [] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		return await applyAuthenticate(credentials, typeName, requestOptions as IHttpRequestOptions, (value) =>
			resolveWithCredentials(workflow, node, value, credentials),
		);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	// n8n 2.x: our credential types have no preAuthentication and do not restrict
	// themselves to supported nodes, so n8n's CredentialsHelper answers so too.
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<Credentials> {
		return new Credentials({ id: null, name: '' }, '', '');
	}

	/** How many times the engine read (in n8n: loaded and decrypted) a credential. */
	reads = 0;

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const data = this.credentialsByType[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

export function resolveWithCredentials(
	workflow: Workflow,
	node: INode,
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

export async function applyAuthenticate(
	credentials: ICredentialDataDecryptedObject,
	typeName: string,
	requestOptions: IHttpRequestOptions,
	resolve: (value: unknown) => unknown,
): Promise<IHttpRequestOptions> {
	const type = credentialTypes[typeName];
	const authenticate = type?.authenticate;
	// As n8n's CredentialsHelper: a function is called on the type, a generic block resolved.
	if (typeof authenticate === 'function') return await authenticate.call(type, credentials, requestOptions);
	if (!authenticate || authenticate.type !== 'generic') return requestOptions;
	const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
	for (const [section, values] of Object.entries(authenticate.properties)) {
		options[section] = { ...(options[section] ?? {}) };
		for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
			options[section][String(resolve(key))] = resolve(value);
		}
	}
	return requestOptions;
}
