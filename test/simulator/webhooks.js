'use strict';

// Outgoing HTTP: how Hamsa delivers call events to a workflow's webhook URL,
// and how tests post hand-made events (duplicates, wrong or missing auth).

const http = require('http');
const https = require('https');

/**
 * POSTs JSON to a URL. Resolves {status, body, headers} for any HTTP answer
 * (body parsed as JSON when it is JSON) and rejects only on network errors or
 * the timeout, which is what a sender like Hamsa can observe.
 */
function postJson(url, payload, { authorization, timeoutMs = 5000, signal } = {}) {
  return new Promise((resolve, reject) => {
    let target;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`Invalid webhook URL: ${url}`));
      return;
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) {
      reject(new Error(`Unsupported webhook URL protocol: ${target.protocol}`));
      return;
    }
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'User-Agent': 'Hamsa-Webhook/1.0 (simulator)',
    };
    if (authorization !== undefined && authorization !== null) headers.Authorization = authorization;
    const req = client.request(target, { method: 'POST', headers, signal, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = text;
        try {
          parsed = text ? JSON.parse(text) : text;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode, body: parsed, headers: res.headers });
      });
    });
    if (timeoutMs > 0) {
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`Webhook timed out after ${timeoutMs} ms`)));
    }
    req.on('error', reject);
    req.end(body);
  });
}

/** The Authorization header Hamsa sends: "<authKey> <authSecret>", a space between. */
function webhookAuthorization(webhookAuth) {
  if (!webhookAuth || typeof webhookAuth !== 'object') return undefined;
  const key = webhookAuth.authKey === undefined || webhookAuth.authKey === null ? '' : String(webhookAuth.authKey);
  const secret =
    webhookAuth.authSecret === undefined || webhookAuth.authSecret === null ? '' : String(webhookAuth.authSecret);
  if (!key && !secret) return undefined;
  return `${key} ${secret}`;
}

module.exports = { postJson, webhookAuthorization };
