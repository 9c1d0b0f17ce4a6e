'use strict';
// A real Prometheus (/usr/bin/prometheus, 2.42 on the reference machine) for the tests: private
// storage in a temporary directory, a free port on 127.0.0.1, a 1 s scrape interval.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('@nodeprom/test-utils');

const BINARY = '/usr/bin/prometheus';

/** Skips the suite (fails in CI) when Prometheus is not installed. */
function requirePrometheus(context) {
  if (fs.existsSync(BINARY) && spawnSync(BINARY, ['--version']).status === 0) return;
  const message = `${BINARY} is not installed (apt-get install prometheus)`;
  if (process.env.CI) throw new Error(message);
  process.stdout.write(`      skipped: ${message}\n`);
  context.skip();
}

async function startPrometheus(scrapeConfigs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-prometheus-'));
  const port = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  // JSON is YAML.
  fs.writeFileSync(
    config,
    JSON.stringify(
      {
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        scrape_configs: scrapeConfigs,
      },
      null,
      2,
    ),
  );
  const child = spawn(
    BINARY,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;

  async function api(pathAndQuery) {
    const response = await fetch(`${base}${pathAndQuery}`);
    const body = await response.json();
    if (body.status !== 'success') throw new Error(`Prometheus API ${pathAndQuery}: ${JSON.stringify(body)}`);
    return body.data;
  }

  const prometheus = {
    get log() {
      return log;
    },
    /** The instant vector of `expr`, as [{ metric, value }]. */
    async query(expr) {
      return (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result.map((r) => ({
        metric: r.metric,
        value: Number(r.value[1]),
      }));
    },
    async targets() {
      return (await api('/api/v1/targets')).activeTargets;
    },
    /** Polls `check` (async, returns truthy when done) until it holds; fails after 60 s. */
    async until(check, what) {
      let last;
      for (let i = 0; i < 300; i++) {
        try {
          last = await check();
          if (last) return last;
        } catch (error) {
          last = error;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(
        `Prometheus never saw ${what} (last: ${last && last.message ? last.message : JSON.stringify(last)})\n${log.slice(-2000)}`,
      );
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await prometheus.until(async () => (await fetch(`${base}/-/ready`)).status === 200, 'itself ready');
  return prometheus;
}

module.exports = { startPrometheus, requirePrometheus };
