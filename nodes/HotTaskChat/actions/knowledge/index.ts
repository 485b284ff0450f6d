import type { Resource } from '../../../shared/resources';
import { add } from './add.operation';
import { get } from './get.operation';
import { remove } from './remove.operation';
import { syncGoogleSheet } from './syncGoogleSheet.operation';
import { syncSitemap } from './syncSitemap.operation';

/** Said of every operation that changes a chatbot, for the AI Agent that may call it as a tool. */
const CHANGES_LIVE_CHATBOT = 'As an AI Agent tool this changes a live chatbot\'s answers: gate it with n8n\'s human review for tool calls.';

export const knowledge: Resource = {
	name: 'Knowledge',
	value: 'knowledge',
	description: 'What a chatbot knows: texts, Q&A pairs, websites, files, a Google Sheet and a sitemap',
	defaultOperation: 'get',
	operations: {
		add: {
			name: 'Add',
			action: 'Add knowledge to a chatbot',
			description: `Add text, Q&A pairs, a website or files to a chatbot, keeping everything it already knows. ${CHANGES_LIVE_CHATBOT}`,
			operation: add,
		},
		get: { name: 'Get', action: 'Get a chatbot\'s knowledge', description: 'Get a chatbot\'s sources, one item each', operation: get },
		remove: {
			name: 'Remove',
			action: 'Remove knowledge from a chatbot',
			description: `Remove a Q&A pair, a website or a file from a chatbot, keeping everything else. ${CHANGES_LIVE_CHATBOT}`,
			operation: remove,
		},
		syncGoogleSheet: {
			name: 'Sync Google Sheet',
			action: 'Sync a Google Sheet into a chatbot',
			description: `Set the Google Sheet a chatbot learns from and read it again. ${CHANGES_LIVE_CHATBOT}`,
			operation: syncGoogleSheet,
		},
		syncSitemap: {
			name: 'Sync Sitemap',
			action: 'Sync a sitemap into a chatbot',
			description: `Set the sitemap a chatbot learns from and how often HotTask reads it again. ${CHANGES_LIVE_CHATBOT}`,
			operation: syncSitemap,
		},
	},
};
