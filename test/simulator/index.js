'use strict';

// Entry point of the local simulator of HotTask and Hamsa. See README.md in
// this folder for the API, control endpoints and behaviours.

const { Simulator } = require('./simulator');
const { DEFAULT_HOTTASK_KEY, DEFAULT_HAMSA_KEY, DEFAULT_CHATBOT_ID, SECOND_CHATBOT_ID, CALL_STATUSES, FRAMINGS } = require('./config');
const { FIRST_AGENT_ID, AGENT_WEBHOOK_AUTH } = require('./hamsa-seed');

/**
 * Starts the simulator on 127.0.0.1 (port 0 = a free port).
 * Options: port, host, seedNow, and any config key (hotTaskKey, hamsaKey,
 * latencyMs, callDurationMs, callOutcome, stream, ...).
 */
async function startSimulator(options = {}) {
  const sim = new Simulator(options);
  await sim.listen(options.port === undefined ? 0 : options.port, options.host || '127.0.0.1');
  return sim;
}

module.exports = {
  startSimulator,
  Simulator,
  DEFAULT_HOTTASK_KEY,
  DEFAULT_HAMSA_KEY,
  DEFAULT_CHATBOT_ID,
  SECOND_CHATBOT_ID,
  DEFAULT_VOICE_AGENT_ID: FIRST_AGENT_ID,
  AGENT_WEBHOOK_SECRET: AGENT_WEBHOOK_AUTH.authSecret,
  DEFAULT_TWILIO_NUMBER: '+14155550100',
  CALL_STATUSES,
  FRAMINGS,
};
