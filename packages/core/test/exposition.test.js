'use strict';
const net = require('node:net');
const { expect } = require('chai');
const { startApp, sampleValue, findSamples, parseExposition, promtoolCheck } = require('@nodeprom/test-utils');
const { prometheusName, ALL_METRICS } = require('@nodeprom/core');

describe('Prometheus names', () => {
  it('adds unit suffixes and _total the Prometheus way', () => {
    const names = Object.fromEntries(ALL_METRICS.map((d) => [d.name, prometheusName(d)]));
    expect(names['http.server.request.duration']).to.equal('http_server_request_duration_seconds');
    expect(names['http.server.request.body.size']).to.equal('http_server_request_body_size_bytes');
    expect(names['http.server.active_requests']).to.equal('http_server_active_requests');
    expect(names['db.client.cache.lookups']).to.equal('db_client_cache_lookups_total');
    expect(names['db.client.connection.wait_time']).to.equal('db_client_connection_wait_time_seconds');
    expect(names['db.client.response.returned_rows']).to.equal('db_client_response_returned_rows');
    expect(prometheusName(ALL_METRICS[0], 'shop')).to.equal('shop_http_server_request_duration_seconds');
  });
});

describe('the scrape endpoint', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/user-metrics-app.js', { env: { OTEL_SERVICE_NAME: 'checkout' } });
    await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
    await app.call('order');
  });
  after(() => app.stop());

  it("serves the app's own @opentelemetry/api metrics beside nodeprom's, with unit suffixes", async () => {
    const text = await app.scrape();
    expect(sampleValue(text, 'shop_orders_total', { channel: 'web' })).to.equal(1);
    expect(sampleValue(text, 'shop_basket_value_bytes_count', { channel: 'web' })).to.equal(1);
  });

  it('writes each family once, merging a same-named metric from another scope', async () => {
    const text = await app.scrape();
    const typeLines = text.split('\n').filter((line) => line.startsWith('# TYPE '));
    const names = typeLines.map((line) => line.split(' ')[2]);
    expect(new Set(names).size).to.equal(names.length);
    expect(sampleValue(text, 'http_server_request_duration_seconds_count', { source: 'app' })).to.equal(1);
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
    ).to.equal(1);
  });

  it('has no otel_scope labels and a target_info from OTEL_SERVICE_NAME', async () => {
    const text = await app.scrape();
    expect(text).not.to.include('otel_scope_');
    expect(sampleValue(text, 'target_info', { service_name: 'checkout' })).to.equal(1);
  });

  it('passes promtool check metrics', async function () {
    expect(promtoolCheck(this, await app.scrape())).to.equal('');
  });

  it('answers other paths with 404 and serves the text content type', async () => {
    expect((await fetch(app.metricsUrl.replace('/metrics', '/other'))).status).to.equal(404);
    const response = await fetch(app.metricsUrl);
    expect(response.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
  });
});

describe("coexistence with OpenTelemetry's own HTTP instrumentation", function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/user-metrics-app.js', { env: { WITH_OTEL_HTTP: '1' } });
  });
  after(() => app.stop());

  it("keeps nodeprom's series intact and the exposition valid", async function () {
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
    const text = await app.scrape();
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', {
        http_request_method: 'GET',
        http_response_status_code: '200',
        url_scheme: 'http',
      }),
    ).to.equal(3);
    expect(promtoolCheck(this, text)).to.equal('');
    expect(app.stderr).not.to.include('[nodeprom] error');
  });
});

describe('when the metrics port is already in use', function () {
  let blocker;
  let app;
  before(async () => {
    blocker = net.createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    app = await startApp('test-fixtures/apps/http-app.js', { env: { NODEPROM_PORT: String(blocker.address().port) } });
  });
  after(async () => {
    await app.stop();
    blocker.close();
  });

  it('warns once, naming NODEPROM_PORT, and the app keeps serving', async () => {
    const response = await fetch(`http://127.0.0.1:${app.info.port}/`);
    expect(await response.text()).to.equal('hello');
    // The bind is tried in the background, after the app is up: wait for its outcome.
    for (let waited = 0; waited < 5000 && !app.stderr.includes('already in use'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(app.stderr).to.include('already in use').and.to.include('NODEPROM_PORT');
    expect(app.stderr.match(/\[nodeprom\]/g)).to.have.length(1);
  });
});

describe('programmatic use', function () {
  it('registerInstrumentations() with options serves the given layers and prefix, and shuts down', async () => {
    const app = await startApp('test-fixtures/apps/programmatic-app.js', { preload: 'none' });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
      const text = await app.scrape();
      expect(sampleValue(text, 'myapp_http_server_request_duration_seconds_bucket', { le: '0.1' })).to.equal(1);
      expect(
        findSamples(text, 'myapp_http_server_request_duration_seconds_bucket', { http_request_method: 'GET' }).map(
          (s) => s.labels.le,
        ),
      ).to.deep.equal(['0.1', '1', '+Inf']);
      const { again } = await app.call('shutdownAndCheck');
      expect(again).to.equal(true);
      let refused = false;
      await fetch(app.metricsUrl).catch(() => {
        refused = true;
      });
      expect(refused).to.equal(true);
    } finally {
      await app.stop();
    }
  });

  it("works as a standard OpenTelemetry instrumentation with the app's own MeterProvider", async () => {
    const app = await startApp('test-fixtures/apps/programmatic-app.js', { preload: 'none', env: { MODE: 'otel' } });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
      // OpenTelemetry's exporter serves its own way (scope labels, its naming); the series is there.
      const response = await fetch(app.metricsUrl);
      const text = await response.text();
      const samples = parseExposition(text).samples.filter(
        (s) => s.name.startsWith('http_server_request_duration') && s.name.endsWith('_count'),
      );
      expect(samples).to.have.length(1);
      expect(samples[0].labels).to.include({ http_request_method: 'GET', http_response_status_code: '200' });
      expect(samples[0].value).to.equal(1);
    } finally {
      await app.stop();
    }
  });
});
