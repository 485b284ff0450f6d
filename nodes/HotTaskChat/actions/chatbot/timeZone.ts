import type { IExecuteFunctions } from 'n8n-workflow';
import { invalidField } from '../../../shared/errors';

/** An IANA time zone (Europe/Berlin, UTC), checked before anything is sent. */
export function checkTimeZone(context: IExecuteFunctions, itemIndex: number, displayName: string, value: string): string {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
	} catch {
		throw invalidField(context.getNode(), itemIndex, displayName, 'it is not an IANA time zone such as Europe/Berlin, Asia/Dubai or UTC', value);
	}
	return value;
}
