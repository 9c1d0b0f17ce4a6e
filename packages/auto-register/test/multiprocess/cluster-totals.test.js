'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, promtoolCheck } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal } = require('./helpers');

// node:cluster with the preload in every process: one port serves the whole service.
for (const workers of [2, 4]) {
  describe(`node:cluster with ${workers} workers`, function () {
    let app;
    before(async () => {
      app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: String(workers) } });
    });
    after(async () => app && app.stop());

    it('one scrape of the port counts every request served by every worker, exactly once', async function () {
      const N = 200;
      const byWorker = await sendRequests(app.info.port, N);
      expect(byWorker.size, 'requests reached several workers').to.be.greaterThan(1);
      const text = await app.scrape();
      expect(requestTotal(text)).to.equal(N);
      expect(
        sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
      ).to.equal(N);
      expect(text.match(/^target_info\{/gm)).to.have.length(1);
      expect(promtoolCheck(this, text)).to.equal('');
      expect(app.stderr).not.to.include('in use');

      // The aggregated body speaks OpenMetrics too, when the scraper prefers it (Prometheus does).
      const response = await fetch(app.metricsUrl, {
        headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
      });
      const openMetrics = await response.text();
      expect(response.headers.get('content-type')).to.include('application/openmetrics-text');
      expect(openMetrics.endsWith('# EOF\n')).to.equal(true);
      expect(requestTotal(openMetrics)).to.equal(N);
      expect(openMetrics.match(/^# TYPE http_server_request_duration_seconds histogram$/gm)).to.have.length(1);
    });
  });
}
