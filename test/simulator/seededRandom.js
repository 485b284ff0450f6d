'use strict';

/**
 * A small seeded random generator (mulberry32): the same seed gives the same
 * numbers in [0, 1) on every run, so seeded data, benchmark streams and jitter
 * tests are repeatable.
 */
function seededRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { seededRandom };
