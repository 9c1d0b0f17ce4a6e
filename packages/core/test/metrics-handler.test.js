'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, findSamples, promtoolCheck } = require('@nodeprom/test-utils');
const { scrape, PROMETHEUS_ACCEPT } = require('./scrape-client');

const COUNT = 'http_server_request_duration_seconds_count';

// The same scenario in each server a user mounts the handler in.
const setups = [
  { framework: 'express', start: 'preload', route: '/hello' },
  { framework: 'fastify', start: 'preload', route: '/hello' },
  { framework: 'http', start: 'preload', route: undefined },
  { framework: 'express', start: 'code', route: '/hello' },
];

for (const { framework, start, route } of setups) {
  describe(`metricsHandler() mounted in a ${framework} app (${start === 'code' ? 'registerInstrumentations({ serve: false })' : 'preload, NODEPROM_PORT=none'})`, function () {
    let app;
    let base;
    before(async () => {
      app = await startApp('test-fixtures/apps/mounted-metrics-app.js', {
        preload: start === 'code' ? 'none' : 'require',
        env: {
          FRAMEWORK: framework,
          START: start,
          NODEPROM_PORT: start === 'code' ? '0' : 'none',
          OTEL_LOG_LEVEL: 'info',
        },
      });
      base = `http://127.0.0.1:${app.info.port}`;
    });
    after(() => app.stop());

    it('serves the exposition at the app route, gzipped when asked, and starts no port of its own', async function () {
      const response = await scrape(`${base}/metrics`, { accept: PROMETHEUS_ACCEPT, 'accept-encoding': 'gzip' });
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/openmetrics-text; version=1.0.0; charset=utf-8');
      expect(response.headers['content-encoding']).to.equal('gzip');
      expect(response.text).to.include('# TYPE http_server_active_requests gauge');
      expect(response.text.endsWith('# EOF\n')).to.equal(true);
      expect(promtoolCheck(this, (await scrape(`${base}/metrics`)).text)).to.equal('');
      expect(app.stderr).not.to.include('serving metrics at');
      const head = await scrape(`${base}/metrics`, {}, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.body.length).to.equal(0);
    });

    it("counts the app's requests and leaves the scrapes out of the HTTP metrics", async () => {
      await (await fetch(`${base}/hello`)).text();
      await (await fetch(`${base}/hello`)).text();
      await scrape(`${base}/metrics`);
      await scrape(`${base}/metrics`, { 'accept-encoding': 'gzip' }, { method: 'HEAD' });
      const { text } = await scrape(`${base}/metrics`);
      expect(
        sampleValue(text, COUNT, { http_request_method: 'GET', http_route: route, http_response_status_code: '200' }),
      ).to.equal(2);
      expect(findSamples(text, COUNT).reduce((sum, s) => sum + s.value, 0)).to.equal(2);
      expect(text).not.to.include('http_route="/metrics"');
      // The scrape being answered is the one request in flight; finished scrapes left nothing behind.
      expect(findSamples(text, 'http_server_active_requests').reduce((sum, s) => sum + s.value, 0)).to.equal(1);
    });
  });
}
