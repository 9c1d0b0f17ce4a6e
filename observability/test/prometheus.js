'use strict';
// A private Prometheus server for a test: Debian's /usr/bin/prometheus (package prometheus, 2.42)
// with a temporary data folder, listening on a free loopback port, scraping and evaluating every
// second. stop() ends it and removes the folder.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
const { freePort } = require('@nodeprom/test-utils');

function findPrometheus() {
  const found = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function waitFor(check, { what, timeoutMs = 30000, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Starts Prometheus. `scrapeConfigs`: Prometheus scrape_configs; `ruleFiles`: absolute paths.
 * Resolves once it answers /-/ready.
 */
async function startPrometheus({ scrapeConfigs, ruleFiles = [], interval = '1s' }) {
  const binary = findPrometheus();
  if (!binary) throw new Error('prometheus is not installed (apt-get install prometheus)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-observability-'));
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: ruleFiles,
    scrape_configs: scrapeConfigs,
  };
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), YAML.stringify(config));
  const port = await freePort();
  const child = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;

  async function api(pathname, params = {}) {
    const response = await fetch(`${url}/api/v1/${pathname}?${new URLSearchParams(params)}`);
    const body = await response.json();
    if (body.status !== 'success') throw new Error(`${pathname} ${JSON.stringify(params)}: ${body.error}`);
    return body.data;
  }

  const server = {
    url,
    dir,
    get log() {
      return log;
    },
    api,
    /** Instant query; resolves with its result (a vector, or a matrix for a range selector). */
    query: async (expr, time) =>
      (await api('query', time === undefined ? { query: expr } : { query: expr, time: String(time) })).result,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/-/ready`)).status === 200, { what: 'prometheus to be ready' }),
      exited.then((code) => {
        throw new Error(`prometheus exited (${code}) before it was ready`);
      }),
    ]);
  } catch (error) {
    await server.stop();
    throw new Error(`${error.message}\n${log}`, { cause: error });
  }
  return server;
}

module.exports = { startPrometheus, findPrometheus, waitFor };
