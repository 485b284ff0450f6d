/**
 * Hamsa campaigns as the nodes read them: the recipients of Get campaign,
 * which Hamsa groups by state (`pending`, `queued`, `inProgress`, …), as one
 * flat row each. The group names are not all documented, so every group is
 * read, whatever its name. Plain values in, plain values out.
 */
import type { IDataObject } from 'n8n-workflow';

function recordOf(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** The recipients listed in one group: a list, or an object holding one (`{items: [...]}`). */
function groupEntries(group: unknown): IDataObject[] {
	if (Array.isArray(group)) return group.filter((entry) => entry !== null && typeof entry === 'object') as IDataObject[];
	const inner = Object.values(recordOf(group)).find(Array.isArray);
	return inner ? groupEntries(inner) : [];
}

/** Every recipient of a campaign with the group it was listed under (undefined when Hamsa sent a flat list). */
export function campaignRecipients(campaign: unknown): Array<{ group?: string; recipient: IDataObject }> {
	const recipients = recordOf(campaign).recipients;
	if (Array.isArray(recipients)) return groupEntries(recipients).map((recipient) => ({ recipient }));
	return Object.entries(recordOf(recipients)).flatMap(([group, entries]) =>
		groupEntries(entries).map((recipient) => ({ group, recipient })),
	);
}

/** The campaign fields repeated on every recipient row. */
function campaignFields(campaign: IDataObject): IDataObject {
	const out: IDataObject = { campaignId: (campaign.id ?? campaign.campaignId) as string };
	if (present(campaign.name)) out.campaignName = campaign.name;
	if (present(campaign.status)) out.campaignStatus = campaign.status;
	return out;
}

/**
 * One row per recipient: who, how their calls went, and the campaign they
 * belong to. `callId` is the recipient's call (Hamsa's `jobId`, the id Call →
 * Get reads) when Hamsa gives one.
 */
export function recipientRows(campaign: unknown): IDataObject[] {
	const record = recordOf(campaign);
	const shared = campaignFields(record);
	return campaignRecipients(record).map(({ group, recipient }) => {
		const callId = [recipient.callId, recipient.conversationId, recipient.jobId].find(present);
		const row: IDataObject = {
			...shared,
			recipientId: (recipient.id ?? recipient.recipientId) as string,
			phoneNumber: recipient.phoneNumber as string,
			name: recipient.name as string,
			status: recipient.status as string,
			group: group as string,
			attempts: recipient.attempts as number,
			maxAttempts: recipient.maxAttempts as number,
			nextRetryAt: recipient.nextRetryAt as string,
			callId: callId as string,
			jobId: recipient.jobId as string,
			lastError: recipient.lastError as string,
			completedAt: recipient.completedAt as string,
			dynamicVariables: recordOf(recipient.dynamicVariables),
		};
		for (const key of Object.keys(row)) if (row[key] === undefined) delete row[key];
		return row;
	});
}

/** The campaign with its recipients as one list (each with its group), for the "Campaign" output. */
export function campaignWithRecipientList(campaign: unknown): IDataObject {
	const record = recordOf(campaign);
	return {
		...campaignFields(record),
		...record,
		recipients: campaignRecipients(record).map(({ group, recipient }) => (group === undefined ? recipient : { ...recipient, group })),
	};
}
