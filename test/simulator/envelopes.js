'use strict';

// The two services wrap every JSON answer differently; building the wrappers
// in one place keeps faults, auth failures and normal answers identical.

function hotTaskOk(data) {
  return { Data: data, Version: '1.0.0', Success: true, Code: 200, Message: '' };
}

function hotTaskFailure(code, message) {
  return { Data: null, Version: '1.0.0', Success: false, Code: code, Message: message };
}

// The real Hamsa API answers `"success": false, "message": "success"` on
// success (see docs/services.md); nodes must not trust the flag.
function hamsaOk(data, successFlag) {
  return { success: Boolean(successFlag), message: 'success', data };
}

function hamsaError(message, messageKey) {
  return { success: false, message, messageKey };
}

const STATUS_TEXT = {
  400: ['Bad request', 'BAD_REQUEST'],
  401: ['Unauthorized', 'UNAUTHORIZED'],
  403: ['Forbidden', 'FORBIDDEN'],
  404: ['Not found', 'NOT_FOUND'],
  405: ['Method not allowed', 'METHOD_NOT_ALLOWED'],
  408: ['Request timeout', 'REQUEST_TIMEOUT'],
  409: ['Conflict', 'CONFLICT'],
  413: ['Payload too large', 'PAYLOAD_TOO_LARGE'],
  422: ['Unprocessable entity', 'UNPROCESSABLE_ENTITY'],
  429: ['Too many requests', 'TOO_MANY_REQUESTS'],
  500: ['Internal server error', 'INTERNAL_SERVER_ERROR'],
  502: ['Bad gateway', 'BAD_GATEWAY'],
  503: ['Service unavailable', 'SERVICE_UNAVAILABLE'],
  504: ['Gateway timeout', 'GATEWAY_TIMEOUT'],
};

/** The error body each service would plausibly send for a bare HTTP status. */
function errorBodyFor(service, status, message) {
  const [text, key] = STATUS_TEXT[status] || [`HTTP ${status}`, `HTTP_${status}`];
  if (service === 'hottask') return hotTaskFailure(status, message || text);
  return hamsaError(message || text, key);
}

module.exports = { hotTaskOk, hotTaskFailure, hamsaOk, hamsaError, errorBodyFor };
