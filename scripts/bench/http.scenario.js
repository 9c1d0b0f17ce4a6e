'use strict';
// Server CPU per request of a hello-world node:http server under load from wrk, bare, under
// nodeprom's auto-register, and under OpenTelemetry's HTTP instrumentation. The server runs on one
// core and wrk on the other, so the load generator does not steal the measured process's CPU.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT, MEASURED_CPU, OTHER_CPU, pinned, variants } = require('./harness');

const SERVER = path.join(__dirname, 'http-server.js');
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = Number(process.env.BENCH_HTTP_SECONDS || 5);

function wrk(port, seconds) {
  const [command, args] = pinned(OTHER_CPU, 'wrk', ['-t1', '-c16', `-d${seconds}s`, `http://127.0.0.1:${port}/`]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrk exited ${code}`))));
  });
}

/**
 * CPU per request of `serverFile` (which prints `READY <port>`, then on stdin "start" and "stop" prints
 * {"ops", "cpuMicros"} and exits) under `execArgv`, with `env` added to nodeprom's defaults.
 */
async function measureServer(serverFile, execArgv, env = {}) {
  const [command, args] = pinned(MEASURED_CPU, process.execPath, [...execArgv, serverFile]);
  const server = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  await wrk(port, WARMUP_SECONDS);
  server.stdin.write('start\n');
  await wrk(port, MEASURE_SECONDS);
  const result = new Promise((resolve) =>
    server.once('exit', () => {
      const { ops, cpuMicros } = JSON.parse(out.trim().split('\n').pop());
      resolve(cpuMicros / ops);
    }),
  );
  server.stdin.write('stop\n');
  return result;
}

module.exports = {
  name: 'http hello world',
  variants: variants(path.join(__dirname, 'otel-http-preload.js')),
  measure: (_name, execArgv) => measureServer(SERVER, execArgv),
  measureServer,
  unavailable: 'wrk is not installed (apt-get install wrk)',
  available: () => spawnSync('sh', ['-c', 'command -v wrk']).status === 0,
};
