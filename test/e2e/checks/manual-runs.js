'use strict';
// Workflows run with `n8n execute` (server stopped): the all-operations
// example, and service failures surfacing as the node's error.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectAuth, expectCampaignCreated, defaultAnswer, keys, ids } = require('./util');

async function allOperations(t, env) {
	const { ctx, sim, workflows } = env;
	sim.reset();
	// The started call stays in progress until End Call ends it, so End has a
	// call to end; the campaign's calls end as they would by default.
	sim.configure({ callOutcome: 'IN_PROGRESS', campaignOutcomes: { '+14155550123': ['COMPLETED'], '+14155550124': ['COMPLETED'] } });
	let run;
	const ran = await t.check('all-operations example runs green under `n8n execute`', async () => {
		run = await h.executeWorkflow(ctx, workflows['all-operations.json'].id);
		assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
		assert.ok(run.ok);
		return `${(run.ms / 1000).toFixed(1)} s`;
	});
	if (!ran) return;
	const out = (node) => {
		const items = h.nodeOutput(run, node);
		assert.ok(items, `node "${node}" did not run`);
		return items;
	};
	const reqs = sim.requests.slice();

	await t.check('all-operations: every action node ran exactly once', async () => {
		const runData = run.output.data.resultData.runData;
		const expected = [
			'Create Session', 'Ask', 'Ask (streamed)', 'Get Message History', 'Get Leads', 'Get Models', 'Get Message Credits', 'Send SMS',
			'Start Call', 'Get Call', 'End Call', 'Get Many Calls', 'Get Recording', 'Get Voice Agents', 'Get Phone Numbers',
			'Create Campaign', 'Get Campaign', 'Get Many Campaigns', 'Text to Speech', 'Transcribe',
			'Create Chatbot', 'Update Chatbot', 'Add Knowledge', 'Remove Knowledge', 'Sync Sitemap', 'Sync Google Sheet', 'Get Knowledge',
			'Create Voice Agent', 'Update Voice Agent', 'Get Voice Agent', 'Delete Voice Agent', 'Get Many Tools', 'Get Tool', 'Delete Tool',
		];
		for (const node of expected) assert.equal(runData[node] && runData[node].length, 1, `${node} ran ${runData[node] ? runData[node].length : 0} times`);
		return `${expected.length} nodes`;
	});

	// Recording files are fetched from their own URL, first without the key (recordings.js).
	const apiReqs = reqs.filter((r) => r.service !== 'recordings');
	// 24 before the chatbot row; it adds Add, Edit, 2 × (GetSource, EditKnowledge, GetSource), 2 × EditKnowledge and GetSource (11).
	// The voice-agent rows add 9: create, update, get, delete + the read that tells "no delete" from "not found",
	// the tool list, one tool, and a delete of a missing tool + its read.
	await t.check('all-operations: exactly 44 service requests, each with the right Authorization header', async () => {
		assert.equal(apiReqs.length, 44, apiReqs.map((r) => `${r.method} ${r.path}`).join(', '));
		for (const r of apiReqs) expectAuth(r);
		assert.ok(apiReqs.every((r) => !r.closedEarly));
	});

	let sessionId;
	await t.check('session create → POST /chat/Chatbot/GetSession {serialNumber}', async () => {
		const [r] = requestsTo(reqs, 'POST', '/chat/Chatbot/GetSession', 1);
		assert.deepEqual(r.body, { serialNumber: ids.CHATBOT });
		const [item] = out('Create Session');
		assert.ok(Number.isInteger(item.sessionId) && item.sessionId > 0);
		assert.deepEqual(item, { sessionId: item.sessionId, chatbotId: ids.CHATBOT });
		sessionId = item.sessionId;
		return `sessionId ${sessionId}`;
	});

	await t.check('message ask (non-stream) → ClientAsk {sessionID, content, stream:false}, whole answer out', async () => {
		const asks = requestsTo(reqs, 'POST', '/chat/Chat/ClientAsk', 2);
		assert.deepEqual(asks[0].body, { sessionID: sessionId, content: 'What are your opening hours?', stream: false });
		const [item] = out('Ask');
		assert.equal(item.answer, defaultAnswer('What are your opening hours?'));
		assert.equal(item.sessionId, sessionId);
		assert.equal(item.newSession, false);
		assert.ok(Number.isInteger(item.messageId));
		assert.equal(item.totalTokens, 100 + Array.from(item.answer).length);
	});

	await t.check('message ask (stream) → ClientAsk {stream:true}, pieces joined into the answer', async () => {
		const asks = requestsTo(reqs, 'POST', '/chat/Chat/ClientAsk', 2);
		assert.deepEqual(asks[1].body, { sessionID: sessionId, content: 'And do you deliver on Sundays?', stream: true });
		const [item] = out('Ask (streamed)');
		assert.equal(item.answer, defaultAnswer('And do you deliver on Sundays?'));
		assert.equal(item.answerId, item.questionId + 1);
		assert.equal(item.messageId, item.answerId);
		assert.equal(item.sessionId, sessionId);
	});

	await t.check('message getHistory → ChatContentHistory {SerialNumber, StartTime, EndTime}, both asks listed', async () => {
		const [r] = requestsTo(reqs, 'POST', '/chat/Chatbot/ChatContentHistory', 1);
		const day = (ms) => new Date(ms).toISOString().slice(0, 10);
		const at = typeof r.at === 'number' ? r.at : Date.parse(r.at);
		assert.deepEqual(r.body, { SerialNumber: ids.CHATBOT, StartTime: day(at - 7 * 86400000), EndTime: day(at) });
		const rows = out('Get Message History');
		assert.deepEqual(rows.map((x) => x.Question), ['What are your opening hours?', 'And do you deliver on Sundays?']);
		assert.ok(rows.every((x) => x.SessionID === sessionId));
	});

	await t.check('lead getMany → LeadList {serialNumber}, one item per lead', async () => {
		const [r] = requestsTo(reqs, 'POST', '/chat/Chatbot/LeadList', 1);
		assert.deepEqual(r.body, { serialNumber: ids.CHATBOT });
		assert.deepEqual(out('Get Leads').map((l) => l.Name), ['Jane Cooper', 'Omar Haddad', 'Lena Fischer']);
	});

	await t.check('account getModels → GET /chat/Chatbot/ModelList, models mapped to {id, name, available}', async () => {
		const [r] = requestsTo(reqs, 'GET', '/chat/Chatbot/ModelList', 1);
		assert.equal(r.body, undefined);
		assert.deepEqual(out('Get Models'), [
			{ id: '2', name: 'gpt-4o', available: true },
			{ id: '3', name: 'gpt-4o-mini', available: true },
			{ id: '5', name: 'claude-3-5-sonnet', available: false },
		]);
	});

	await t.check('account getCredits → GET /chat/Chatbot/GetMessageCreditsUsage', async () => {
		requestsTo(reqs, 'GET', '/chat/Chatbot/GetMessageCreditsUsage', 1);
		const [item] = out('Get Message Credits');
		assert.deepEqual(Object.keys(item).sort(), ['remaining', 'total', 'unlimited', 'used']);
		assert.equal(typeof item.used, 'number');
		assert.equal(item.unlimited, item.total === -1 || item.remaining === -1);
	});

	await t.check('chatbot row: Add → Edit (only the settings given) → knowledge add, remove, sitemap, sheet → Get Knowledge', async () => {
		const [add] = requestsTo(reqs, 'POST', '/chat/Chatbot/Add', 1);
		assert.deepEqual(add.body, { timeZone: 'Europe/Berlin', type: 0 });
		const [created] = out('Create Chatbot');
		const bot = created.chatbotId;
		assert.match(bot, /^[0-9a-f]{32}$/);
		const [edit] = requestsTo(reqs, 'POST', '/chat/Chatbot/Edit', 1);
		assert.deepEqual(edit.body, { serialNumber: bot, Name: 'Tour Bot', Model: '3', SystemMessage: 'Answer briefly.', Temperature: 0.3, AnswerSuffix: 'Thank you for asking!' });
		requestsTo(reqs, 'POST', '/chat/Chatbot/GetSource', 5);
		const edits = requestsTo(reqs, 'POST', '/chat/Chatbot/EditKnowledge', 4).map((r) => r.body);
		assert.deepEqual(edits, [
			{ serialNumber: bot, qaList: [{ key: 'Do you have gift cards?', value: 'Yes, from 10 to 100 euros.' }, { key: 'Do you sell coffee?', value: 'Yes, to take away.' }] },
			{ serialNumber: bot, qaList: [{ key: 'Do you have gift cards?', value: 'Yes, from 10 to 100 euros.' }] },
			{ serialNumber: bot, SiteMapUrl: 'https://shop.example.com/sitemap.xml', EnableSyncSiteMap: true, SyncSiteMapDays: 7 },
			{ serialNumber: bot, googleSheetUrl: 'https://docs.google.com/spreadsheets/d/1AbCdEf/edit', isRetrainGoogleSheet: true },
		]);
		assert.deepEqual(out('Get Knowledge').map(({ type, question, url }) => ({ type, question, url })), [
			{ type: 'qa', question: 'Do you have gift cards?', url: undefined },
			{ type: 'googleSheet', question: undefined, url: 'https://docs.google.com/spreadsheets/d/1AbCdEf/edit' },
			{ type: 'sitemap', question: undefined, url: 'https://shop.example.com/sitemap.xml' },
		]);
		return `chatbot ${bot}`;
	});

	await t.check('HotTask Twilio send → SendTwilioMessage {SerialNumber, ToPhoneNumber (normalised), Message}', async () => {
		const [r] = requestsTo(reqs, 'POST', '/chat/Chatbot/SendTwilioMessage', 1);
		assert.deepEqual(r.body, {
			SerialNumber: ids.CHATBOT,
			ToPhoneNumber: '+14155550123',
			Message: 'Your appointment is confirmed for tomorrow at 10:00.',
		});
		const [item] = out('Send SMS');
		assert.equal(item.sent, true);
		assert.equal(item.to, '+14155550123');
		assert.equal(item.message, 'Message sent');
	});

	let callId;
	await t.check('Hamsa call start → POST /v1/voice-agents/twilio/call with the JSON params', async () => {
		const [r] = requestsTo(reqs, 'POST', '/v1/voice-agents/twilio/call', 1);
		assert.deepEqual(r.body, {
			toNumber: '+14155550123',
			twilioPhoneNumber: ids.TWILIO_NUMBER,
			agentDetails: { agentName: '' },
			voiceAgentId: ids.VOICE_AGENT,
			params: { name: 'Jane Cooper', appointment: 'tomorrow 10:00' },
		});
		const [item] = out('Start Call');
		callId = item.callId;
		assert.ok(sim.calls.has(callId), `simulator has no call ${callId}`);
		assert.equal(item.status, 'PENDING');
		// Simplify is on by default: the call's id, status, numbers and agent, not Hamsa's whole job.
		assert.deepEqual(Object.keys(item), ['callId', 'status', 'toNumber', 'fromNumber', 'voiceAgentId', 'agentName']);
		assert.equal(item.toNumber, '+14155550123');
		return `callId ${callId}`;
	});

	await t.check('Hamsa call get (the started call\'s id) → GET /v1/voice-agents/conversation/<id>', async () => {
		const [r] = requestsTo(reqs, 'GET', `/v1/voice-agents/conversation/${callId}`, 1);
		assert.equal(r.body, undefined);
		const [item] = out('Get Call');
		assert.equal(item.callId, callId);
		assert.ok(['PENDING', 'IN_PROGRESS'].includes(item.status), item.status);
		// Simplify (the default): recordingUrl only once there is a recording (undefined is dropped from the JSON); no raw call.
		for (const key of ['callDuration', 'callId', 'outcome', 'status', 'transcript']) assert.ok(key in item, `no "${key}" in the output`);
		for (const key of ['call', 'transcription']) assert.ok(!(key in item), `"${key}" is in the simplified output`);
	});

	await t.check('Hamsa call end (the started call, still in progress) → GET /v1/voice-agents/conversation/<id>/terminate; ended: true, and the simulator has the call TERMINATED', async () => {
		requestsTo(reqs, 'GET', `/v1/voice-agents/conversation/${callId}/terminate`, 1);
		const [item] = out('End Call');
		assert.deepEqual(item, { callId, ended: true, message: 'Conversation terminated successfully.' });
		const call = sim.calls.get(callId);
		assert.ok(call, `simulator has no call ${callId}`);
		assert.equal(call.status, 'TERMINATED', `the simulator has the call ${call.status}`);
		return `call ${callId} ${call.status}`;
	});

	await t.check('Hamsa call getMany → minimal-list ?voiceAgentId&status[]=COMPLETED&page=1&perPage=5', async () => {
		const [r] = requestsTo(reqs, 'GET', '/v1/voice-agents/conversations/minimal-list', 1);
		assert.deepEqual(r.query, { voiceAgentId: ids.VOICE_AGENT, 'status[]': ['COMPLETED'], page: '1', perPage: '5' });
		const calls = out('Get Many Calls');
		assert.equal(calls.length, 5);
		for (const c of calls) {
			assert.equal(c.status, 'COMPLETED');
			assert.equal(c.voiceAgentId, ids.VOICE_AGENT);
			assert.ok(c.callId && c.id === undefined, 'simplified rows carry callId, not Hamsa\'s id');
		}
	});

	await t.check('Hamsa call getRecording (each listed call) → the call read, then its recording as binary data (file name, MIME type)', async () => {
		const calls = out('Get Many Calls');
		assert.ok(calls.length > 0, 'Get Many Calls listed no call to fetch a recording for');
		const files = h.nodeOutput(run, 'Get Recording', { withBinary: true });
		assert.equal(files.length, calls.length);
		files.forEach((file, i) => {
			assert.equal(file.json.callId, calls[i].callId);
			assert.equal(file.binary.recording.fileName, `call-${calls[i].callId}.mp3`);
			assert.equal(file.binary.recording.mimeType, 'audio/mpeg');
		});
		for (const c of calls) requestsTo(reqs, 'GET', `/v1/voice-agents/conversation/${c.callId}`, 1);
		// Public files, like Hamsa's CDN: each fetched once, and the key never sent.
		const fetches = reqs.filter((r) => r.service === 'recordings');
		assert.deepEqual(fetches.map((r) => r.path).sort(), calls.map((c) => `/recordings/${c.callId}.mp3`).sort());
		assert.ok(fetches.every((r) => r.headers.authorization === undefined), 'the key was sent for a public recording');
		return `${files.length} recordings`;
	});

	await t.check('Hamsa voiceAgent getMany → /v2/voice-agents ?skip=0&take=3&search=Reminder, one item per agent', async () => {
		const [r] = requestsTo(reqs, 'GET', '/v2/voice-agents', 1);
		assert.deepEqual(r.query, { skip: '0', take: '3', search: 'Reminder' });
		const agents = out('Get Voice Agents');
		assert.deepEqual(agents.map((a) => a.name), ['Appointment Reminder', 'Payment Reminder', 'Webinar Reminder']);
		for (const a of agents) assert.deepEqual(Object.keys(a), ['voiceAgentId', 'name', 'language', 'greetingMessage', 'createdAt']);
		assert.equal(agents[0].voiceAgentId, ids.VOICE_AGENT);
	});

	await t.check('Hamsa phoneNumber getMany → phone-number/list ?skip=1&take=100&provider=TWILIO, every Twilio number', async () => {
		const [r] = requestsTo(reqs, 'GET', '/v1/voice-agents/phone-number/list', 1);
		assert.deepEqual(r.query, { skip: '1', take: '100', provider: 'TWILIO' });
		const numbers = out('Get Phone Numbers');
		assert.equal(numbers.length, 4);
		assert.ok(numbers.every((n) => n.provider === 'TWILIO' && n.number === undefined), 'simplified: provider, no raw number record');
		assert.ok(numbers.some((n) => n.phoneNumber === ids.TWILIO_NUMBER));
		return numbers.map((n) => n.phoneNumber).join(', ');
	});

	let campaignId;
	await t.check('Hamsa campaign create → ONE POST /v1/voice-agents/campaigns with both items as recipients (their fields as variables)', async () => {
		campaignId = expectCampaignCreated(reqs, out('Create Campaign'), {
			name: 'Appointment reminders',
			recipients: [
				{ phoneNumber: '+14155550123', name: 'Jane Cooper', appointment: 'Tuesday 10:00' },
				{ phoneNumber: '+14155550124', name: 'Omar Haddad', appointment: 'Friday 15:00' },
			],
		});
		return `campaign ${campaignId}`;
	});

	await t.check('Hamsa campaign get → GET /v1/voice-agents/campaigns/<id>, one item per recipient', async () => {
		requestsTo(reqs, 'GET', `/v1/voice-agents/campaigns/${campaignId}`, 1);
		const rows = out('Get Campaign');
		assert.deepEqual(rows.map((row) => row.name).sort(), ['Jane Cooper', 'Omar Haddad']);
		assert.ok(rows.every((row) => row.campaignId === campaignId && typeof row.status === 'string'), JSON.stringify(rows));
	});

	await t.check('Hamsa campaign getMany → GET /v1/voice-agents/campaigns ?take=10&skip=0, the new campaign listed', async () => {
		const [r] = requestsTo(reqs, 'GET', '/v1/voice-agents/campaigns', 1);
		assert.deepEqual(r.query, { take: '10', skip: '0' });
		assert.ok(out('Get Many Campaigns').some((c) => c.campaignId === campaignId));
	});

	let tourAgentId;
	await t.check('Hamsa voiceAgent create → POST /v2/voice-agents in the v2 shape; the agent is kept', async () => {
		const [r] = requestsTo(reqs, 'POST', '/v2/voice-agents', 1);
		assert.equal(r.body.name, 'Tour Agent');
		assert.deepEqual(r.body.voice, { lang: 'en' });
		assert.deepEqual(r.body.callSettings, { maxCallDuration: 180 });
		assert.equal(r.body.outcomeResponseShape.type, 'object');
		const [agent] = out('Create Voice Agent');
		tourAgentId = agent.voiceAgentId;
		assert.ok(tourAgentId, 'no voiceAgentId');
		assert.equal(agent.name, 'Tour Agent');
		assert.equal(agent.maxCallDuration, 180);
		return tourAgentId;
	});

	await t.check('Hamsa voiceAgent update → PATCH /v1/voice-agents/<id> with only the two fields given; the rest kept', async () => {
		const [r] = requestsTo(reqs, 'PATCH', `/v1/voice-agents/${tourAgentId}`, 1);
		assert.deepEqual(r.body, { greetingMessage: 'Hello again from the n8n tour!', maxCallDuration: 120 });
		const [updated] = out('Update Voice Agent');
		assert.equal(updated.greetingMessage, 'Hello again from the n8n tour!');
		assert.equal(updated.preamble, 'You are a friendly assistant. Ask whether the person enjoyed the tour.');
		const [read] = out('Get Voice Agent');
		assert.equal(read.voiceAgentId, tourAgentId);
		assert.equal(read.maxCallDuration, 120);
		assert.equal(read.language, 'en');
		assert.ok(!('webhookAuth' in read));
	});

	await t.check('Hamsa voiceAgent delete → DELETE /v2/voice-agents/<id>; Hamsa (the simulator\'s default) has none, so the item says so and the tour goes on', async () => {
		requestsTo(reqs, 'DELETE', `/v2/voice-agents/${tourAgentId}`, 1);
		requestsTo(reqs, 'GET', `/v2/voice-agents/${tourAgentId}`, 2);
		const [item] = out('Delete Voice Agent');
		assert.match(String(item.error), /^Hamsa: Hamsa's API has no delete for voice agents/);
	});

	await t.check('Hamsa tool getMany → web-tool/list ?skip=1&take=5&voiceAgentId; get → the first tool by its id', async () => {
		const [r] = requestsTo(reqs, 'GET', '/v2/voice-agents/web-tool/list', 1);
		assert.deepEqual(r.query, { skip: '1', take: '5', voiceAgentId: ids.VOICE_AGENT });
		const tools = out('Get Many Tools');
		assert.deepEqual(tools.map((tool) => tool.name), ['Check Availability', 'Book Appointment']);
		requestsTo(reqs, 'GET', `/v1/voice-agents/web-tool/${tools[0].toolId}`, 1);
		const [tool] = out('Get Tool');
		assert.equal(tool.toolId, tools[0].toolId);
		assert.equal(tool.type, 'FUNCTION');
	});

	await t.check('Hamsa tool delete (an id that does not exist) → DELETE, then the read that finds no such tool: "not found"', async () => {
		requestsTo(reqs, 'DELETE', '/v1/voice-agents/web-tool/tour-no-such-tool', 1);
		requestsTo(reqs, 'GET', '/v1/voice-agents/web-tool/tour-no-such-tool', 1);
		const [item] = out('Delete Tool');
		assert.equal(item.error, 'Hamsa: Web tool not found [item 0]');
	});

	await t.check('Hamsa Speech textToSpeech → transcribe: the audio is a file, and reads back as text', async () => {
		const [r] = requestsTo(reqs, 'POST', '/v1/realtime/tts', 1);
		assert.deepEqual(r.body, { text: 'Your appointment is on Thursday at 3 pm.', speaker: 'Majd', dialect: 'en' });
		const [speech] = h.nodeOutput(run, 'Text to Speech', { withBinary: true });
		assert.equal(speech.binary.data.mimeType, 'audio/wav');
		requestsTo(reqs, 'POST', '/v1/realtime/stt', 1);
		const [text] = out('Transcribe');
		assert.equal(text.text, 'Hello, how can I help you today?');
	});
}

async function failures(t, env) {
	const { ctx, sim, workflows } = env;

	sim.reset();
	const message = 'Your plan has run out of message credits';
	sim.addFault({ method: 'POST', path: '/chat/Chat/ClientAsk', hottaskFailure: { code: 4031, message } });
	await t.check('HotTask failure (Success:false envelope) fails the execution with the service message', async () => {
		const run = await h.executeWorkflow(ctx, workflows['failing-ask.json'].id);
		assert.equal(run.status, 'error', `status ${run.status}`);
		assert.ok(run.error, 'no error in the run');
		assert.ok(run.error.message.includes(message), `error message: ${run.error.message}`);
		assert.match(run.error.message, /^HotTask: /);
		assert.equal(run.error.node && run.error.node.name, 'Ask');
		assert.match(String(run.error.description), /HotTask code 4031/);
		assert.notEqual(run.exitCode, 0);
		// Refused, so never asked twice (a retry would record a second question).
		requestsTo(sim.requests, 'POST', '/chat/Chat/ClientAsk', 1);
		return `"${run.error.message}"`;
	});

	sim.reset();
	sim.addFault({
		method: 'POST',
		path: '/v1/voice-agents/twilio/call',
		status: 402,
		body: { success: false, message: 'Insufficient balance to place the call', messageKey: 'INSUFFICIENT_BALANCE' },
	});
	await t.check('Hamsa failure (HTTP 402) fails the execution with the service message, call not retried', async () => {
		const run = await h.executeWorkflow(ctx, workflows['failing-call.json'].id);
		assert.equal(run.status, 'error', `status ${run.status}`);
		assert.ok(run.error.message.includes('Insufficient balance to place the call'), `error message: ${run.error.message}`);
		assert.equal(run.error.node && run.error.node.name, 'Start Call');
		assert.match(String(run.error.description), /HTTP 402/);
		const [r] = requestsTo(sim.requests, 'POST', '/v1/voice-agents/twilio/call', 1);
		assert.equal(r.headers.authorization, `Token ${keys.HAMSA}`);
		return `"${run.error.message}"`;
	});

	sim.reset();
	// A gateway in front of HotTask: the SMS goes out, the node is told 503 without Retry-After.
	sim.addFault({ method: 'POST', path: '/chat/Chatbot/SendTwilioMessage', status: 503, afterActing: true });
	await t.check('SMS answered by a bare 503 after it went out is sent once, and the error says it may have been sent', async () => {
		const run = await h.executeWorkflow(ctx, workflows['sms-behind-gateway.json'].id);
		assert.equal(run.status, 'error', `status ${run.status}`);
		assert.equal(run.error.node && run.error.node.name, 'Send SMS');
		assert.match(run.error.message, /^HotTask: Service unavailable/);
		assert.match(String(run.error.description), /^HTTP 503\b/);
		assert.match(String(run.error.description), /The request may have reached HotTask and been acted on\. It was not repeated automatically/);
		requestsTo(sim.requests, 'POST', '/chat/Chatbot/SendTwilioMessage', 1);
		assert.equal(sim.hottask.sentMessages.length, 1, `${sim.hottask.sentMessages.length} SMS sent`);
		return `"${run.error.message}"`;
	});
}

/** Questions with files: a binary file made inside the workflow, uploaded and asked about. */
async function askWithFiles(t, env) {
	const { ctx, sim, workflows } = env;
	const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

	sim.reset();
	let run;
	const ran = await t.check('ask-with-image: a PNG made by Convert to File is uploaded and asked about (runs green)', async () => {
		run = await h.executeWorkflow(ctx, workflows['ask-with-image.json'].id);
		assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
		return `${(run.ms / 1000).toFixed(1)} s`;
	});
	if (ran) {
		await t.check('ask-with-image: the binary file is in the execution (Convert to File output: menu.png, image/png)', async () => {
			const item = run.output.data.resultData.runData['Make Image File'][0].data.main[0][0];
			assert.ok(item.binary && item.binary.data, `no binary "data" on the item: ${JSON.stringify(item).slice(0, 400)}`);
			assert.equal(item.binary.data.fileName, 'menu.png');
			assert.equal(item.binary.data.mimeType, 'image/png');
			return item.binary.data.id ? `stored as ${String(item.binary.data.id).split(':')[0]}` : 'kept in memory';
		});
		await t.check('ask-with-image: GetPreUploadUrl {fileName} → PUT of the exact bytes without Authorization → ClientAsk with the file id', async () => {
			const [pre] = requestsTo(sim.requests, 'POST', '/chat/User/GetPreUploadUrl', 1);
			expectAuth(pre);
			assert.deepEqual(pre.body, { fileName: 'menu.png' });
			const puts = sim.requests.filter((r) => r.service === 'storage');
			assert.equal(puts.length, 1, puts.map((r) => `${r.method} ${r.path}`).join(', '));
			assert.equal(puts[0].method, 'PUT');
			assert.equal(puts[0].headers.authorization, undefined, 'the secret key went to storage');
			assert.equal(puts[0].headers['content-type'], 'image/png');
			const stored = sim.hottask.files.get(34317);
			assert.ok(stored && stored.uploaded, 'file 34317 was not uploaded');
			assert.ok(stored.data.equals(png), `stored ${stored.bytes} bytes, not the PNG's ${png.length}`);
			const [ask] = requestsTo(sim.requests, 'POST', '/chat/Chat/ClientAsk', 1);
			assert.deepEqual(ask.body, { sessionID: ask.body.sessionID, content: 'What is on this menu?', stream: false, chatAskType: 'Image', fileIds: [34317] });
			const [item] = h.nodeOutput(run, 'Ask About Image');
			assert.deepEqual(item.uploadedFiles, [{ binaryProperty: 'data', fileName: 'menu.png', mimeType: 'image/png', bytes: png.length, fileId: 34317 }]);
			assert.equal(item.answer, defaultAnswer('What is on this menu?'));
		});
	}

	sim.reset();
	await t.check('ask-with-wrong-file: a PNG given for an Audio question fails naming the item and the property, nothing sent', async () => {
		const wrong = await h.executeWorkflow(ctx, workflows['ask-with-wrong-file.json'].id);
		assert.equal(wrong.status, 'error', `status ${wrong.status}`);
		assert.equal(wrong.error.node && wrong.error.node.name, 'Ask About Image');
		assert.equal(
			wrong.error.message,
			'Invalid Input Binary Fields: binary property "data" (menu.png) is image/png; HotTask takes WAV for an Audio question [item 0]',
		);
		assert.deepEqual(sim.requests, []);
		return `"${wrong.error.message}"`;
	});
}

module.exports = { allOperations, failures, askWithFiles };
