'use strict';

// /__sim/* endpoints: the same controls as the JS API, for callers in another
// process (the e2e suite driving a real n8n, the demo). They are never
// recorded as service requests and need no auth.

const { send, readBody } = require('./http-util');

function serialiseCall(call) {
  const { webhookAuth, ...rest } = call;
  return { ...rest, createdAt: new Date(call.createdMs).toISOString(), hasWebhookAuth: Boolean(webhookAuth) };
}

async function handleControl(sim, req, res, method, path) {
  let body;
  try {
    const raw = await readBody(req);
    body = raw ? JSON.parse(raw) : undefined;
  } catch (err) {
    return send(res, 400, { error: err.code === 'BODY_TOO_LARGE' ? 'Body too large' : 'Body must be valid JSON' });
  }
  const key = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (key) {
      case 'GET /__sim/health':
        return send(res, 200, { ok: true, url: sim.url, hotTaskKey: sim.config.hotTaskKey, hamsaKey: sim.config.hamsaKey });
      case 'GET /__sim/requests':
        return send(res, 200, sim.requests);
      case 'DELETE /__sim/requests':
        sim.clearRequests();
        return send(res, 200, { ok: true });
      case 'GET /__sim/config':
        return send(res, 200, sim.publicConfig());
      case 'POST /__sim/config':
        sim.configure(body || {});
        return send(res, 200, sim.publicConfig());
      case 'GET /__sim/faults':
        return send(res, 200, sim.listFaults());
      case 'POST /__sim/faults':
        return send(res, 200, { queued: sim.addFaults(body) });
      case 'DELETE /__sim/faults':
        sim.clearFaults();
        return send(res, 200, { ok: true });
      case 'POST /__sim/reset':
        sim.reset();
        return send(res, 200, { ok: true });
      case 'POST /__sim/webhook': {
        if (!body || typeof body.url !== 'string') return send(res, 400, { error: 'Body must be {url, authorization?, event}' });
        try {
          const result = await sim.postWebhook(body.url, body.event, { authorization: body.authorization });
          return send(res, 200, { status: result.status, body: result.body });
        } catch (err) {
          return send(res, 502, { error: err.message });
        }
      }
      case 'POST /__sim/calls/end-at-random': {
        const { scheduled, withinMs } = sim.endCallsAtRandom(body || {});
        return send(res, 200, { scheduled, withinMs });
      }
      case 'GET /__sim/calls':
        return send(res, 200, Array.from(sim.calls.values()).map(serialiseCall));
      case 'GET /__sim/webhook-deliveries':
        return send(res, 200, sim.webhookDeliveries);
      default:
        return send(res, 404, { error: `Unknown control endpoint ${method} ${path}` });
    }
  } catch (err) {
    // Bad config or fault shapes are the caller's mistake: say which.
    return send(res, 400, { error: err.message });
  }
}

module.exports = { handleControl };
