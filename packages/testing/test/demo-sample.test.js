'use strict';
// The README's sample test, run against the demo app as a user would write it: the app started with
// the preload, a snapshot of its scrape URL, one request, and the delta it caused. Only node:assert,
// to show no test framework's helpers are needed. (The route is recorded whether or not the demo
// reached PostgreSQL in time, so the sample does not depend on the database.)
const assert = require('node:assert/strict');
const { fork } = require('node:child_process');
const path = require('node:path');
const { ROOT, freePort } = require('@nodeprom/test-utils');
const { snapshot } = require('@nodeprom/testing');

describe('the README sample test of the demo app', function () {
  let app;
  let base;
  let metricsUrl;
  before(async () => {
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    app = fork(path.join(ROOT, 'test-fixtures/demo/app.js'), [], {
      cwd: ROOT,
      execArgv: ['--require', '@nodeprom/auto-register'],
      env: { ...process.env, DEMO_PORT: '0', NODEPROM_PORT: String(metricsPort), NODEPROM_HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise((resolve) => app.on('message', (m) => m?.type === 'demo-ready' && resolve(m.port)));
    base = `http://127.0.0.1:${port}`;
  });
  after(() => app?.kill('SIGTERM'));

  it('counts a user lookup once, under its route template', async () => {
    const before = await snapshot(metricsUrl);
    await (await fetch(`${base}/api/users/1`)).text();
    await (await fetch(`${base}/api/users/2`)).text();
    assert.equal(await before.delta('http_server_request_duration_seconds_count', { http_route: '/api/users/:id' }), 2);
    assert.equal(await before.delta('http_server_request_duration_seconds_count', { http_route: '/' }), 0);
  });
});
