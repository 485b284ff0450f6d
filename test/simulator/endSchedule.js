'use strict';

// Ends live calls at random moments within a window, as real calls end when
// the people called hang up: each call gets a seeded random offset in
// [0, withinMs), so the same seed and the same number of calls give the same
// schedule on every run (benchmarks compare two workflows on it). Calls are
// put in a stable order first: by a numeric call param (`byParam`, e.g. the
// lead's index the workflow passed) when given, else by creation time. Each
// ended call sends its call.ended event like any call (CallManager.finish).

const { seededRandom } = require('./seededRandom');

const LIVE = ['PENDING', 'IN_PROGRESS'];

/**
 * @param sim the Simulator
 * @param {{withinMs?:number, seed?:number, status?:string, byParam?:string}} opts
 * @returns {{scheduled:number, withinMs:number, offsets:Array<{callId:string, atMs:number}>}}
 */
function endCallsAtRandom(sim, { withinMs = 60000, seed = 1, status = 'COMPLETED', byParam } = {}) {
  if (!Number.isFinite(withinMs) || withinMs < 0) throw new Error('withinMs must be a number >= 0');
  const manager = sim.hamsa.calls;
  const calls = Array.from(manager.calls.values()).filter((c) => LIVE.includes(c.status) && !c.historical);
  const key = (c) => (byParam && c.params && c.params[byParam] !== undefined ? Number(c.params[byParam]) : c.createdMs);
  calls.sort((a, b) => key(a) - key(b) || a.createdMs - b.createdMs);
  const random = seededRandom(seed);
  const offsets = [];
  for (const call of calls) {
    const atMs = Math.floor(random() * withinMs);
    offsets.push({ callId: call.id, atMs });
    const timer = setTimeout(() => {
      manager.timers.delete(timer);
      // Gone (reset) or already over: nothing to end.
      if (manager.calls.get(call.id) !== call || !LIVE.includes(call.status)) return;
      manager.finish(call, status);
    }, atMs);
    timer.unref();
    manager.timers.add(timer);
  }
  return { scheduled: calls.length, withinMs, offsets };
}

module.exports = { endCallsAtRandom };
