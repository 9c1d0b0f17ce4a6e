'use strict';
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { startPrometheus, requirePrometheus } = require('./prometheus');

// Prometheus 2.42 asks for OpenMetrics first and always offers gzip: it gets both.
describe('a real Prometheus negotiates format and gzip with a mounted metricsHandler()', function () {
  let app;
  let prometheus;
  before(async function () {
    requirePrometheus(this);
    app = await startApp('test-fixtures/apps/mounted-metrics-app.js', {
      env: { FRAMEWORK: 'http', NODEPROM_PORT: 'none' },
    });
    prometheus = await startPrometheus([
      { job_name: 'mounted', static_configs: [{ targets: [`127.0.0.1:${app.info.port}`] }] },
    ]);
  });
  after(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it('scrapes without errors: up == 1 and nodeprom series stored', async () => {
    await prometheus.until(async () => (await prometheus.query('up{job="mounted"} == 1')).length === 1, 'up == 1');
    await prometheus.until(
      async () => (await prometheus.query('http_server_active_requests{job="mounted"}')).length > 0,
      'a nodeprom series',
    );
    const target = (await prometheus.targets()).find((t) => t.labels.job === 'mounted');
    expect(target.lastError).to.equal('');
  });

  it('asked for OpenMetrics and gzip, and got OpenMetrics 1.0.0, gzipped', async () => {
    const scrape = await app.call('lastScrape');
    expect(scrape.accept).to.match(/^application\/openmetrics-text;\s*version=1\.0\.0/);
    expect(scrape.acceptEncoding).to.include('gzip');
    expect(scrape.status).to.equal(200);
    expect(scrape.contentEncoding).to.equal('gzip');
    expect(scrape.contentType).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
  });
});
