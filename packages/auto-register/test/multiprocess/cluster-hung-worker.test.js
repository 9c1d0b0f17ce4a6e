'use strict';
const { expect } = require('chai');
const { startApp, sampleValue } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal } = require('./helpers');

// A worker stuck in synchronous work cannot answer: the scrape must not wait for it. It answers within
// NODEPROM_MULTIPROCESS_TIMEOUT_MS with that worker's last known values, and counts the miss.
describe('node:cluster: a worker whose event loop is blocked for 10 s', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/cluster-app.js', {
      env: { WORKERS: '2', NODEPROM_MULTIPROCESS_TIMEOUT_MS: '500' },
    });
  });
  after(async () => app && app.stop());

  it('does not hang the scrape: last known values are served and nodeprom_scrape_errors_total counts the miss', async () => {
    const N = 40;
    await sendRequests(app.info.port, N);
    expect(requestTotal(await app.scrape())).to.equal(N);
    const pid = await app.call('block', 10000);
    const text = await app.scrape();
    // The scrape came back while the worker was still blocked: it did not wait for it.
    expect(await app.call('stillBlocked', pid)).to.equal(true);
    expect(requestTotal(text)).to.equal(N);
    const next = await app.scrape();
    expect(await app.call('stillBlocked', pid)).to.equal(true);
    expect(sampleValue(next, 'nodeprom_scrape_errors_total', { error_type: 'timeout' })).to.be.at.least(1);
  });
});
