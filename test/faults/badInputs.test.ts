/**
 * Bad inputs are caught before anything is sent. Each row gives item 0 a good
 * value and item 1 a bad one (through an expression, as a workflow would), so
 * the error must name item 1, and because every item is checked before the
 * first request, not even item 0 reaches the simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { startCallParameters } from '../harness/calls';
import { runNode } from '../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../harness/simulator';
import { escapeRegExp } from './support';

const context = useSimulator();

/** `={{ $json.v }}`: the value under test, per item. */
const V = '={{ $json.v }}';

function sms(overrides: IDataObject): INodeParameters {
	return { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: '+14155550123', message: 'Hi', ...overrides };
}

function call(overrides: IDataObject, operation = 'start'): INodeParameters {
	return startCallParameters({ operation, paramsInput: 'keyValue', params: {}, ...overrides });
}

/** Voice Agent → Create (named) or Update (of the simulator's first agent). */
function agent(operation: 'create' | 'update', overrides: IDataObject): INodeParameters {
	const target = operation === 'create' ? { name: 'Dental Reminder' } : { voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID } };
	return { resource: 'voiceAgent', operation, ...target, ...overrides };
}

function ask(overrides: IDataObject): INodeParameters {
	return { resource: 'message', operation: 'ask', sessionId: '', chatbotId: CHATBOT_ID, question: 'Hi?', stream: false, ...overrides };
}

interface BadInput {
	label: string;
	node: string;
	parameters: INodeParameters;
	good: string | number;
	bad: string | number;
	/** The start of the message: the field's name as the user sees it. */
	message: RegExp;
	/** The field named in the description ("Fix the "To" parameter of item 1"). */
	field: string;
}

const SMS = 'hotTaskTwilio';
const CHAT = 'hotTaskChat';
const VOICE = 'hamsaVoiceCall';

const BAD_INPUTS: BadInput[] = [
	// Phone numbers (Send SMS → To)
	{ label: 'SMS To "12345" (no country code)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '12345', field: 'To', message: /^Invalid To "12345": it must start with \+ and the country code/ },
	{ label: 'SMS To "+0123456789" (country code 0)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '+0123456789', field: 'To', message: /^Invalid To "\+0123456789": the country code cannot start with 0/ },
	{ label: 'SMS To "phone"', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: 'phone', field: 'To', message: /^Invalid To "phone": it must start with \+/ },
	{ label: 'SMS To "+1 555" (too short)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '+1 555', field: 'To', message: /^Invalid To "\+1 555": it has 4 digits; E\.164 numbers have 8 to 15/ },
	{ label: 'SMS To "" (empty)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '', field: 'To', message: /^To is required/ },
	{ label: 'SMS To "   " (blank)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '   ', field: 'To', message: /^To is required/ },
	{ label: 'SMS To "+1415555O123" (letter O)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '+1415555O123', field: 'To', message: /^Invalid To "\+1415555O123": it may only contain digits after the \+/ },
	{ label: 'SMS To "+44 20 7183 875a" (trailing letter)', node: SMS, parameters: sms({ to: V }), good: '+442071838750', bad: '+44 20 7183 875a', field: 'To', message: /^Invalid To .*only contain digits/ },
	{ label: 'SMS To "++14155550123" (double plus)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '++14155550123', field: 'To', message: /^Invalid To .*only contain digits/ },
	{ label: 'SMS To 16 digits (too long)', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '+1234567890123456', field: 'To', message: /^Invalid To .*it has 16 digits/ },
	{ label: 'SMS To "1-800-FLOWERS"', node: SMS, parameters: sms({ to: V }), good: '+14155550123', bad: '1-800-FLOWERS', field: 'To', message: /^Invalid To "1-800-FLOWERS"/ },
	// Send SMS, other fields
	{ label: 'SMS Message empty', node: SMS, parameters: sms({ message: V }), good: 'Hi', bad: '', field: 'Message', message: /^Message is required/ },
	{ label: 'SMS Message only spaces', node: SMS, parameters: sms({ message: V }), good: 'Hi', bad: '  \n ', field: 'Message', message: /^Message is required/ },
	{ label: 'SMS Chatbot ID empty', node: SMS, parameters: sms({ chatbotId: V }), good: CHATBOT_ID, bad: '', field: 'Chatbot ID', message: /^Chatbot ID is required/ },
	// Start Call
	{ label: 'Call To Number "12345"', node: VOICE, parameters: call({ toNumber: V }), good: '+14155550123', bad: '12345', field: 'To Number', message: /^Invalid To Number "12345"/ },
	{ label: 'Call To Number empty', node: VOICE, parameters: call({ toNumber: V }), good: '+14155550123', bad: '', field: 'To Number', message: /^To Number is required/ },
	{ label: 'Call Twilio Phone Number "phone"', node: VOICE, parameters: call({ twilioPhoneNumber: { __rl: true, mode: 'number', value: V } }), good: TWILIO_NUMBER, bad: 'phone', field: 'Twilio Phone Number', message: /^Invalid Twilio Phone Number "phone"/ },
	{ label: 'Call Voice Agent empty', node: VOICE, parameters: call({ voiceAgentId: { __rl: true, mode: 'id', value: V } }), good: VOICE_AGENT_ID, bad: '', field: 'Voice Agent', message: /^Voice Agent is required/ },
	{ label: 'Call Params (JSON) that does not parse', node: VOICE, parameters: call({ paramsInput: 'json', paramsJson: V }), good: '{"name": "Ada"}', bad: '{"name": ', field: 'Params (JSON)', message: /^Invalid Params \(JSON\): it is not valid JSON/ },
	{ label: 'Call Params (JSON) that is an array', node: VOICE, parameters: call({ paramsInput: 'json', paramsJson: V }), good: '{"name": "Ada"}', bad: '[1, 2]', field: 'Params (JSON)', message: /^Invalid Params \(JSON\): it must be a JSON object/ },
	{ label: 'Call Params with an empty name', node: VOICE, parameters: call({ params: { values: [{ key: V, value: 'Ada' }] } }), good: 'name', bad: '', field: 'Params', message: /^Invalid Params: a param has no name/ },
	{ label: 'Call Webhook URL "not a url"', node: VOICE, parameters: call({ webhookUrl: V }), good: 'https://example.com/hook', bad: 'not a url', field: 'Webhook URL', message: /^Invalid Webhook URL "not a url": it must be a full URL/ },
	{ label: 'Call Webhook URL with ftp://', node: VOICE, parameters: call({ webhookUrl: V }), good: 'https://example.com/hook', bad: 'ftp://example.com/hook', field: 'Webhook URL', message: /^Invalid Webhook URL "ftp:\/\/example\.com\/hook"/ },
	// Start and Wait
	{ label: 'Start and Wait Time Limit 0', node: VOICE, parameters: call({ waitMethod: 'poll', timeLimitMinutes: V }, 'startAndWait'), good: 1, bad: 0, field: 'Time Limit (Minutes)', message: /^Invalid Time Limit \(Minutes\) 0: it must be more than 0/ },
	{ label: 'Start and Wait Poll Interval 0', node: VOICE, parameters: call({ waitMethod: 'poll', pollIntervalSeconds: V }, 'startAndWait'), good: 5, bad: 0, field: 'Poll Interval (Seconds)', message: /^Invalid Poll Interval \(Seconds\) 0: it must be at least 1/ },
	// Ask
	{ label: 'Ask Question empty', node: CHAT, parameters: ask({ question: V }), good: 'Hi?', bad: '', field: 'Question', message: /^Question is required/ },
	{ label: 'Ask Session ID "abc"', node: CHAT, parameters: ask({ sessionId: V }), good: '880001', bad: 'abc', field: 'Session ID', message: /^Invalid Session ID "abc": it must be a positive whole number/ },
	{ label: 'Ask Session ID "-5"', node: CHAT, parameters: ask({ sessionId: V }), good: '880001', bad: '-5', field: 'Session ID', message: /^Invalid Session ID "-5": it must be a positive whole number/ },
	{ label: 'Ask Session ID 0', node: CHAT, parameters: ask({ sessionId: V }), good: '880001', bad: '0', field: 'Session ID', message: /^Invalid Session ID "0"/ },
	{ label: 'Ask Session ID "12.5"', node: CHAT, parameters: ask({ sessionId: V }), good: '880001', bad: '12.5', field: 'Session ID', message: /^Invalid Session ID "12\.5"/ },
	{ label: 'Ask without Session ID or Chatbot ID', node: CHAT, parameters: ask({ chatbotId: V }), good: CHATBOT_ID, bad: '', field: 'Session ID or Chatbot ID', message: /^Session ID or Chatbot ID is required/ },
	{ label: 'Ask File IDs "1,x"', node: CHAT, parameters: ask({ options: { fileIds: V } }), good: '1, 2', bad: '1,x', field: 'File IDs', message: /^Invalid File IDs "1,x": "x" is not a whole number/ },
	{ label: 'Ask File IDs "7,-2"', node: CHAT, parameters: ask({ options: { fileIds: V } }), good: '7', bad: '7,-2', field: 'File IDs', message: /^Invalid File IDs "7,-2": "-2" is not a whole number/ },
	// Sessions, history, leads
	{ label: 'Create Session Chatbot ID empty', node: CHAT, parameters: { resource: 'session', operation: 'create', chatbotId: V }, good: CHATBOT_ID, bad: '', field: 'Chatbot ID', message: /^Chatbot ID is required/ },
	{ label: 'History End Date before Start Date', node: CHAT, parameters: { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: '2025-03-10', endDate: V }, good: '2025-03-11', bad: '2025-03-01', field: 'End Date', message: /^Invalid End Date "2025-03-01": it is before the Start Date \(2025-03-10\)/ },
	{ label: 'History Start Date not a date', node: CHAT, parameters: { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: V, endDate: '2025-03-11' }, good: '2025-03-01', bad: 'last tuesday', field: 'Start Date', message: /^Invalid Start Date "last tuesday": it is not a date/ },
	{ label: 'History Start Date empty', node: CHAT, parameters: { resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: V, endDate: '2025-03-11' }, good: '2025-03-01', bad: '', field: 'Start Date', message: /^Start Date is required/ },
	{ label: 'Leads Session ID filter "abc"', node: CHAT, parameters: { resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID, filters: { sessionId: V } }, good: '880001', bad: 'abc', field: 'Session ID', message: /^Invalid Session ID "abc"/ },
	{ label: 'Leads End Date before Start Date', node: CHAT, parameters: { resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID, filters: { startDate: '2025-03-10', endDate: V } }, good: '2025-03-12', bad: '2025-03-09', field: 'End Date', message: /^Invalid End Date "2025-03-09": it is before the Start Date/ },
	// Knowledge and chatbots
	{ label: 'Knowledge Add Q&A with an empty answer', node: CHAT, parameters: { resource: 'knowledge', operation: 'add', chatbotId: CHATBOT_ID, knowledgeType: 'qa', qaFrom: 'items', question: 'Open?', answer: V }, good: 'At 7.', bad: '', field: 'Answer', message: /^Answer is required/ },
	{ label: 'Knowledge Add Website "our shop"', node: CHAT, parameters: { resource: 'knowledge', operation: 'add', chatbotId: CHATBOT_ID, knowledgeType: 'website', url: V }, good: 'https://example.com/a', bad: 'our shop', field: 'Website URL', message: /^Invalid Website URL "our shop": it is not a web address/ },
	{ label: 'Knowledge Sync Sitemap "sitemap.xml"', node: CHAT, parameters: { resource: 'knowledge', operation: 'syncSitemap', chatbotId: CHATBOT_ID, sitemapUrl: V, frequency: 'weekly' }, good: 'https://example.com/sitemap.xml', bad: 'sitemap.xml', field: 'Sitemap URL', message: /^Invalid Sitemap URL "sitemap\.xml"/ },
	{ label: 'Chatbot Create Time Zone "Mars/Olympus"', node: CHAT, parameters: { resource: 'chatbot', operation: 'create', timeZone: V }, good: 'Europe/Berlin', bad: 'Mars/Olympus', field: 'Time Zone', message: /^Invalid Time Zone "Mars\/Olympus": it is not an IANA time zone/ },
	{ label: 'Chatbot Update Temperature 5', node: CHAT, parameters: { resource: 'chatbot', operation: 'update', chatbotId: CHATBOT_ID, updateFields: { temperature: V } }, good: 1, bad: 5, field: 'Temperature', message: /^Invalid Temperature 5: it must be a number from 0 to 2/ },
	// Calls: get, list
	{ label: 'Get Call with an empty Call ID', node: VOICE, parameters: { resource: 'call', operation: 'get', callId: V }, good: 'c-1', bad: '', field: 'Call ID', message: /^Call ID is required/ },
	{ label: 'Get Many Calls End Time before Start Time', node: VOICE, parameters: { resource: 'call', operation: 'getMany', filters: { startTime: '2025-03-10T10:00:00Z', endTime: V } }, good: '2025-03-10T11:00:00Z', bad: '2025-03-10T09:00:00Z', field: 'End Time', message: /^Invalid End Time "2025-03-10T09:00:00Z": it is before the Start Time/ },
	{ label: 'Get Many Calls Start Time not a date', node: VOICE, parameters: { resource: 'call', operation: 'getMany', filters: { startTime: V } }, good: '2025-03-10T10:00:00Z', bad: 'soon', field: 'Start Time', message: /^Invalid Start Time "soon": it is not a date and time/ },
	// Voice agents and tools
	{ label: 'Create Voice Agent Name empty', node: VOICE, parameters: agent('create', { name: V }), good: 'Dental Reminder', bad: ' ', field: 'Name', message: /^Name is required/ },
	{ label: 'Create Voice Agent Outcome Shape not JSON', node: VOICE, parameters: agent('create', { additionalFields: { outcomeResponseShape: V } }), good: '{"type": "object"}', bad: '{"type": ', field: 'Outcome Shape (JSON Schema)', message: /^Invalid Outcome Shape \(JSON Schema\): it is not valid JSON/ },
	{ label: 'Create Voice Agent Webhook URL http:// to another host', node: VOICE, parameters: agent('create', { additionalFields: { webhookUrl: V } }), good: 'https://hooks.example.com/a', bad: 'http://hooks.example.com/a', field: 'Webhook URL', message: /^Invalid Webhook URL "http:\/\/hooks\.example\.com\/a": it must be a full URL starting with https:\/\// },
	{ label: 'Update Voice Agent Max Call Duration 5', node: VOICE, parameters: agent('update', { updateFields: { maxCallDuration: V } }), good: 60, bad: 5, field: 'Max Call Duration (Seconds)', message: /^Invalid Max Call Duration \(Seconds\) 5: it must be a whole number of seconds from 10 to 3600/ },
	{ label: 'Update Voice Agent Name empty', node: VOICE, parameters: agent('update', { updateFields: { name: V } }), good: 'Renamed', bad: '', field: 'Name', message: /^Name is required/ },
	{ label: 'Get Voice Agent empty', node: VOICE, parameters: { resource: 'voiceAgent', operation: 'get', voiceAgentId: { __rl: true, mode: 'id', value: V } }, good: VOICE_AGENT_ID, bad: '', field: 'Voice Agent', message: /^Voice Agent is required/ },
	{ label: 'Get Tool empty', node: VOICE, parameters: { resource: 'tool', operation: 'get', toolId: { __rl: true, mode: 'id', value: V } }, good: 'tool-1', bad: '', field: 'Tool', message: /^Tool is required/ },
];

describe('bad inputs are refused before any request', () => {
	it(`covers at least 30 bad inputs (${BAD_INPUTS.length})`, () => {
		expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
	});

	it.each(BAD_INPUTS)('$label', async ({ node, parameters, good, bad, message, field }) => {
		const { sim } = context;
		const run = await runNode({ node, parameters, items: [{ v: good }, { v: bad }], credentials: credentialsFor(sim) });
		expect(run.error).toBeDefined();
		const error = run.error as unknown as { message: string; description?: string };
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/ \[item 1\]$/);
		expect(error.description).toContain(`"${field}" parameter of item 1`);
		expect(error.description).toMatch(/No request was sent\.$/);
		expect(run.items).toHaveLength(0);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('valid inputs that look unusual are accepted', () => {
	it.each([
		{ to: '+354 1234567', sent: '+3541234567' },
		{ to: '00 44 20 7183 8750', sent: '+442071838750' },
		{ to: '+1 (415) 555-0123', sent: '+14155550123' },
		{ to: '+971.4.555.0123', sent: '+97145550123' },
	])('SMS To "$to" is sent as $sent', async ({ to, sent }) => {
		const { sim } = context;
		const run = await runNode({ node: SMS, parameters: sms({ to }), credentials: credentialsFor(sim) });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ sent: true, to: sent });
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].body.ToPhoneNumber).toBe(sent);
	});
});

describe('bad credentials are refused before any request', () => {
	const cases: Array<{ label: string; node: string; parameters: INodeParameters; credentials: { hotTask?: object; hamsa?: object }; message: RegExp }> = [
		{
			label: 'Hamsa Region "mars"',
			node: VOICE,
			parameters: call({}),
			credentials: { hamsa: { region: 'mars' } },
			message: /^Hamsa: The Region of the Hamsa API credential is "mars", which is not one of eu, uae or custom \[item 0\]$/,
		},
		{
			label: 'HotTask Base URL without a scheme',
			node: SMS,
			parameters: sms({}),
			credentials: { hotTask: { baseUrl: 'usapi.hottask.com' } },
			message: new RegExp(`^HotTask: ${escapeRegExp('The Base URL of the HotTask API credential must be a full URL starting with https:// (it is "usapi.hottask.com")')} \\[item 0\\]$`),
		},
		{
			label: 'HotTask Base URL empty',
			node: CHAT,
			parameters: ask({}),
			credentials: { hotTask: { baseUrl: '' } },
			message: /^HotTask: The Base URL of the HotTask API credential must be a full URL/,
		},
		{
			label: 'Hamsa custom Base URL "api.tryhamsa.com"',
			node: VOICE,
			parameters: { resource: 'call', operation: 'get', callId: 'c-1' },
			credentials: { hamsa: { region: 'custom', baseUrl: 'api.tryhamsa.com' } },
			message: /^Hamsa: The Base URL of the Hamsa API credential must be a full URL starting with https:\/\/ \(it is "api\.tryhamsa\.com"\)/,
		},
		{
			label: 'HotTask Base URL over plain http:// to another machine',
			node: SMS,
			parameters: sms({}),
			credentials: { hotTask: { baseUrl: 'http://usapi.hottask.com' } },
			message: new RegExp(
				`^HotTask: ${escapeRegExp('The Base URL of the HotTask API credential must start with https:// (it is "http://usapi.hottask.com"): over http:// the key would travel unencrypted. http:// is accepted only for this machine (localhost, 127.0.0.1, ::1)')} \\[item 0\\]$`,
			),
		},
		{
			label: 'Hamsa custom Base URL over plain http:// to a host that only starts like a loopback one',
			node: VOICE,
			parameters: { resource: 'call', operation: 'get', callId: 'c-1' },
			credentials: { hamsa: { region: 'custom', baseUrl: 'http://127.0.0.1.example.com' } },
			message: /^Hamsa: The Base URL of the Hamsa API credential must start with https:\/\/ \(it is "http:\/\/127\.0\.0\.1\.example\.com"\)/,
		},
	];

	it.each(cases)('$label', async ({ node, parameters, credentials, message }) => {
		const { sim } = context;
		const run = await runNode({ node, parameters, items: [{}, {}], credentials: credentialsFor(sim, credentials) });
		expect(run.error).toBeDefined();
		const error = run.error as unknown as { message: string; description?: string };
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(error.description).toContain('The request did not reach');
		expect(error.description).toContain('Open the credential and correct it.');
		expect(sim.requests).toHaveLength(0);
	});
});
