'use strict';
// The one-port cluster example, used as a user would: a node:cluster service of 2 workers, every
// process preloaded, is scraped by Prometheus 2.42 with the example's job on NODEPROM_PORT. The
// aggregated scrape counts every request of every worker exactly once, is one nodeprom target, and
// the recording rules read it like a single process.
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('chai');
const YAML = require('yaml');
const { freePort, ROOT } = require('@nodeprom/test-utils');
const { KIT, recordingRuleNames, ruleFiles } = require('./kit');
const { startPrometheus, findPrometheus, waitFor } = require('./prometheus');

const REQUESTS = 60;
const FAILING = 10;
const COUNT = 'sum(http_server_request_duration_seconds_count{job="shop"})';

describe('the one-port cluster example scraped by a real Prometheus', function () {
  this.timeout(90000);
  let service;
  let prometheus;
  let appPort;

  before(async function () {
    if (!findPrometheus()) {
      const message = 'prometheus is not installed (apt-get install prometheus)';
      if (process.env.CI) throw new Error(message);
      process.stdout.write(`      skipped: ${message}\n`);
      this.skip();
    }
    const metricsPort = await freePort();
    appPort = await freePort();
    service = fork(path.join(__dirname, 'fixtures', 'cluster-shop.js'), [], {
      cwd: ROOT,
      execArgv: ['--require', '@nodeprom/auto-register'],
      env: {
        ...process.env,
        NODEPROM_HOST: '127.0.0.1',
        NODEPROM_PORT: String(metricsPort),
        APP_PORT: String(appPort),
        WORKERS: '2',
        OTEL_SERVICE_NAME: 'shop',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise((resolve, reject) => {
      service.on('message', (message) => {
        if (message?.type === 'cluster-ready') resolve();
      });
      service.once('exit', (code) => reject(new Error(`the cluster exited (${code}) before it was ready`)));
    });

    const example = YAML.parse(
      fs.readFileSync(path.join(KIT, 'prometheus', 'examples', 'cluster-one-port.yml'), 'utf8'),
    );
    const job = {
      ...example.scrape_configs[0],
      scrape_timeout: '1s',
      static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }],
    };
    prometheus = await startPrometheus({ scrapeConfigs: [job], ruleFiles: ruleFiles() });

    // One request of each kind first, scraped before the rest: Prometheus sees a series from its
    // first scrape on, so only what comes after it shows in rate().
    await get('/fail');
    await get('/');
    await waitFor(
      async () => {
        const [sample] = await prometheus.query(COUNT);
        return sample && Number(sample.value[1]) === 2;
      },
      { what: 'the scrape of the first requests' },
    );
    for (let i = 2; i < REQUESTS; i++) await get(i < FAILING + 1 ? '/fail' : '/');
  });

  // Fresh connections, so that the cluster spreads the requests over both workers.
  async function get(pathname) {
    const response = await fetch(`http://127.0.0.1:${appPort}${pathname}`, { headers: { connection: 'close' } });
    await response.text();
  }

  after(async () => {
    await prometheus?.stop();
    if (service && service.exitCode === null) {
      const gone = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await gone;
    }
  });

  it('counts every request of every worker exactly once in the scrape of the one port', async () => {
    await waitFor(
      async () => {
        const [sample] = await prometheus.query(COUNT);
        return sample && Number(sample.value[1]) === REQUESTS;
      },
      { what: `${REQUESTS} requests in the aggregated scrape` },
    );
    const [failed] = await prometheus.query(
      'sum(http_server_request_duration_seconds_count{job="shop", http_response_status_code="500"})',
    );
    expect(Number(failed.value[1])).to.equal(FAILING);
  });

  it('is one nodeprom target, and the HTTP recording rules read it like one process', async () => {
    // A recording rule has a value once it has been evaluated after the first scrape.
    const seen = await waitFor(
      async () => {
        const found = await prometheus.query('instance:target_info:seen{job="shop"}');
        return found.length > 0 ? found : undefined;
      },
      { what: 'instance:target_info:seen', timeoutMs: 10000 },
    );
    expect(seen).to.have.length(1);
    const names = recordingRuleNames().filter(
      (name) =>
        name.includes('http_server_request') && !name.includes('_bucket') && !name.includes('histogram_quantile'),
    );
    for (const name of names) {
      const result = await waitFor(
        async () => {
          const found = await prometheus.query(`${name}{job="shop"}`);
          return found.length > 0 ? found : undefined;
        },
        { what: name, timeoutMs: 10000 },
      );
      for (const sample of result) expect(Number.isFinite(Number(sample.value[1])), name).to.equal(true);
    }
    // rate() sees the requests after the first scrape: from FAILING - 1 failures of REQUESTS - 2
    // requests to all of them, depending on when that scrape came; either way about the same ratio.
    const [ratio] = await prometheus.query('job:http_server_request_5xx_per_requests:ratio_rate5m{job="shop"}');
    expect(Number(ratio.value[1])).to.be.closeTo(FAILING / REQUESTS, 0.02);
  });
});
