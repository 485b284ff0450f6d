'use strict';

// HotTask chatbots' knowledge and settings (see docs/services.md "Knowledge
// and chatbot settings"): GetSource, EditKnowledge, Add and Edit, and the
// answers a chatbot gives from its Q&A pairs and its Answer Suffix.
//
// Whether EditKnowledge's lists replace what the chatbot has or add to it is
// not documented, so the simulator plays both (config `editKnowledge`):
//   'replace' (default): a list that is sent becomes the chatbot's list;
//   'add': a list that is sent is merged into the chatbot's list (by question,
//          URL or file id; a question already there gets the new answer), so
//          nothing can be taken away through the API.
// Lists not sent are left alone in both modes. `text` is "text content to
// add" in HotTask's guide: it is appended in both modes.

const crypto = require('crypto');

const SYNC_DAYS = [1, 7, 30];
// Files that are part of the default chatbot's knowledge from the start.
const SEEDED_KNOWLEDGE_FILE_ID = 1030;

class KnowledgeBadField extends Error {}

function bad(message) {
  return new KnowledgeBadField(message);
}

function isHttpUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** "What are your opening hours?" and "what are your opening hours" are the same question. */
function normaliseQuestion(text) {
  return String(text).trim().toLowerCase().replace(/[\s?!.¿؟]+$/u, '').replace(/\s+/g, ' ');
}

function emptyKnowledge() {
  return { text: [], qa: [], websites: [], files: [], googleSheetUrl: '', sitemap: { url: '', enabled: false, days: 0 } };
}

function defaultSettings(serialNumber, timeZone = 'UTC') {
  return { Name: `Chatbot ${serialNumber.slice(-4)}`, Model: '2', SystemMessage: '', Temperature: 0.7, TimeZone: timeZone, AnswerSuffix: '' };
}

/** The default chatbot starts with one source of each kind, so a write that drops any of them shows. */
function seededKnowledge() {
  return {
    text: ['HotTask Demo Bakery bakes bread, cakes and pastries every morning.'],
    qa: [
      { key: 'Do you deliver on Sundays?', value: 'Yes, between 9:00 and 13:00.' },
      { key: 'Is there parking?', value: 'Yes, behind the shop.' },
    ],
    websites: [{ url: 'https://bakery.example.com/about', retrain: false, trainedAt: 0 }],
    files: [String(SEEDED_KNOWLEDGE_FILE_ID)],
    googleSheetUrl: '',
    sitemap: { url: '', enabled: false, days: 0 },
  };
}

function createKnowledge(sim, { files: filesOf, knownChatbot }) {
  // The uploaded files' Map (hottask.js replaces it on reset, so it is looked up each time).
  const files = {
    get: (id) => filesOf().get(id),
    set: (id, file) => filesOf().set(id, file),
  };
  let state;

  function reset() {
    state = { bots: new Map(), created: [] };
    const [first, ...others] = sim.config.chatbots;
    if (first) state.bots.set(first, { settings: defaultSettings(first), knowledge: seededKnowledge() });
    for (const id of others) state.bots.set(id, { settings: defaultSettings(id), knowledge: emptyKnowledge() });
    files.set(SEEDED_KNOWLEDGE_FILE_ID, { fileName: 'price-list.pdf', uploaded: true, bytes: 0 });
  }

  function isChatbot(serialNumber) {
    return state.created.includes(serialNumber) || knownChatbot(serialNumber);
  }

  /** The chatbot's record, made on first use for a configured chatbot added after the start. */
  function bot(serialNumber) {
    if (!isChatbot(serialNumber)) return undefined;
    if (!state.bots.has(serialNumber)) state.bots.set(serialNumber, { settings: defaultSettings(serialNumber), knowledge: emptyKnowledge() });
    return state.bots.get(serialNumber);
  }

  function fileName(id) {
    const file = files.get(Number(id));
    return file ? file.fileName : undefined;
  }

  /** GetSource's Data: the simulator's pick of a shape (the real one is not published). */
  function sourcesOf(knowledge) {
    return {
      Text: knowledge.text.join('\n\n'),
      QaList: knowledge.qa.map(({ key, value }) => ({ Key: key, Value: value })),
      WebsiteList: knowledge.websites.map(({ url }) => ({ Url: url, Status: 'Trained' })),
      FileList: knowledge.files.map((id) => ({ FileStoreId: id, FileName: fileName(id) || '' })),
      GoogleSheetUrl: knowledge.googleSheetUrl,
      SiteMapUrl: knowledge.sitemap.url,
      EnableSyncSiteMap: knowledge.sitemap.enabled,
      SyncSiteMapDays: knowledge.sitemap.days,
    };
  }

  function requireSerial(body) {
    const v = body.serialNumber;
    if (typeof v !== 'string' || v.trim() === '') throw bad('serialNumber is required');
    return v;
  }

  function getSource(body) {
    const found = bot(requireSerial(body));
    if (!found) return { fail: [404, 'Chatbot not found'] };
    return { data: sourcesOf(found.knowledge) };
  }

  function readQaList(list) {
    if (!Array.isArray(list)) throw bad('qaList must be an array of {key, value}');
    return list.map((entry, i) => {
      if (!entry || typeof entry.key !== 'string' || !entry.key.trim()) throw bad(`qaList[${i}].key is required`);
      if (typeof entry.value !== 'string' || !entry.value.trim()) throw bad(`qaList[${i}].value is required`);
      return { key: entry.key, value: entry.value };
    });
  }

  function readWebsiteList(list) {
    if (!Array.isArray(list)) throw bad('websiteList must be an array of {url, retrain}');
    return list.map((entry, i) => {
      if (!entry || typeof entry.url !== 'string' || !isHttpUrl(entry.url)) throw bad(`websiteList[${i}].url must be an http(s) URL`);
      if (entry.retrain !== undefined && typeof entry.retrain !== 'boolean') throw bad(`websiteList[${i}].retrain must be a boolean`);
      return { url: entry.url, retrain: entry.retrain === true };
    });
  }

  function readFileList(list) {
    if (!Array.isArray(list)) throw bad('fileList must be an array of file ids (strings)');
    return list.map((id, i) => {
      if (typeof id !== 'string' || !/^\d+$/.test(id)) throw bad(`fileList[${i}] must be a file id as a string`);
      const file = files.get(Number(id));
      if (!file) throw bad(`fileList[${i}]: file ${id} not found`);
      if (!file.uploaded) throw bad(`fileList[${i}]: file ${id} was never uploaded`);
      return id;
    });
  }

  /** Replace or merge `given` into `current` by `keyOf`; in merge mode a given entry updates the one with its key. */
  function apply(current, given, keyOf, mode) {
    if (mode === 'replace') return given;
    const out = current.slice();
    for (const entry of given) {
      const at = out.findIndex((existing) => keyOf(existing) === keyOf(entry));
      if (at >= 0) out[at] = entry;
      else out.push(entry);
    }
    return out;
  }

  function editKnowledge(body) {
    const serialNumber = requireSerial(body);
    // Every field is checked before anything changes.
    const qa = body.qaList === undefined || body.qaList === null ? undefined : readQaList(body.qaList);
    const websites = body.websiteList === undefined || body.websiteList === null ? undefined : readWebsiteList(body.websiteList);
    const fileIds = body.fileList === undefined || body.fileList === null ? undefined : readFileList(body.fileList);
    if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') throw bad('text must be a string');
    if (body.googleSheetUrl !== undefined && body.googleSheetUrl !== null && body.googleSheetUrl !== '' && !isHttpUrl(body.googleSheetUrl)) {
      throw bad('googleSheetUrl must be an http(s) URL');
    }
    if (body.isRetrainGoogleSheet !== undefined && typeof body.isRetrainGoogleSheet !== 'boolean') throw bad('isRetrainGoogleSheet must be a boolean');
    if (body.SiteMapUrl !== undefined && body.SiteMapUrl !== null && body.SiteMapUrl !== '' && !isHttpUrl(body.SiteMapUrl)) {
      throw bad('SiteMapUrl must be an http(s) URL');
    }
    if (body.EnableSyncSiteMap !== undefined && typeof body.EnableSyncSiteMap !== 'boolean') throw bad('EnableSyncSiteMap must be a boolean');
    if (body.EnableSyncSiteMap === true && !SYNC_DAYS.includes(body.SyncSiteMapDays)) {
      throw bad('SyncSiteMapDays must be 1, 7 or 30 when EnableSyncSiteMap is true');
    }
    const found = bot(serialNumber);
    if (!found) return { fail: [404, 'Chatbot not found'] };

    const mode = sim.config.editKnowledge;
    const k = found.knowledge;
    if (typeof body.text === 'string' && body.text.trim()) k.text.push(body.text);
    if (qa) k.qa = apply(k.qa, qa, (entry) => normaliseQuestion(entry.key), mode);
    if (websites) {
      const now = Date.now();
      const trained = websites.map((w) => {
        const before = k.websites.find((existing) => existing.url === w.url);
        return { url: w.url, retrain: w.retrain, trainedAt: !before || w.retrain ? now : before.trainedAt };
      });
      k.websites = apply(k.websites, trained, (entry) => entry.url, mode);
    }
    if (fileIds) k.files = apply(k.files, fileIds, (id) => id, mode);
    if (typeof body.googleSheetUrl === 'string' && body.googleSheetUrl) k.googleSheetUrl = body.googleSheetUrl;
    if (typeof body.SiteMapUrl === 'string' && body.SiteMapUrl) {
      k.sitemap = {
        url: body.SiteMapUrl,
        enabled: body.EnableSyncSiteMap === true,
        days: body.EnableSyncSiteMap === true ? body.SyncSiteMapDays : 0,
      };
    }
    return { data: null };
  }

  function addChatbot(body) {
    const timeZone = body.timeZone;
    if (typeof timeZone !== 'string' || !timeZone.trim()) throw bad('timeZone is required');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw bad('timeZone must be an IANA time zone');
    }
    if (body.type === undefined || body.type === null) throw bad('type is required');
    if (body.type !== 0) throw bad('type must be 0 (generic)');
    const serialNumber = crypto.randomBytes(16).toString('hex');
    state.created.push(serialNumber);
    const settings = defaultSettings(serialNumber, timeZone);
    state.bots.set(serialNumber, { settings, knowledge: emptyKnowledge() });
    return { data: { SerialNumber: serialNumber, Type: 0, ...settings } };
  }

  const SETTING_TYPES = { Name: 'string', Model: 'string', SystemMessage: 'string', Temperature: 'number', TimeZone: 'string', AnswerSuffix: 'string' };

  function editChatbot(body, models) {
    const serialNumber = requireSerial(body);
    const changes = {};
    for (const [key, type] of Object.entries(SETTING_TYPES)) {
      if (body[key] === undefined) continue;
      if (typeof body[key] !== type) throw bad(`${key} must be a ${type}`);
      changes[key] = body[key];
    }
    if (changes.Model !== undefined && !models.some((m) => m.Key === changes.Model)) throw bad(`Model ${changes.Model} is not in the model list`);
    if (changes.Temperature !== undefined && (changes.Temperature < 0 || changes.Temperature > 2)) throw bad('Temperature must be between 0 and 2');
    if (changes.TimeZone !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: changes.TimeZone });
      } catch {
        throw bad('TimeZone must be an IANA time zone');
      }
    }
    if (changes.Name !== undefined && !changes.Name.trim()) throw bad('Name must not be empty');
    const found = bot(serialNumber);
    if (!found) return { fail: [404, 'Chatbot not found'] };
    Object.assign(found.settings, changes);
    return { data: null };
  }

  /** The chatbot's answer from its knowledge: a Q&A pair asked again gives its answer; the Answer Suffix follows any answer. */
  function answerFromKnowledge(serialNumber, question, fallback) {
    const found = state.bots.get(serialNumber);
    if (!found) return fallback();
    const asked = normaliseQuestion(question);
    const pair = asked ? found.knowledge.qa.find((entry) => normaliseQuestion(entry.key) === asked) : undefined;
    const answer = pair ? pair.value : fallback();
    const suffix = found.settings.AnswerSuffix;
    return suffix ? `${answer}\n\n${suffix}` : answer;
  }

  return {
    reset,
    isChatbot,
    getSource,
    editKnowledge,
    addChatbot,
    editChatbot,
    answerFromKnowledge,
    KnowledgeBadField,
    /** Chatbot id → {settings, knowledge} (knowledge: {text[], qa[{key, value}], websites[{url, retrain, trainedAt}], files[id strings], googleSheetUrl, sitemap {url, enabled, days}}). */
    get chatbots() {
      return state.bots;
    },
  };
}

module.exports = { createKnowledge, normaliseQuestion, SEEDED_KNOWLEDGE_FILE_ID };
