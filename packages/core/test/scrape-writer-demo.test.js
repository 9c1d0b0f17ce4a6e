'use strict';
const { fork } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService, freePort, sampleValue, promtoolCheck } = require('@nodeprom/test-utils');

// The full demo (npm run demo): every layer, traffic through each, then one moment of the app
// written by nodeprom's streaming writer and by OpenTelemetry's serializer (the path before it).
describe("nodeprom's exposition writer on the full demo", function () {
  let texts;
  let app;
  before(async function () {
    for (const service of ['postgres', 'mariadb', 'redis']) await requireService(this, service);
    app = fork(path.join(ROOT, 'test-fixtures', 'demo', 'app.js'), [], {
      cwd: ROOT,
      execArgv: [
        '--require',
        '@nodeprom/auto-register',
        '--require',
        path.join(ROOT, 'test-fixtures', 'apps', 'compare-sources-preload.js'),
      ],
      env: {
        ...process.env,
        NODEPROM_PORT: String(await freePort()),
        NODEPROM_HOST: '127.0.0.1',
        DEMO_PORT: '0',
        OTEL_SERVICE_NAME: 'nodeprom-demo',
        // The runtime layer's gauges move between the two reads being compared; this test is about the writer.
        NODEPROM_DISABLED_INSTRUMENTATIONS: 'runtime',
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    app.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const port = await new Promise((resolve, reject) => {
      app.on('message', (message) => message?.type === 'demo-ready' && resolve(message.port));
      app.once('exit', (code) => reject(new Error(`demo exited (${code}):\n${stderr}`)));
    });
    // The demo's own traffic (scripts/demo.js): routes, a 404, cache hits and misses, an order.
    const base = `http://127.0.0.1:${port}`;
    for (let round = 0; round < 5; round++) {
      for (const p of [
        '/',
        '/api/users/1',
        '/api/users/2',
        '/api/users/999',
        '/api/cache/greeting',
        '/api/cache/greeting',
        '/missing',
      ]) {
        await (await fetch(base + p)).text();
      }
      await (await fetch(`${base}/api/orders/book`, { method: 'POST' })).text();
    }
    texts = await new Promise((resolve) => {
      app.on('message', (message) => message?.type === 'compared-sources' && resolve(message));
      app.send({ type: 'compare-sources' });
    });
  });
  after(async () => {
    if (!app || app.exitCode !== null) return;
    const gone = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await gone;
  });

  it("writes the Prometheus text identical to OpenTelemetry's serializer, byte for byte", () => {
    expect(
      sampleValue(texts.writer, 'http_server_request_duration_seconds_count', {
        http_route: '/api/users/:id',
        http_response_status_code: '200',
      }),
    ).to.equal(10);
    expect(
      sampleValue(texts.writer, 'db_client_cache_lookups_total', { db_operation_name: 'GET', cache_result: 'hit' }),
    ).to.be.at.least(5);
    expect(texts.writer.split('\n').length).to.be.above(300);
    expect(texts.writer).to.equal(texts.serializer);
  });

  it('passes promtool check metrics', function () {
    expect(promtoolCheck(this, texts.writer)).to.equal('');
  });

  it('writes the same samples in OpenMetrics, with counter families without _total and # EOF last', () => {
    const om = texts.openMetrics;
    expect(om.endsWith('\n# EOF\n')).to.equal(true);
    expect(om).to.include('\n# TYPE db_client_cache_lookups counter\n');
    expect(om).to.include(
      '\n# TYPE http_server_request_duration_seconds histogram\n# UNIT http_server_request_duration_seconds seconds\n',
    );
    expect(om).to.match(
      /^# HELP target Target metadata\n# TYPE target info\ntarget_info\{.*service_name="nodeprom-demo"/,
    );
    expect(om).not.to.include('_created');
    const samples = (text) =>
      text
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('nodeprom_scrape_'))
        .sort();
    // Same lines, other order (OpenMetrics puts a histogram's buckets before _count and _sum).
    expect(samples(om)).to.deep.equal(samples(texts.writer));
  });
});
