'use strict';

// Deterministic seed data for the Hamsa side: voice agents, phone numbers and
// a history of calls. Deterministic (a seeded PRNG, fixed ids) so tests and
// recorded demos see the same agents and the same pages every run; call times
// are offsets from `seedNow` so date filters like "last 7 days" find data.

const { seededRandom } = require('./seededRandom');

const PROJECT_ID = '7a1c9e52-3b8d-4f60-9e2a-5d4c3b2a1f00';
const API_KEY_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const USER_ID = 'e3d2c1b0-a987-4654-8321-0fedcba98765';
const FIRST_AGENT_ID = '0f1e2d3c-4b5a-4968-8776-655443322110';

// The second agent's webhook settings, as Hamsa's dashboard keeps them and its
// agent list gives them back: the secret is Hamsa's to echo and the nodes'
// to keep out of their output (the secret scan knows it, knownSecrets.js).
const AGENT_WEBHOOK_AUTH = { authKey: 'Bearer', authSecret: 'whsec-seed-agent-4e7d19c2b8a0-never-shown' };
const AGENT_WITH_WEBHOOK_AUTH = 1;

function uuidFrom(rand) {
  const bytes = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const AGENT_SPECS = [
  ['Appointment Reminder', 'en', 'Hi, this is the clinic calling to remind you about your upcoming appointment.'],
  ['Customer Support Agent', 'en', 'Hello, how can I help you today?'],
  ['Sales Qualifier', 'en', 'Hi! I am calling about the demo you requested. Do you have two minutes?'],
  ['Lead Follow-up', 'en', 'Hello, thanks for your interest. I would like to ask a few quick questions.'],
  ['Payment Reminder', 'en', 'Hello, this is a friendly reminder about your open invoice.'],
  ['Delivery Confirmation', 'en', 'Hi, I am calling to confirm your delivery window for tomorrow.'],
  ['Customer Satisfaction Survey', 'en', 'Hello! Could you spare one minute to rate your recent experience?'],
  ['Restaurant Reservations', 'en', 'Good evening, would you like to book a table?'],
  ['Clinic Receptionist', 'en', 'Thank you for calling the clinic, how may I help?'],
  ['Real Estate Inquiry', 'en', 'Hi, you asked about one of our listings. Is now a good time?'],
  ['Recruitment Screener', 'en', 'Hello, I am calling about your job application.'],
  ['Insurance Renewal', 'en', 'Hello, your policy is up for renewal next month.'],
  ['Event Invitation', 'en', 'Hi! We would love to invite you to our launch event.'],
  ['Order Status', 'en', 'Hello, I can help you with the status of your order.'],
  ['Technical Support Tier 1', 'en', 'Hi, this is technical support. What seems to be the problem?'],
  ['Arabic Customer Care', 'ar', 'مرحباً، كيف يمكنني مساعدتك اليوم؟'],
  ['Hotel Concierge', 'en', 'Good day, this is the concierge desk. How can I assist?'],
  ['Car Service Booking', 'en', 'Hello, your vehicle is due for its annual service.'],
  ['Collections Assistant', 'en', 'Hello, I am calling regarding an outstanding balance.'],
  ['Feedback Caller', 'en', 'Hi! We would appreciate your feedback on our service.'],
  ['Onboarding Assistant', 'en', 'Welcome aboard! Let me walk you through the first steps.'],
  ['Subscription Renewal', 'en', 'Hello, your subscription renews soon. Any questions?'],
  ['Abandoned Cart Recovery', 'en', 'Hi, you left a few items in your cart. Can I help you check out?'],
  ['Webinar Reminder', 'ar', 'مرحباً، نذكرك بالندوة عبر الإنترنت غداً.'],
  ['After-hours Answering', 'en', 'Thanks for calling. Our office is closed, but I can take a message.'],
];

const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0); // agents' createdAt base: fixed, unlike call times

function buildAgents(rand) {
  return AGENT_SPECS.map(([name, lang, greeting], i) => {
    const id = i === 0 ? FIRST_AGENT_ID : uuidFrom(rand);
    const createdAt = new Date(SEED_EPOCH + i * 86400000 * 3).toISOString();
    // Shape follows docs.tryhamsa.com "List Voice Agents" (v2).
    return {
      id,
      type: 'Single Prompt',
      name,
      conversation: {
        greetingMessage: greeting,
        greetingMessageType: null,
        preamble: `You are "${name}", a polite voice agent. Keep answers short.`,
        pokeMessages: lang === 'ar' ? ['هل ما زلت معي؟'] : ['Are you still there?'],
        params: {},
        alignment: { greetingMessage: lang === 'ar' ? 'rtl' : 'ltr', preamble: 'ltr' },
      },
      voice: {
        voiceId: lang === 'ar' ? 'ar-XA-Wavenet-B' : 'en-US-Neural2-A',
        voiceRecordId: null,
        voiceRecord: null,
        lang,
        ttsParams: {},
      },
      llm: { provider: 'openai', model: 'gpt-4o', temperature: 0.2, baseUrl: null, apiKey: null },
      callSettings: {
        noiseCancellation: 'telephony_optimized',
        interrupt: true,
        responseDelay: 400,
        userInactivityTimeout: 15,
        maxCallDuration: 300,
        silenceThreshold: 800,
        backgroundNoise: false,
        smartCallEnd: true,
      },
      tools: [],
      knowledgeBaseItemsIds: [],
      voiceDictionaryIds: [],
      phoneNumber: null,
      // No webhookUrl even for the agent with webhookAuth: its campaign calls must post nowhere.
      webhookUrl: null,
      webhookAuth: i === AGENT_WITH_WEBHOOK_AUTH ? { ...AGENT_WEBHOOK_AUTH } : {},
      outcomeResponseShape: {
        type: 'object',
        properties: {
          interested: { type: 'boolean', description: 'Whether the person is interested' },
          appointmentTime: { type: 'string', description: 'Agreed appointment time, ISO 8601' },
        },
        required: ['interested'],
      },
      createdAt,
      updatedAt: createdAt,
    };
  });
}

function buildPhoneNumbers(rand, agents) {
  const specs = [
    ['+14155550100', 'TWILIO', 'Main US line', 0],
    ['+14155550101', 'TWILIO', 'Sales US line', 2],
    ['+14155550102', 'TWILIO', 'Support US line', null],
    ['+442071838750', 'TWILIO', 'London office', null],
    ['+97145550123', 'SIP', 'Dubai SIP trunk', 15],
  ];
  return specs.map(([number, type, label, agentIndex], i) => {
    const agent = agentIndex === null ? null : agents[agentIndex];
    const createdAt = new Date(SEED_EPOCH + i * 3600000).toISOString();
    // Shape follows docs.tryhamsa.com "List phone numbers".
    return {
      id: uuidFrom(rand),
      number,
      label,
      type,
      userId: USER_ID,
      sipInboundConfigs: type === 'SIP' ? { originationUri: 'sip:sip.eu.tryhamsa.com:5060;transport=tcp' } : null,
      sipOutboundConfigs: type === 'SIP' ? { address: 'sip.example.com', transportType: 'TCP', customHeaders: {} } : null,
      voiceAgentId: agent ? agent.id : null,
      voiceAgent: agent ? { id: agent.id, name: agent.name } : null,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

const HISTORY_STATUSES = [
  ['COMPLETED', 55],
  ['NO_ANSWER', 15],
  ['FAILED', 8],
  ['TERMINATED', 10],
  ['FORWARDED', 7],
  ['IN_PROGRESS', 3],
  ['PENDING', 2],
];

function pickWeighted(rand, table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

/** Whether the callee picked up, which decides transcript, recording and outcome. */
function wasAnswered(status) {
  return status === 'COMPLETED' || status === 'FORWARDED' || status === 'TERMINATED' || status === 'IN_PROGRESS';
}

function transcriptFor(agentName, status, params = {}) {
  if (!wasAnswered(status)) return [];
  const who = params.customerName || params.name || 'there';
  const lines = [
    { Agent: `Hi ${who}, this is ${agentName} calling on behalf of Hamsa Demo Co.` },
    { User: 'Hi, yes, go ahead.' },
    { Agent: 'I wanted to check whether you would like to book a time with us this week.' },
    { User: 'Sure, Thursday at 3 pm works for me.' },
  ];
  if (status === 'COMPLETED') lines.push({ Agent: 'Great, you are booked for Thursday at 3 pm. Goodbye!' });
  if (status === 'FORWARDED') lines.push({ Agent: 'Let me transfer you to a colleague now.' });
  return lines;
}

function outcomeFor(status, params, appointmentTime) {
  const echoed = params && typeof params === 'object' ? { ...params } : {};
  if (status === 'COMPLETED' || status === 'FORWARDED') {
    return { ...echoed, interested: true, appointmentTime };
  }
  if (status === 'TERMINATED') return { ...echoed, interested: false };
  return echoed;
}

function buildHistory(rand, agents, numbers, seedNow, count = 250) {
  const twilio = numbers.filter((n) => n.type === 'TWILIO');
  const calls = [];
  for (let i = 0; i < count; i++) {
    const agent = agents[Math.floor(rand() * 8)];
    let status = pickWeighted(rand, HISTORY_STATUSES);
    const ageMs = i * 4 * 3600000 + Math.floor(rand() * 3600000); // every ~4 h going back ~42 days
    if ((status === 'IN_PROGRESS' || status === 'PENDING') && ageMs > 6 * 3600000) status = 'COMPLETED';
    const createdMs = seedNow - ageMs;
    const answered = wasAnswered(status);
    const duration = answered ? 20 + Math.floor(rand() * 280) : 0;
    const userNumber = `+1415555${String(1000 + Math.floor(rand() * 8999)).padStart(4, '0')}`;
    calls.push({
      id: uuidFrom(rand),
      voiceAgentId: agent.id,
      agentName: agent.name,
      status,
      createdMs,
      callDuration: duration,
      callParams: { machineNumber: twilio[i % twilio.length].number, userNumber },
      params: { leadId: `lead-${1000 + i}` },
      webhookUrl: null,
      historical: true,
    });
  }
  return calls;
}

/**
 * More agents and Twilio numbers after the fixed ones, from their own random
 * sequence so that the fixed seed (ids, call history) stays the same.
 */
function buildExtras(agents, { extraVoiceAgents = 0, extraPhoneNumbers = 0 } = {}) {
  const rand = seededRandom(0xe47a);
  const template = agents[0];
  const moreAgents = Array.from({ length: extraVoiceAgents }, (_, i) => {
    const createdAt = new Date(SEED_EPOCH + (agents.length + i) * 86400000).toISOString();
    const name = `Outreach Agent ${String(i + 1).padStart(3, '0')}`;
    return { ...JSON.parse(JSON.stringify(template)), id: uuidFrom(rand), name, createdAt, updatedAt: createdAt };
  });
  const moreNumbers = Array.from({ length: extraPhoneNumbers }, (_, i) => {
    const createdAt = new Date(SEED_EPOCH + (10 + i) * 3600000).toISOString();
    return {
      id: uuidFrom(rand),
      number: `+1628555${String(1000 + i).padStart(4, '0')}`,
      label: `Pool line ${i + 1}`,
      type: 'TWILIO',
      userId: USER_ID,
      sipInboundConfigs: null,
      sipOutboundConfigs: null,
      voiceAgentId: null,
      voiceAgent: null,
      createdAt,
      updatedAt: createdAt,
    };
  });
  return { moreAgents, moreNumbers };
}

// [name, type, method, url, agent index or null, active]
const WEB_TOOL_SPECS = [
  ['Check Availability', 'FUNCTION', 'GET', 'https://api.example.com/availability', 0, true],
  ['Book Appointment', 'FUNCTION', 'POST', 'https://api.example.com/appointments', 0, true],
  ['Look Up Order', 'FUNCTION', 'GET', 'https://shop.example.com/orders/{orderId}', 13, true],
  ['Legacy CRM Sync', 'FUNCTION', 'POST', 'https://crm.example.com/sync', null, false],
  ['Docs Search', 'MCP', 'POST', 'https://mcp.example.com/docs', null, true],
];

/** One web tool as Hamsa answers it (create-web-tool / get-a-web-tool-by-id): `timeout` in milliseconds. */
function webTool(id, persistentId, name, type, methodType, serverUrl, isActive, createdAt) {
  return {
    id,
    persistentId,
    version: 1,
    name,
    description: `${name}: called by the voice agent during a call`,
    type,
    isActive,
    async: false,
    collectionId: null,
    toolSettings: { serverUrl, methodType, authToken: null, timeout: 10000, httpHeaders: {}, pathParameters: {} },
    messages: [{ type: 'REQUEST_START', content: 'One moment, please.' }],
    params: { type: 'object', properties: { query: { type: 'string', description: 'What to look up' } }, required: ['query'] },
    createdAt,
    updatedAt: createdAt,
  };
}

/**
 * The project's web tools (deterministic, from their own random sequence so
 * the rest of the seed stays the same), attached to their agents as v2 lists
 * them: `tools: [{persistentId, toolId, version, toolType, name}]`.
 */
function buildWebTools(agents, extraWebTools = 0) {
  const rand = seededRandom(0x7001);
  const tools = WEB_TOOL_SPECS.map(([name, type, method, url, agentIndex, active], i) => {
    const createdAt = new Date(SEED_EPOCH + i * 7200000).toISOString();
    const tool = webTool(uuidFrom(rand), uuidFrom(rand), name, type, method, url, active, createdAt);
    if (agentIndex !== null) {
      agents[agentIndex].tools.push({ persistentId: tool.persistentId, toolId: tool.id, version: 1, toolType: type, name });
    }
    return tool;
  });
  for (let i = 0; i < extraWebTools; i++) {
    const createdAt = new Date(SEED_EPOCH + (WEB_TOOL_SPECS.length + i) * 60000).toISOString();
    const name = `Helper Tool ${String(i + 1).padStart(3, '0')}`;
    tools.push(webTool(uuidFrom(rand), uuidFrom(rand), name, 'FUNCTION', 'POST', `https://tools.example.com/helper/${i + 1}`, true, createdAt));
  }
  return tools;
}

function buildSeed(seedNow, size = {}) {
  const rand = seededRandom(0x5eed);
  const agents = buildAgents(rand);
  const phoneNumbers = buildPhoneNumbers(rand, agents);
  const history = buildHistory(rand, agents, phoneNumbers, seedNow);
  const { moreAgents, moreNumbers } = buildExtras(agents, size);
  const webTools = buildWebTools(agents, size.extraWebTools);
  return { agents: [...agents, ...moreAgents], phoneNumbers: [...phoneNumbers, ...moreNumbers], history, webTools };
}

module.exports = {
  PROJECT_ID,
  API_KEY_ID,
  USER_ID,
  FIRST_AGENT_ID,
  AGENT_WEBHOOK_AUTH,
  buildSeed,
  transcriptFor,
  outcomeFor,
  wasAnswered,
};
