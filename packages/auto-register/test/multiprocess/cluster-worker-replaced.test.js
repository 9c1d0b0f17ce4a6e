'use strict';
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal } = require('./helpers');

// A worker stopped mid-run (SIGTERM, as an orchestrator or a deploy does) and replaced by the primary:
// what it counted stays in the totals, so counters never go backwards and rate() sees no drop.
describe('node:cluster: a worker replaced mid-run', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: '4' } });
  });
  after(async () => app && app.stop());

  it('keeps the totals of the replaced worker: they never decrease and end exactly at N', async () => {
    const totals = [];
    let sent = 0;
    for (let round = 0; round < 3; round++) {
      await sendRequests(app.info.port, 60);
      sent += 60;
      totals.push(requestTotal(await app.scrape()));
      const { stopped, started } = await app.call('replaceWorker');
      expect(started).to.not.equal(stopped);
      totals.push(requestTotal(await app.scrape()));
    }
    await sendRequests(app.info.port, 60);
    sent += 60;
    totals.push(requestTotal(await app.scrape()));
    for (let i = 1; i < totals.length; i++)
      expect(totals[i], `scrape ${i} of ${totals.join(', ')}`).to.be.at.least(totals[i - 1]);
    expect(totals[totals.length - 1]).to.equal(sent);
  });
});
