'use strict';
// The kit against the real thing: Prometheus 2.42 scrapes the demo shop (test-fixtures/demo/app.js
// under --require @nodeprom/auto-register, on the real PostgreSQL, MariaDB and Redis) every second
// and evaluates the shipped rule files every second. After known traffic, every recording rule
// and every dashboard query must return finite data, increase() must count the requests sent, and
// the 5xx alert must fire. A metric or label renamed in nodeprom empties a rule or a panel here.
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { expect } = require('chai');
const YAML = require('yaml');
const Redis = require('ioredis');
const { requireService, freePort } = require('@nodeprom/test-utils');
const { ROOT, ruleFiles, recordingRuleNames } = require('./kit');
const { startPrometheus, findPrometheus, waitFor } = require('./prometheus');
const { buildDashboard, panelExpressions, TARGETS } = require('../grafana/dashboard');

const JOB = 'nodeprom-demo';
// Counted on the cache route: its 200s depend on no row of the shared databases.
const CACHE_200 =
  'http_server_request_duration_seconds_count{job="nodeprom-demo", http_route="/api/cache/:key", http_response_status_code="200"}';
/** Successful cache-route requests of the warm-up (a miss, then a hit). */
const WARM_UP_CACHE_REQUESTS = 2;
/** The requests of the counted phase: increase() over it must find exactly this many. */
const COUNTED_REQUESTS = 40;
const FAILING_REQUESTS = 15;

function startDemo(metricsPort) {
  const child = fork(path.join(ROOT, 'test-fixtures', 'demo', 'app.js'), [], {
    cwd: ROOT,
    execArgv: ['--require', '@nodeprom/auto-register'],
    env: {
      ...process.env,
      NODEPROM_HOST: '127.0.0.1',
      NODEPROM_PORT: String(metricsPort),
      DEMO_PORT: '0',
      OTEL_SERVICE_NAME: JOB,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message?.type === 'demo-ready') resolve(message.port);
    });
    exited.then((code) => reject(new Error(`the demo exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    ready,
    get output() {
      return output;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The shipped alert rules with every `for:` cut to 2 s, so that an alert fires within the test;
 * their expressions, labels and annotations are the shipped ones.
 */
function alertsWithShortFor(dir) {
  const files = [];
  for (const file of ruleFiles()) {
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    if (!doc.groups.some((group) => group.rules.some((rule) => rule.alert))) {
      files.push(file);
      continue;
    }
    for (const group of doc.groups) for (const rule of group.rules) if (rule.alert && rule.for) rule.for = '2s';
    const copy = path.join(dir, `short-for-${path.basename(file)}`);
    fs.writeFileSync(copy, YAML.stringify(doc));
    files.push(copy);
  }
  return files;
}

const finiteSample = (sample) => Number.isFinite(Number(sample.value[1]));
// A regex inside a PromQL string: regex metacharacters escaped, then the backslashes doubled for
// the string (what Grafana's Prometheus datasource does with a variable's values).
const escapeRegex = (value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('\\', '\\\\');

describe('the observability kit against a real Prometheus scraping the demo shop', function () {
  this.timeout(120000);
  let prometheus;
  let demo;
  let redis;
  let base;
  let instance;
  let ruleDir;
  const cacheKey = `obs-e2e-${process.pid}-${Date.now()}`;
  const wrongTypeKey = `obs-e2e-list-${process.pid}`;

  const get = async (pathname, init) => {
    await (await fetch(base + pathname, init)).text();
  };
  /** Adds what Prometheus says of the target (health, last error) to a timed-out wait. */
  async function withTargetHealth(error) {
    const { activeTargets } = await prometheus.api('targets');
    const targets = activeTargets.map((t) => `${t.scrapeUrl}: ${t.health} ${t.lastError} (${t.lastScrapeDuration} s)`);
    throw new Error(
      `${error.message}\ntargets: ${targets.join('; ')}\napp: ${demo.output}\nprometheus: ${prometheus.log}`,
    );
  }

  before(async function () {
    for (const service of ['postgres', 'mariadb', 'redis']) await requireService(this, service);
    if (!findPrometheus()) {
      // Like the databases: a failure in CI (.ci/run installs it), one line and a skip elsewhere.
      const message = 'prometheus is not installed (apt-get install prometheus)';
      if (process.env.CI) throw new Error(message);
      process.stdout.write(`      skipped: ${message}\n`);
      this.skip();
    }

    // A key of the wrong type: reading it through the cache route gets a WRONGTYPE error reply.
    redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    await redis.connect();
    await redis.del(`demo:${wrongTypeKey}`);
    await redis.rpush(`demo:${wrongTypeKey}`, 'not a string');

    const metricsPort = await freePort();
    demo = startDemo(metricsPort);
    base = `http://127.0.0.1:${await demo.ready}`;
    // The demo answers 503 for a database it could not reach at start: nothing to test then.
    if (demo.output.includes('not reachable')) throw new Error(`the demo could not reach a database:\n${demo.output}`);
    instance = `127.0.0.1:${metricsPort}`;

    ruleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-rules-'));
    prometheus = await startPrometheus({
      scrapeConfigs: [{ job_name: JOB, static_configs: [{ targets: [instance] }] }],
      ruleFiles: alertsWithShortFor(ruleDir),
    });

    // Warm-up: one request of every kind, so that every series exists before the counted phase.
    await get('/');
    await get('/missing');
    await get('/api/users/1');
    await get('/api/users/999');
    await get(`/api/cache/${cacheKey}`); // miss, then SET
    await get(`/api/cache/${cacheKey}`); // hit
    await get(`/api/cache/${wrongTypeKey}`); // WRONGTYPE: 500
    await get('/api/reports/1'); // missing table: 500
    await get('/api/orders/book', { method: 'POST' });
    await waitFor(
      async () => {
        const [sample] = await prometheus.query(CACHE_200);
        return sample && Number(sample.value[1]) === WARM_UP_CACHE_REQUESTS;
      },
      { what: 'the first scrape after the warm-up', timeoutMs: 45000 },
    ).catch(withTargetHealth);

    // The counted phase, with failures mixed in so that the 5xx ratio is well above 5%.
    for (let i = 0; i < COUNTED_REQUESTS; i++) {
      await get(`/api/cache/${cacheKey}`);
      if (i < FAILING_REQUESTS) await get('/api/reports/1');
      if (i % 4 === 0) await get(`/api/users/${1 + (i % 2)}`);
    }
    await get(`/api/cache/${wrongTypeKey}`);
    await get('/api/orders/book', { method: 'POST' });
    await waitFor(
      async () => {
        const [sample] = await prometheus.query(CACHE_200);
        return sample && Number(sample.value[1]) === WARM_UP_CACHE_REQUESTS + COUNTED_REQUESTS;
      },
      { what: 'the scrape of the counted phase', timeoutMs: 45000 },
    ).catch(withTargetHealth);
  });

  after(async function () {
    await prometheus?.stop();
    await demo?.stop();
    if (ruleDir) fs.rmSync(ruleDir, { recursive: true, force: true });
    if (redis) {
      await redis.del(`demo:${wrongTypeKey}`, `demo:${cacheKey}`);
      await redis.quit();
    }
  });

  it('scrapes the demo and finds it healthy', async () => {
    const [up] = await prometheus.query(`up{job="${JOB}"}`);
    expect(up.metric.instance).to.equal(instance);
    expect(up.value[1]).to.equal('1');
  });

  it('gets finite data from every recording rule', async () => {
    const names = recordingRuleNames();
    expect(names.length).to.be.at.least(20);
    const empty = [];
    await waitFor(
      async () => {
        empty.length = 0;
        for (const name of names) {
          const result = await prometheus.query(name);
          if (result.length === 0 || !result.every(finiteSample))
            empty.push(`${name} → ${JSON.stringify(result.map((s) => s.value[1]))}`);
        }
        return empty.length === 0;
      },
      { what: 'every recording rule', timeoutMs: 15000 },
    ).catch(() => {});
    expect(empty, 'recording rules without finite data').to.deep.equal([]);
  });

  it("lists the demo in the dashboard's job and instance variables", async () => {
    const jobs = await prometheus.api('label/job/values', { 'match[]': TARGETS });
    expect(jobs).to.deep.equal([JOB]);
    const instances = await prometheus.api('label/instance/values', {
      'match[]': `${TARGETS}{job=~"${escapeRegex(JOB)}"}`,
    });
    expect(instances).to.deep.equal([instance]);
  });

  it('gets finite data from every query of every dashboard panel, with the variables set as Grafana sets them', async () => {
    const expressions = panelExpressions(buildDashboard());
    expect(expressions.length).to.be.at.least(30);
    const failing = [];
    for (const { panel, expr } of expressions) {
      // Grafana substitutes a multi-value variable as a regex alternation of the chosen values.
      const query = expr
        .replaceAll('$job', `(${escapeRegex(JOB)})`)
        .replaceAll('$instance', `(${escapeRegex(instance)})`);
      const result = await prometheus.query(query);
      if (result.length === 0 || !result.every(finiteSample))
        failing.push(`${panel}: ${query} → ${JSON.stringify(result.map((s) => s.value[1]))}`);
    }
    expect(failing, 'panel queries without finite data').to.deep.equal([]);
  });

  it('counts exactly the requests sent with increase()', async () => {
    // The samples around the counted phase: the last scrape before it (the warm-up's value) and
    // the first after it (N more). A window that starts and ends on these two scrapes needs no
    // extrapolation, so increase() must give N up to floating-point rounding.
    const [series] = await prometheus.query(`${CACHE_200}[2m]`);
    const samples = series.values.map(([t, v]) => ({ t: Number(t), v: Number(v) }));
    const before = samples.filter((s) => s.v === WARM_UP_CACHE_REQUESTS).at(-1);
    const after = samples.find((s) => s.v === WARM_UP_CACHE_REQUESTS + COUNTED_REQUESTS);
    expect(before, 'a scrape between the warm-up and the counted phase').to.not.equal(undefined);
    expect(after, 'a scrape after the counted phase').to.not.equal(undefined);
    const windowMs = Math.round((after.t - before.t) * 1000);
    const [increase] = await prometheus.query(`increase(${CACHE_200}[${windowMs}ms])`, after.t);
    expect(Number(increase.value[1])).to.be.closeTo(COUNTED_REQUESTS, 0.5);
    // The recorded 5-minute rate of the route covers at least those N requests (rate() only
    // extrapolates outwards, never below the increase it saw).
    const [rate] = await prometheus.query(
      'instance_method_route:http_server_request_duration_seconds_count:rate5m{http_route="/api/cache/:key", http_request_method="GET"}',
    );
    expect(Number(rate.value[1]) * 300).to.be.at.least(COUNTED_REQUESTS - 1e-9);
  });

  it('fires the 5xx ratio alert for the failing report route', async () => {
    const alert = await waitFor(
      async () => {
        const { alerts } = await prometheus.api('alerts');
        return alerts.find((a) => a.labels.alertname === 'NodepromHighHttp5xxRatio' && a.state === 'firing');
      },
      { what: 'NodepromHighHttp5xxRatio to fire', timeoutMs: 20000 },
    );
    expect(alert.labels).to.include({ job: JOB, severity: 'critical' });
    expect(alert.annotations.summary).to.match(/^nodeprom-demo: \d+(\.\d+)?% of HTTP requests answer 5xx$/);
    const { alerts } = await prometheus.api('alerts');
    const states = Object.fromEntries(alerts.map((a) => [a.labels.alertname, a.state]));
    // The demo's migrations are applied, its pools never wait and Redis never refused it.
    for (const quiet of [
      'NodepromMigrationsPending',
      'NodepromDatabasePoolExhausted',
      'NodepromRedisConnectionFailures',
      'NodepromScrapeFailing',
    ]) {
      expect(states[quiet], quiet).to.equal(undefined);
    }
  });
});
