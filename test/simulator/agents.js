'use strict';

// Hamsa voice agents and their web tools, kept between requests: list, get
// (v1 and v2 shapes), create, update (v2 nested, v1 flat), the web-tool
// endpoints, and deletes for both, which Hamsa's public reference does not
// show (config `hamsaDeletes`, see below). Agents are stored in the v2 shape
// the seed uses; v1 answers are a flat view of the same agent.
//
// Readings where the docs are silent (see README.md):
// - a PATCH keeps every field it does not send; in v2 the nested objects
//   (`conversation`, `voice`, `llm`, `callSettings`) are merged one level
//   deep, `tools` is replaced whole; `webhookUrl: null` or `""` removes the webhook;
// - v2 PATCH answers a message and no `data` (as documented), v1 PATCH the agent;
// - a web tool's PATCH keeps its id and adds one to `version`;
// - `hamsaDeletes`: 'absent' (default) answers DELETE as an unknown route,
//   404 "Cannot DELETE /path"; 'methodNotAllowed' answers 405; 'supported'
//   deletes (an agent, or a tool, which is also detached from every agent)
//   and answers a message and no `data`.

const crypto = require('crypto');
const { isPlainObject } = require('./http-util');

const TOOL_TYPES = ['FUNCTION', 'MCP', 'WEB'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const LANG = /^[a-z]{2}(-[A-Za-z]{2})?$/;

function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

function nowIso() {
  return new Date().toISOString();
}

/**
 * @param sim the simulator (config)
 * @param helpers {HamsaError, validation, WHOLE_ENVELOPE, intParam, stringParam, pageOf} from hamsa.js
 *   (pageOf(list, start, size): one page of a list, or what config.ignorePaging makes of it)
 */
function createAgents(sim, { HamsaError, validation, WHOLE_ENVELOPE, intParam, stringParam, pageOf }) {
  let agents = [];
  let tools = [];

  function reset(seed) {
    agents = seed.agents;
    tools = seed.webTools;
  }

  function agentById(id) {
    return agents.find((a) => a.id === id);
  }

  function toolById(id) {
    return tools.find((t) => t.id === id);
  }

  function mustFindAgent(id) {
    const agent = agentById(id);
    if (!agent) throw new HamsaError(404, 'Voice agent not found', 'VOICE_AGENT_NOT_FOUND');
    return agent;
  }

  function mustFindTool(id) {
    const tool = toolById(id);
    if (!tool) throw new HamsaError(404, 'Web tool not found', 'WEB_TOOL_NOT_FOUND');
    return tool;
  }

  /** The whole envelope with our message and no `data`, as Hamsa documents v2 update. */
  function message(text, messageKey) {
    return { [WHOLE_ENVELOPE]: { success: Boolean(sim.config.hamsaSuccessFlag), message: text, messageKey } };
  }

  // ───────────────────────────── checks ─────────────────────────────

  function checkString(value, field, { required = false, max } = {}) {
    if (value === undefined) {
      if (required) throw validation(`${field} is required`);
      return;
    }
    if (typeof value !== 'string') throw validation(`${field} must be a string`);
    if (required && !value.trim()) throw validation(`${field} must not be empty`);
    if (max !== undefined && value.length > max) throw validation(`${field} must be at most ${max} characters`);
  }

  function checkWebhook(body) {
    const url = body.webhookUrl;
    if (url !== undefined && url !== null && url !== '') {
      let ok = false;
      try {
        ok = typeof url === 'string' && ['http:', 'https:'].includes(new URL(url).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw validation('webhookUrl must be a valid URL');
    }
    const auth = body.webhookAuth;
    if (auth !== undefined && auth !== null && !(isPlainObject(auth) && Object.keys(auth).length === 0)) {
      if (!isPlainObject(auth) || typeof auth.authKey !== 'string' || typeof auth.authSecret !== 'string') {
        throw validation('webhookAuth must be {authKey, authSecret} (strings)');
      }
    }
  }

  function checkMaxCallDuration(value, field) {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 1) throw validation(`${field} must be a positive integer (seconds)`);
  }

  function checkObject(value, field) {
    if (value !== undefined && value !== null && !isPlainObject(value)) throw validation(`${field} must be an object`);
  }

  function checkToolIds(ids, field) {
    if (!Array.isArray(ids)) throw validation(`${field} must be a list of web tool ids`);
    for (const id of ids) {
      if (typeof id !== 'string' || !toolById(id)) throw validation(`${field}: web tool ${id} not found`);
    }
  }

  /** Checks a v2 body (create, or a partial update). */
  function checkV2(b, { creating }) {
    if (!isPlainObject(b)) throw validation('Request body must be a JSON object');
    checkString(b.name, 'name', { required: creating, max: 250 });
    if (!creating && b.name !== undefined && !b.name.trim()) throw validation('name must not be empty');
    for (const key of ['conversation', 'voice', 'llm', 'callSettings']) checkObject(b[key], key);
    const conversation = b.conversation || {};
    checkString(conversation.greetingMessage, 'conversation.greetingMessage');
    checkString(conversation.preamble, 'conversation.preamble');
    checkObject(conversation.params, 'conversation.params');
    const voice = b.voice || {};
    checkString(voice.voiceId, 'voice.voiceId');
    if (voice.lang !== undefined && (typeof voice.lang !== 'string' || !LANG.test(voice.lang))) {
      throw validation('voice.lang must be a language code like "en" or "ar"');
    }
    checkMaxCallDuration((b.callSettings || {}).maxCallDuration, 'callSettings.maxCallDuration');
    checkWebhook(b);
    checkObject(b.outcomeResponseShape, 'outcomeResponseShape');
    if (b.tools !== undefined) {
      if (!Array.isArray(b.tools) || !b.tools.every(isPlainObject)) throw validation('tools must be a list of objects');
      checkToolIds(b.tools.map((t) => t.toolId), 'tools');
    }
  }

  /** Checks a v1 (flat) partial update. */
  function checkV1(b) {
    if (!isPlainObject(b)) throw validation('Request body must be a JSON object');
    checkString(b.agentName, 'agentName', { max: 250 });
    if (b.agentName !== undefined && !b.agentName.trim()) throw validation('agentName must not be empty');
    checkString(b.greetingMessage, 'greetingMessage');
    checkString(b.preamble, 'preamble');
    checkString(b.voiceId, 'voiceId');
    if (b.lang !== undefined && (typeof b.lang !== 'string' || !LANG.test(b.lang))) {
      throw validation('lang must be a language code like "en" or "ar"');
    }
    checkObject(b.params, 'params');
    checkObject(b.llmConfig, 'llmConfig');
    checkObject(b.outcomeResponseShape, 'outcomeResponseShape');
    checkMaxCallDuration(b.maxCallDuration, 'maxCallDuration');
    if (b.userInactivityTimeout !== undefined && (!Number.isInteger(b.userInactivityTimeout) || b.userInactivityTimeout < 1)) {
      throw validation('userInactivityTimeout must be a positive integer (seconds)');
    }
    checkWebhook(b);
    if (b.webToolsIds !== undefined) checkToolIds(b.webToolsIds, 'webToolsIds');
  }

  // ───────────────────────────── agents ─────────────────────────────

  /** The agent as v1 answers it: flat. */
  function v1View(agent) {
    return {
      id: agent.id,
      agentName: agent.name,
      greetingMessage: agent.conversation.greetingMessage,
      preamble: agent.conversation.preamble,
      lang: agent.voice.lang,
      voiceId: agent.voice.voiceId,
      params: copy(agent.conversation.params || {}),
      llmConfig: copy(agent.llm || {}),
      maxCallDuration: agent.callSettings.maxCallDuration,
      userInactivityTimeout: agent.callSettings.userInactivityTimeout,
      webhookUrl: agent.webhookUrl,
      webhookAuth: copy(agent.webhookAuth || {}),
      webToolsIds: agent.tools.map((t) => t.toolId),
      outcomeResponseShape: copy(agent.outcomeResponseShape),
      createdAt: agent.createdAt,
      updatedAt: agent.updatedAt,
    };
  }

  function toolRefs(ids) {
    return ids.map((id) => {
      const tool = toolById(id);
      return { persistentId: tool.persistentId, toolId: tool.id, version: tool.version, toolType: tool.type, name: tool.name };
    });
  }

  function setWebhook(agent, b) {
    if (b.webhookUrl !== undefined) agent.webhookUrl = b.webhookUrl === '' ? null : b.webhookUrl;
    if (b.webhookAuth !== undefined) agent.webhookAuth = b.webhookAuth === null ? {} : copy(b.webhookAuth);
  }

  /** Applies a checked v2 body: nested objects merged one level deep, every field not sent kept. */
  function applyV2(agent, b) {
    if (b.name !== undefined) agent.name = b.name.trim();
    for (const key of ['conversation', 'voice', 'llm', 'callSettings']) {
      if (isPlainObject(b[key])) agent[key] = { ...agent[key], ...copy(b[key]) };
    }
    if (b.outcomeResponseShape !== undefined) agent.outcomeResponseShape = copy(b.outcomeResponseShape);
    if (b.tools !== undefined) agent.tools = toolRefs(b.tools.map((t) => t.toolId));
    setWebhook(agent, b);
    agent.updatedAt = nowIso();
  }

  function applyV1(agent, b) {
    if (b.agentName !== undefined) agent.name = b.agentName.trim();
    if (b.greetingMessage !== undefined) agent.conversation.greetingMessage = b.greetingMessage;
    if (b.preamble !== undefined) agent.conversation.preamble = b.preamble;
    if (b.params !== undefined) agent.conversation.params = copy(b.params || {});
    if (b.lang !== undefined) agent.voice.lang = b.lang;
    if (b.voiceId !== undefined) agent.voice.voiceId = b.voiceId;
    if (b.llmConfig !== undefined) agent.llm = { ...agent.llm, ...copy(b.llmConfig || {}) };
    if (b.maxCallDuration !== undefined) agent.callSettings.maxCallDuration = b.maxCallDuration;
    if (b.userInactivityTimeout !== undefined) agent.callSettings.userInactivityTimeout = b.userInactivityTimeout;
    if (b.outcomeResponseShape !== undefined) agent.outcomeResponseShape = copy(b.outcomeResponseShape);
    if (b.webToolsIds !== undefined) agent.tools = toolRefs(b.webToolsIds);
    setWebhook(agent, b);
    agent.updatedAt = nowIso();
  }

  /** A new agent: the seed's shape and defaults, then the body. */
  function newAgent(b) {
    const created = nowIso();
    const agent = {
      id: crypto.randomUUID(),
      type: 'Single Prompt',
      name: '',
      conversation: { greetingMessage: '', greetingMessageType: null, preamble: '', pokeMessages: ['Are you still there?'], params: {}, alignment: { greetingMessage: 'ltr', preamble: 'ltr' } },
      voice: { voiceId: 'en-US-Neural2-A', voiceRecordId: null, voiceRecord: null, lang: 'en', ttsParams: {} },
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
      webhookUrl: null,
      webhookAuth: {},
      outcomeResponseShape: null,
      createdAt: created,
      updatedAt: created,
    };
    applyV2(agent, b);
    agent.updatedAt = created;
    return agent;
  }

  function listAgents(ctx) {
    const skip = intParam(ctx.query, 'skip', { def: 0, min: 0 });
    const take = intParam(ctx.query, 'take', { def: 10, min: 1, max: 100 });
    const search = (stringParam(ctx.query, 'search') || '').trim().toLowerCase();
    const filtered = agents.filter((a) => !search || a.name.toLowerCase().includes(search));
    return { total: agents.length, filtered: filtered.length, voiceAgents: pageOf(filtered, skip, take).map(copy) };
  }

  function getAgentV2(ctx) {
    return copy(mustFindAgent(ctx.params.id));
  }

  function getAgentV1(ctx) {
    return v1View(mustFindAgent(ctx.params.id));
  }

  function createAgent(ctx) {
    checkV2(ctx.body, { creating: true });
    const agent = newAgent(ctx.body);
    agents.push(agent);
    return copy(agent);
  }

  function updateAgentV2(ctx) {
    const agent = mustFindAgent(ctx.params.id);
    checkV2(ctx.body, { creating: false });
    applyV2(agent, ctx.body);
    return message('Voice agent updated successfully', 'VoiceAgentUpdatedSuccessfully');
  }

  function updateAgentV1(ctx) {
    const agent = mustFindAgent(ctx.params.id);
    checkV1(ctx.body);
    applyV1(agent, ctx.body);
    return v1View(agent);
  }

  /** DELETE, which Hamsa does not document: answered as config `hamsaDeletes` says. */
  function deleteOr(ctx, remove) {
    const mode = sim.config.hamsaDeletes;
    if (mode === 'methodNotAllowed') throw new HamsaError(405, 'Method not allowed', 'METHOD_NOT_ALLOWED');
    if (mode !== 'supported') throw new HamsaError(404, `Cannot ${ctx.method} ${ctx.path}`, 'NOT_FOUND');
    return remove();
  }

  function deleteAgent(ctx) {
    return deleteOr(ctx, () => {
      const agent = mustFindAgent(ctx.params.id);
      agents.splice(agents.indexOf(agent), 1);
      return message('Voice agent deleted successfully', 'VoiceAgentDeletedSuccessfully');
    });
  }

  // ───────────────────────────── web tools ─────────────────────────────

  /** Checks a web-tool body; on create the documented required fields must be there. */
  function checkTool(b, { creating }) {
    if (!isPlainObject(b)) throw validation('Request body must be a JSON object');
    if (creating || b.type !== undefined) {
      if (!TOOL_TYPES.includes(b.type)) throw validation(`type must be one of ${TOOL_TYPES.join(', ')}`);
    }
    checkString(b.name, 'name', { required: creating, max: 250 });
    checkString(b.description, 'description', { required: creating, max: 1000 });
    if (creating && b.type === 'FUNCTION' && typeof b.async !== 'boolean') throw validation('async is required for a FUNCTION tool');
    if (b.async !== undefined && typeof b.async !== 'boolean') throw validation('async must be a boolean');
    checkObject(b.toolSettings, 'toolSettings');
    const settings = b.toolSettings || {};
    if (settings.methodType !== undefined && !METHODS.includes(settings.methodType)) {
      throw validation(`toolSettings.methodType must be one of ${METHODS.join(', ')}`);
    }
    if (settings.timeOut !== undefined && (typeof settings.timeOut !== 'number' || settings.timeOut <= 0)) {
      throw validation('toolSettings.timeOut must be a number of seconds');
    }
    if (b.messages !== undefined && !Array.isArray(b.messages)) throw validation('messages must be a list');
    checkObject(b.params, 'params');
    if (b.isActive !== undefined && typeof b.isActive !== 'boolean') throw validation('isActive must be a boolean');
  }

  function applyTool(tool, b) {
    for (const key of ['type', 'name', 'description', 'async', 'collectionId', 'isActive']) {
      if (b[key] !== undefined) tool[key] = b[key];
    }
    if (b.toolSettings) {
      const { timeOut, ...rest } = b.toolSettings;
      tool.toolSettings = { ...tool.toolSettings, ...copy(rest) };
      // Seconds in the request, milliseconds in the answer (as documented).
      if (timeOut !== undefined) tool.toolSettings.timeout = Math.round(timeOut * 1000);
    }
    if (b.messages !== undefined) tool.messages = copy(b.messages);
    if (b.params !== undefined) tool.params = copy(b.params);
    tool.updatedAt = nowIso();
  }

  function createTool(ctx) {
    checkTool(ctx.body, { creating: true });
    const created = nowIso();
    const tool = {
      id: crypto.randomUUID(),
      persistentId: crypto.randomUUID(),
      version: 1,
      name: '',
      description: '',
      type: 'FUNCTION',
      isActive: true,
      async: false,
      collectionId: null,
      toolSettings: { serverUrl: null, methodType: 'POST', authToken: null, timeout: 10000, httpHeaders: {}, pathParameters: {} },
      messages: [],
      params: { type: 'object', properties: {}, required: [] },
      createdAt: created,
      updatedAt: created,
    };
    applyTool(tool, ctx.body);
    tool.updatedAt = created;
    tools.push(tool);
    return {
      [WHOLE_ENVELOPE]: {
        success: Boolean(sim.config.hamsaSuccessFlag),
        message: 'Web tool created successfully',
        messageKey: 'WebToolCreatedSuccessfully',
        data: copy(tool),
      },
    };
  }

  function listTools(ctx) {
    // `skip` is a page number from 1 here (docs: list-web-tools).
    const page = intParam(ctx.query, 'skip', { def: 1, min: 1 });
    const take = intParam(ctx.query, 'take', { def: 10, min: 1, max: 100 });
    const search = (stringParam(ctx.query, 'search') || '').trim().toLowerCase();
    const type = stringParam(ctx.query, 'type');
    if (type !== undefined && type !== '' && !TOOL_TYPES.includes(type)) throw validation(`type must be one of ${TOOL_TYPES.join(', ')}`);
    const isActive = stringParam(ctx.query, 'isActive');
    if (isActive !== undefined && isActive !== '' && !['true', 'false'].includes(isActive)) throw validation('isActive must be true or false');
    const agentId = stringParam(ctx.query, 'voiceAgentId');
    const agent = agentId ? agentById(agentId) : undefined;
    const attached = agent ? new Set(agent.tools.map((t) => t.toolId)) : undefined;
    const filtered = tools.filter(
      (t) =>
        (!agentId || (attached !== undefined && attached.has(t.id))) &&
        (!search || t.name.toLowerCase().includes(search)) &&
        (!type || t.type === type) &&
        (!isActive || String(t.isActive) === isActive),
    );
    return { items: pageOf(filtered, (page - 1) * take, take).map(copy), total: tools.length, filtered: filtered.length };
  }

  function getTool(ctx) {
    return copy(mustFindTool(ctx.params.id));
  }

  function updateTool(ctx) {
    const tool = mustFindTool(ctx.params.id);
    checkTool(ctx.body, { creating: false });
    applyTool(tool, ctx.body);
    tool.version += 1;
    for (const agent of agents) {
      for (const ref of agent.tools) if (ref.toolId === tool.id) Object.assign(ref, { version: tool.version, name: tool.name, toolType: tool.type });
    }
    return copy(tool);
  }

  function deleteTool(ctx) {
    return deleteOr(ctx, () => {
      const tool = mustFindTool(ctx.params.id);
      tools.splice(tools.indexOf(tool), 1);
      for (const agent of agents) agent.tools = agent.tools.filter((t) => t.toolId !== tool.id);
      return message('Web tool deleted successfully', 'WebToolDeletedSuccessfully');
    });
  }

  // Specific paths before `:id`, so "web-tool" is never read as an agent id.
  const routes = [
    ['POST', '/v2/voice-agents/web-tool', createTool],
    ['POST', '/v1/voice-agents/web-tool', createTool],
    ['GET', '/v2/voice-agents/web-tool/list', listTools],
    ['GET', '/v1/voice-agents/web-tool/:id', getTool],
    ['GET', '/v2/voice-agents/web-tool/:id', getTool],
    ['PATCH', '/v1/voice-agents/web-tool/:id', updateTool],
    ['PATCH', '/v2/voice-agents/web-tool/:id', updateTool],
    ['DELETE', '/v1/voice-agents/web-tool/:id', deleteTool],
    ['DELETE', '/v2/voice-agents/web-tool/:id', deleteTool],
    ['GET', '/v2/voice-agents', listAgents],
    ['POST', '/v2/voice-agents', createAgent],
    ['GET', '/v2/voice-agents/:id', getAgentV2],
    ['GET', '/v1/voice-agents/:id', getAgentV1],
    ['PATCH', '/v2/voice-agents/:id', updateAgentV2],
    ['PATCH', '/v1/voice-agents/:id', updateAgentV1],
    ['DELETE', '/v2/voice-agents/:id', deleteAgent],
    ['DELETE', '/v1/voice-agents/:id', deleteAgent],
  ];

  return {
    routes,
    reset,
    agentById,
    toolById,
    get agents() {
      return agents;
    },
    get webTools() {
      return tools;
    },
  };
}

module.exports = { createAgents };
