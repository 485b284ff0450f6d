#!/usr/bin/env node
'use strict';

// Runs the simulator on its own, for the demo and for trying nodes by hand:
//   node test/simulator/cli.js --port 4010 [--latency 50] [--call-duration-ms 2000]

const { startSimulator } = require('./index');

const USAGE = `Usage: node test/simulator/cli.js [--port 4010] [--host 127.0.0.1] [--latency ms]
       [--call-duration-ms ms] [--call-outcome STATUS] [--hottask-key KEY] [--hamsa-key KEY] [--log]`;

function parseArgs(argv) {
  const opts = {};
  const numeric = (name, v) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number >= 0`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--port': opts.port = numeric(flag, value()); break;
      case '--host': opts.host = value(); break;
      case '--latency': opts.latencyMs = numeric(flag, value()); break;
      case '--call-duration-ms': opts.callDurationMs = numeric(flag, value()); break;
      case '--call-outcome': opts.callOutcome = value(); break;
      case '--hottask-key': opts.hotTaskKey = value(); break;
      case '--hamsa-key': opts.hamsaKey = value(); break;
      case '--log': opts.log = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`Unknown option ${argv[i]}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const sim = await startSimulator(opts);
  console.log(`Simulator listening on ${sim.url}`);
  console.log(`HotTask secret key: ${sim.config.hotTaskKey}`);
  console.log(`Hamsa API key:      ${sim.config.hamsaKey}`);
  console.log(`Controls:           ${sim.url}/__sim/health`);
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping simulator`);
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(`Simulator failed to start: ${err.message}`);
  process.exit(1);
});
