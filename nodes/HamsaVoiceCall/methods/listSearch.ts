import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { hamsaRequest } from '../../shared/hamsa/service';
import { agentCount, readPage } from '../actions/pages';

const PAGE_SIZE = 50;

/** Voice agents for the Voice Agent dropdown, searched and paged by Hamsa itself. */
export async function searchVoiceAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const skip = Number(paginationToken ?? 0) || 0;
	const qs: IDataObject = { skip, take: PAGE_SIZE };
	if (filter) qs.search = filter;
	const data = await hamsaRequest.call(this, { method: 'GET', path: '/v2/voice-agents', qs, idempotent: true });
	const { entries } = readPage(data);
	const next = skip + entries.length;
	return {
		results: entries.map((agent) => {
			// v2 agents keep their language under voice.lang.
			const lang = agent.lang ?? (agent.voice as IDataObject | undefined)?.lang;
			return {
				name: String(agent.agentName ?? agent.name ?? agent.id),
				value: String(agent.id),
				description: typeof lang === 'string' ? `Language: ${lang}` : undefined,
			};
		}),
		paginationToken: entries.length === PAGE_SIZE && next < agentCount(data) ? String(next) : undefined,
	};
}

/** Twilio numbers connected to Hamsa, for the Twilio Phone Number dropdown. Hamsa's `skip` is a page number from 1. */
export async function searchTwilioPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const data = await hamsaRequest.call(this, {
		method: 'GET',
		path: '/v1/voice-agents/phone-number/list',
		qs: { skip: page, take: PAGE_SIZE, provider: 'TWILIO' },
		idempotent: true,
	});
	const { entries, total } = readPage(data);
	const wanted = (filter ?? '').replace(/[\s\-().]/g, '').toLowerCase();
	const results = entries
		.map((entry) => {
			const number = String(entry.phoneNumber ?? entry.number ?? entry.phone ?? '');
			const label = typeof entry.label === 'string' && entry.label ? `${number} (${entry.label})` : number;
			return { name: label, value: number };
		})
		.filter((result) => result.value && (wanted === '' || result.name.replace(/[\s\-().]/g, '').toLowerCase().includes(wanted)));
	const more = entries.length === PAGE_SIZE && (total === undefined || page * PAGE_SIZE < total);
	return { results, paginationToken: more ? String(page + 1) : undefined };
}

/** The project's tools for the Tool dropdown, searched by Hamsa. Here `skip` is a page number from 1. */
export async function searchWebTools(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const qs: IDataObject = { skip: page, take: PAGE_SIZE };
	if (filter) qs.search = filter;
	const data = await hamsaRequest.call(this, { method: 'GET', path: '/v2/voice-agents/web-tool/list', qs, idempotent: true });
	const { entries } = readPage(data);
	return {
		results: entries.map((tool) => ({
			name: String(tool.name ?? tool.id),
			value: String(tool.id),
			description: [tool.type, tool.isActive === false ? 'inactive' : ''].filter(Boolean).join(', ') || undefined,
		})),
		paginationToken: entries.length === PAGE_SIZE && page * PAGE_SIZE < agentCount(data) ? String(page + 1) : undefined,
	};
}
