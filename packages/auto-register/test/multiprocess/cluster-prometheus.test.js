'use strict';
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { startPrometheus, requirePrometheus } = require('../../../core/test/prometheus');
const { sendRequests } = require('./helpers');

// A real Prometheus 2.42 scraping a node:cluster service every second (OpenMetrics, gzip), while
// workers are replaced: one target, the exact total, and not a single counter reset in its data.
describe('a real Prometheus scraping a node:cluster service whose workers are replaced', function () {
  let app;
  let prometheus;
  before(async function () {
    requirePrometheus(this);
    app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: '3' } });
    prometheus = await startPrometheus([
      { job_name: 'cluster', static_configs: [{ targets: [`127.0.0.1:${app.metricsPort}`] }] },
    ]);
  });
  after(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it('stores the exact total and sees no counter reset', async () => {
    const total = 'sum(http_server_request_duration_seconds_count{job="cluster"})';
    const valueIs = (expr, wanted) =>
      prometheus.until(async () => {
        const found = await prometheus.query(expr);
        return found.length === 1 && found[0].value === wanted;
      }, `${expr} == ${wanted}`);
    await prometheus.until(async () => (await prometheus.query('up{job="cluster"} == 1')).length === 1, 'up == 1');
    await sendRequests(app.info.port, 90);
    await valueIs(total, 90);
    for (let i = 0; i < 2; i++) {
      await app.call('replaceWorker');
      await sendRequests(app.info.port, 30);
    }
    await valueIs(total, 150);
    const resets = await prometheus.query(
      'sum(resets(http_server_request_duration_seconds_count{job="cluster"}[10m]))',
    );
    expect(resets).to.have.length(1);
    expect(resets[0].value).to.equal(0);
  });
});
