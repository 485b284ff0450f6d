'use strict';

// The shapes the Hamsa API shows of one call record: the job returned when a
// call starts, the full conversation, and a minimal-list row. Live and seeded
// historical calls share one record shape so every view works for both.

const { PROJECT_ID, API_KEY_ID, transcriptFor, outcomeFor, wasAnswered } = require('./hamsa-seed');

const RECORDING_BASE = 'https://cdn.tryhamsa.com/recordings';

function iso(ms) {
  return new Date(ms).toISOString();
}

/** Turns a seeded historical call into the same record shape as a live call. */
function historicalRecord(h, agent, recordingBase = RECORDING_BASE) {
  const lines = transcriptFor(h.agentName, h.status, h.params);
  const ended = !['PENDING', 'IN_PROGRESS'].includes(h.status);
  const answered = wasAnswered(h.status);
  const appointment = iso(h.createdMs + 3 * 86400000).slice(0, 10) + 'T15:00:00.000Z';
  return {
    ...h,
    lang: agent ? agent.voice.lang : 'en',
    updatedMs: h.createdMs + h.callDuration * 1000,
    transcription: lines,
    outcomeResult: ended ? outcomeFor(h.status, h.params, appointment) : null,
    mediaUrl: ended && answered ? `${recordingBase}/${h.id}.mp3` : null,
    logs: [],
    eventsSent: [],
  };
}

function tools() {
  const workday = [[{ from: '09:00', to: '17:00' }]];
  return {
    id: 'b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d',
    calendarName: null,
    accessToken: null,
    refreshToken: null,
    freeSlots: { Monday: workday, Tuesday: workday, Wednesday: workday, Thursday: workday, Friday: workday, Saturday: [], Sunday: [] },
    meetingDuration: 30,
    timezone: 'UTC',
    voiceAgentToolsId: null,
    calendarId: null,
    eventTitle: 'Appointment',
  };
}

function agentDetails(call, agent) {
  return {
    id: agent ? agent.id : call.voiceAgentId,
    agentName: call.agentName,
    greetingMessage: agent ? agent.conversation.greetingMessage : '',
    description: agent ? `${agent.name} voice agent` : '',
    preamble: agent ? agent.conversation.preamble : '',
    lang: call.lang,
    pokeMessages: agent ? agent.conversation.pokeMessages.slice() : [],
    realTime: true,
    silenceThreshold: agent ? agent.callSettings.silenceThreshold : 800,
    interrupt: true,
    outcome: 'Collect whether the person is interested and an appointment time.',
    projectId: PROJECT_ID,
    apiKeyId: API_KEY_ID,
    voiceRecordId: null,
    voiceRecord: {},
    tools: tools(),
    params: { ...call.params },
    createdAt: agent ? agent.createdAt : iso(call.createdMs),
    updatedAt: agent ? agent.updatedAt : iso(call.createdMs),
  };
}

/** The call job as POST /v1/voice-agents/twilio/call returns it (Hamsa's "Start a Twilio call" reference page). */
function jobView(call, agent) {
  return {
    id: call.id,
    title: `Call to ${call.callParams.userNumber}`,
    model: 'gpt-4o',
    type: 'VOICE_AGENTS',
    processingType: 'real-time',
    webhookUrl: call.webhookUrl,
    totalCost: Math.round(call.callDuration * 0.25) / 100,
    usageTime: String(call.callDuration),
    fromLng: call.lang,
    toLng: call.lang,
    mediaUrl: call.mediaUrl,
    jobResponse: {},
    fromScript: null,
    toScript: null,
    status: call.status,
    relevantJobId: null,
    callParams: { ...call.callParams },
    agentDetails: agentDetails(call, agent),
    apiKeyId: API_KEY_ID,
    billingId: '5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    systemModelKey: 'gpt-4o',
    voiceAgentId: call.voiceAgentId,
    createdAt: iso(call.createdMs),
    updatedAt: iso(call.updatedMs),
  };
}

/**
 * The call as GET /v1/voice-agents/conversation/:id returns it: the documented
 * fields, plus transcription/outcomeResult (top level and in jobResponse),
 * whose location the public docs do not show.
 */
function conversationView(call, agent) {
  const ended = !['PENDING', 'IN_PROGRESS'].includes(call.status);
  const answered = wasAnswered(call.status);
  return {
    id: call.id,
    model: 'gpt-4o',
    agentDetails: agentDetails(call, agent),
    jobResponse: ended ? { transcription: call.transcription.slice(), outcomeResult: call.outcomeResult } : {},
    status: call.status,
    type: 'VOICE_AGENTS',
    processingType: 'real-time',
    voiceAgentId: call.voiceAgentId,
    apiKeyId: API_KEY_ID,
    createdAt: iso(call.createdMs),
    updatedAt: iso(call.updatedMs),
    title: `Call to ${call.callParams.userNumber}`,
    mediaUrl: call.mediaUrl,
    callParams: { ...call.callParams },
    toNumber: call.callParams.userNumber,
    fromNumber: call.callParams.machineNumber,
    callDuration: call.callDuration,
    channelType: 'TELEPHONE',
    callAnalysis: ended
      ? {
          summary: answered
            ? `${call.agentName} spoke with the customer; the call ended as ${call.status}.`
            : `The call ended as ${call.status} without a conversation.`,
          sentiment: call.status === 'COMPLETED' ? 'positive' : 'neutral',
          callSuccessful: call.status === 'COMPLETED',
          endedReason: call.status,
        }
      : {},
    voiceAgent: {
      id: call.voiceAgentId,
      name: agent ? agent.name : call.agentName,
      voiceAgentWebTools: [],
      webTools: {},
      voiceAgentKnowledgeBases: [],
    },
    logs: call.logs.map((l) => ({ ...l })),
    transcription: call.transcription.slice(),
    outcomeResult: call.outcomeResult,
    webhookUrl: call.webhookUrl,
    performanceMetrics: {},
  };
}

/** One row of GET /v1/voice-agents/conversations/minimal-list (docs: list-minimal-calls). */
function minimalView(call) {
  return {
    id: call.id,
    createdAt: iso(call.createdMs),
    status: call.status,
    voiceAgentId: call.voiceAgentId,
    agentName: call.agentName,
    duration: call.callDuration,
    channelType: 'Telephone',
    callParams: { ...call.callParams },
  };
}

module.exports = { RECORDING_BASE, historicalRecord, jobView, conversationView, minimalView };
