'use strict';
// The HTTP scenario in a node:cluster service (issue 11: a worker's per-request CPU stays what the
// single-process scenario shows): a primary and one worker, both pinned to the measured core, wrk on
// the other; CPU per request of the worker. nodeprom runs in its default shared-port mode (a fixed
// NODEPROM_PORT, every process a member of the service, one of them serving), the mode a clustered
// app gets; OpenTelemetry's variant is left out (it has no multi-process mode to compare).
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { variants } = require('./harness');
const single = require('./http.scenario');

const SERVER = path.join(__dirname, 'http-cluster-server.js');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function measure(_name, execArgv) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-bench-cluster-'));
  try {
    const env = { NODEPROM_PORT: String(await freePort()), NODEPROM_MULTIPROCESS_DIR: dir };
    return await single.measureServer(SERVER, execArgv, env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = {
  name: 'http hello world, node:cluster worker',
  variants: variants(),
  measure,
  unavailable: single.unavailable,
  available: single.available,
};
