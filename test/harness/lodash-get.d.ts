// lodash ships no types and @types/lodash is not a dependency; the credential
// tester uses only this one function, as n8n's credentials tester does.
declare module 'lodash/get' {
	function get(object: unknown, path: string | readonly string[], defaultValue?: unknown): unknown;
	export = get;
}
