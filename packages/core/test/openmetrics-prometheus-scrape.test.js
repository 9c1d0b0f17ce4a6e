'use strict';
const { expect } = require('chai');
const { startApp, promtoolCheck } = require('@nodeprom/test-utils');
const { startPrometheus, requirePrometheus } = require('./prometheus');
const { scrape, PROMETHEUS_ACCEPT } = require('./scrape-client');

// promtool 2.42 parses only the Prometheus text format (a `# TYPE target info` is "unknown metric
// type" to it), so the OpenMetrics body is validated by a real Prometheus 2.42 scraping it.
describe("a real Prometheus scrapes nodeprom's OpenMetrics body", function () {
  let app;
  let prometheus;
  before(async function () {
    requirePrometheus(this);
    app = await startApp('test-fixtures/apps/user-metrics-app.js', { env: { OTEL_SERVICE_NAME: 'checkout' } });
    await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
    await app.call('order');
    prometheus = await startPrometheus([
      { job_name: 'om', static_configs: [{ targets: [`127.0.0.1:${app.metricsPort}`] }] },
    ]);
  });
  after(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it("is what the endpoint answers to Prometheus's Accept header: OpenMetrics 1.0.0 ending in # EOF", async () => {
    const response = await scrape(app.metricsUrl, { accept: PROMETHEUS_ACCEPT });
    expect(response.headers['content-type']).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(response.text).to.include('\n# TYPE shop_orders counter\nshop_orders_total{channel="web"} 1\n');
    expect(response.text.endsWith('\n# EOF\n')).to.equal(true);
  });

  it('is scraped without errors, counters, histograms (both scopes) and target_info stored', async () => {
    await prometheus.until(async () => (await prometheus.query('up{job="om"} == 1')).length === 1, 'up == 1');
    const value = async (expr) =>
      (
        await prometheus.until(async () => {
          const found = await prometheus.query(expr);
          return found.length === 1 ? found : undefined;
        }, expr)
      )[0].value;
    expect(await value('shop_orders_total{job="om",channel="web"}')).to.equal(1);
    expect(await value('http_server_request_duration_seconds_count{job="om",source="app"}')).to.equal(1);
    expect(
      await value('http_server_request_duration_seconds_bucket{job="om",http_response_status_code="200",le="+Inf"}'),
    ).to.equal(1);
    expect(await value('target_info{job="om",service_name="checkout"}')).to.equal(1);
    const target = (await prometheus.targets()).find((t) => t.labels.job === 'om');
    expect(target.lastError).to.equal('');
  });

  it('the Prometheus text of the same app stays promtool clean', async function () {
    const response = await scrape(app.metricsUrl, { accept: 'text/plain;version=0.0.4' });
    expect(response.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
    expect(promtoolCheck(this, response.text)).to.equal('');
  });
});
