'use strict';

// Each service's reset() replaces its state objects (seed data, maps, history)
// rather than emptying them, so a service hands out read-only properties that
// look the current object up on every read: a value copied at creation would
// keep pointing at the state from before the first reset.

/** Adds to `target` one enumerable getter per entry of `getters` ({name: () => value}); returns target. */
function withLiveFields(target, getters) {
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(target, name, { get, enumerable: true });
  }
  return target;
}

module.exports = { withLiveFields };
