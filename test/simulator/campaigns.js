'use strict';

// Hamsa campaigns (bulk calls): stored, and "send now" campaigns played on a
// compressed clock. Each recipient is called through the CallManager (so its
// calls send the same webhook events as any call, to the voice agent's webhook,
// carrying campaignId and campaignRecipientId), at most `reservedConcurrency`
// at a time, and failed / unanswered recipients are called again up to
// `maxAttempts`. Scheduled campaigns are stored and stay SCHEDULED: the
// simulator does not wait for their date. Calling hours are stored, not enforced.
//
// Pace (config): campaignStartDelayMs (Hamsa picks a "send now" campaign up
// within a minute), campaignRetryDelayMs, campaignMaxAttempts,
// campaignConcurrency (when the campaign reserves none), campaignOutcomes
// ({ "+1415…": ["NO_ANSWER", "COMPLETED"] }: one planned status per attempt;
// otherwise callOutcome), agentWebhook ({webhookUrl, webhookAuth}: the agent's
// webhook as set in Hamsa's dashboard, where campaign calls report).

const crypto = require('crypto');

const FINAL_RECIPIENT = ['COMPLETED', 'FAILED', 'NO_ANSWER', 'TERMINATED'];
const RETRIED = ['FAILED', 'NO_ANSWER'];

/** The group a recipient is listed under in Get campaign: its status in camel case. */
function groupOf(status) {
  return status.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

class CampaignManager {
  constructor(sim, calls, agentById) {
    this.sim = sim;
    this.calls = calls;
    this.agentById = agentById;
    this.campaigns = new Map();
    this.timers = new Set();
  }

  create(body, agent) {
    const now = Date.now();
    const config = this.sim.config;
    const campaign = {
      id: crypto.randomUUID(),
      name: body.name,
      status: 'SCHEDULED',
      voiceAgentId: agent.id,
      phoneNumber: body.phoneNumber,
      sendType: body.sendType,
      scheduledDate: body.scheduledDate || null,
      scheduledTimezone: body.scheduledTimezone || null,
      timeRange: body.timeRange || null,
      reservedConcurrency: body.reservedConcurrency || null,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      recipients: body.recipients.map((r) => {
        const { phoneNumber, name, ignoreE164Validation, ...dynamicVariables } = r;
        return {
          id: crypto.randomUUID(),
          phoneNumber,
          name: name === undefined ? null : name,
          dynamicVariables,
          status: 'PENDING',
          attempts: 0,
          maxAttempts: config.campaignMaxAttempts,
          nextRetryAt: null,
          jobId: null,
          lastError: null,
          completedAt: null,
        };
      }),
    };
    this.campaigns.set(campaign.id, campaign);
    if (campaign.sendType === 'NOW') this.later(config.campaignStartDelayMs, () => this.begin(campaign));
    return campaign;
  }

  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, Math.round(ms)));
    timer.unref();
    this.timers.add(timer);
  }

  begin(campaign) {
    if (this.campaigns.get(campaign.id) !== campaign || campaign.status !== 'SCHEDULED') return;
    campaign.status = 'RUNNING';
    this.touch(campaign);
    this.pump(campaign);
  }

  touch(campaign) {
    campaign.updatedAt = new Date().toISOString();
  }

  /** Starts as many due recipients as the concurrency allows; completes the campaign when all are final. */
  pump(campaign) {
    if (this.campaigns.get(campaign.id) !== campaign || campaign.status !== 'RUNNING') return;
    const config = this.sim.config;
    const limit = campaign.reservedConcurrency || config.campaignConcurrency;
    const now = Date.now();
    let busy = campaign.recipients.filter((r) => r.status === 'IN_PROGRESS' || r.status === 'QUEUED').length;
    for (const recipient of campaign.recipients) {
      if (busy >= limit) break;
      if (recipient.status !== 'PENDING') continue;
      if (recipient.nextRetryAt && Date.parse(recipient.nextRetryAt) > now) continue;
      busy++;
      this.call(campaign, recipient);
    }
    if (campaign.recipients.every((r) => FINAL_RECIPIENT.includes(r.status))) {
      campaign.status = 'COMPLETED';
      this.touch(campaign);
      return;
    }
    const waiting = campaign.recipients.filter((r) => r.status === 'PENDING' && r.nextRetryAt);
    if (busy < limit && waiting.length) {
      const next = Math.min(...waiting.map((r) => Date.parse(r.nextRetryAt)));
      this.later(next - now, () => this.pump(campaign));
    }
  }

  call(campaign, recipient) {
    const config = this.sim.config;
    const agent = this.agentById(campaign.voiceAgentId);
    const planned = (config.campaignOutcomes || {})[recipient.phoneNumber];
    const plannedOutcome = Array.isArray(planned) ? planned[Math.min(recipient.attempts, planned.length - 1)] : undefined;
    const webhook = config.agentWebhook || { webhookUrl: agent.webhookUrl, webhookAuth: agent.webhookAuth };
    recipient.attempts++;
    recipient.status = 'IN_PROGRESS';
    recipient.nextRetryAt = null;
    const call = this.calls.start(
      agent,
      {
        toNumber: recipient.phoneNumber,
        twilioPhoneNumber: campaign.phoneNumber,
        params: { ...(recipient.name ? { name: recipient.name } : {}), ...recipient.dynamicVariables },
        webhookUrl: webhook.webhookUrl,
        webhookAuth: webhook.webhookAuth && Object.keys(webhook.webhookAuth).length ? webhook.webhookAuth : null,
      },
      {
        plannedOutcome,
        campaignId: campaign.id,
        campaignRecipientId: recipient.id,
        onEnded: (ended) => this.recipientCallEnded(campaign, recipient, ended),
      },
    );
    recipient.jobId = call.id;
    this.touch(campaign);
  }

  recipientCallEnded(campaign, recipient, call) {
    if (this.campaigns.get(campaign.id) !== campaign) return;
    const status = call.status;
    if (RETRIED.includes(status) && recipient.attempts < recipient.maxAttempts) {
      recipient.status = 'PENDING';
      recipient.lastError = status === 'NO_ANSWER' ? 'No answer' : 'Call failed';
      recipient.nextRetryAt = new Date(Date.now() + this.sim.config.campaignRetryDelayMs).toISOString();
    } else {
      recipient.status = ['COMPLETED', 'FORWARDED'].includes(status) ? 'COMPLETED' : status;
      if (recipient.status !== 'COMPLETED') recipient.lastError = status === 'NO_ANSWER' ? 'No answer' : status === 'FAILED' ? 'Call failed' : 'Call terminated';
      recipient.completedAt = new Date().toISOString();
    }
    this.touch(campaign);
    this.pump(campaign);
  }

  /** Get campaign: the campaign with its recipients grouped by state. */
  view(campaign) {
    const { recipients, ...rest } = campaign;
    const grouped = {};
    for (const status of ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'NO_ANSWER']) grouped[groupOf(status)] = [];
    for (const r of recipients) {
      const group = groupOf(r.status);
      (grouped[group] = grouped[group] || []).push(JSON.parse(JSON.stringify(r)));
    }
    return { ...JSON.parse(JSON.stringify(rest)), totalRecipients: recipients.length, recipients: grouped };
  }

  /** List campaigns: the campaign without its recipients, with their count. */
  summary(campaign) {
    const { recipients, ...rest } = campaign;
    return { ...JSON.parse(JSON.stringify(rest)), totalRecipients: recipients.length };
  }

  stopAll() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.campaigns.clear();
  }
}

module.exports = { CampaignManager };
