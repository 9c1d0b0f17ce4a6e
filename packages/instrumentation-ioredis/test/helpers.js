'use strict';
// Shared by the ioredis layer's tests: private redis-server processes (the shared server on 6379 is
// never restarted or flushed) and exposition deltas.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, reachable, findSamples } = require('@nodeprom/test-utils');

const DB = 7;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(check, { timeoutMs = 10000, stepMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** A redis-server child on a free port (or `port`), no persistence. */
async function startRedis({ port, extra = [], dir } = {}) {
  const chosen = port ?? (await freePort());
  const workDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rdl-'));
  const child = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir, ...extra],
    { stdio: 'ignore' },
  );
  await waitFor(() => reachable(chosen), { what: `redis-server on ${chosen}` });
  return {
    port: chosen,
    dir: workDir,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

function redisServerAvailable() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Sum of the samples of `name` matching `labels` (0 when none). */
function total(text, name, labels = {}) {
  return findSamples(text, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}

const OP = 'db_client_operation_duration_seconds_count';
const LOOKUPS = 'db_client_cache_lookups_total';
const CREATE = 'db_client_connection_create_time_seconds_count';
const CONNECTIONS = 'db_client_connections';

/** Operation count of `command`, by default successful ones (error_type absent). */
function ops(text, command, labels = {}) {
  return total(text, OP, { db_system_name: 'redis', db_operation_name: command, error_type: undefined, ...labels });
}

function errors(text, command, errorType, labels = {}) {
  return total(text, OP, { db_system_name: 'redis', db_operation_name: command, error_type: errorType, ...labels });
}

function lookups(text, command, result) {
  return total(text, LOOKUPS, { db_system_name: 'redis', db_operation_name: command, cache_result: result });
}

module.exports = {
  DB,
  sleep,
  waitFor,
  startRedis,
  redisServerAvailable,
  total,
  ops,
  errors,
  lookups,
  OP,
  LOOKUPS,
  CREATE,
  CONNECTIONS,
};
