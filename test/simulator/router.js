'use strict';

// A tiny route table: exact paths and `:param` segments. Distinguishing
// "no such path" (404) from "wrong method" (405) matters because nodes show
// different errors for each.

function compile(pattern) {
  const names = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

function createRouter(routes) {
  const compiled = routes.map(([method, pattern, handler]) => ({ method, pattern, handler, ...compile(pattern) }));
  return function match(method, path) {
    let pathMatched = false;
    for (const r of compiled) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params = {};
      r.names.forEach((n, i) => {
        try {
          params[n] = decodeURIComponent(m[i + 1]);
        } catch {
          params[n] = m[i + 1];
        }
      });
      return { handler: r.handler, params };
    }
    return pathMatched ? { methodNotAllowed: true } : null;
  };
}

module.exports = { createRouter };
