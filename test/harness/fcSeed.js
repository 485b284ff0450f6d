'use strict';
// FC_SEED=<n> replays the property tests with the seed a failing run printed.
// Read here because `n8n-node lint` rightly forbids `process` in TypeScript sources.

/** @type {number | undefined} */
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

module.exports = { FC_SEED };
