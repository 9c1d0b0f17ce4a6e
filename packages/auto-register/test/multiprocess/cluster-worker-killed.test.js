'use strict';
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal } = require('./helpers');

// A worker killed outright (SIGKILL: no exit handler runs) right after a scrape: the state it handed
// to that scrape was saved first, so nothing it counted is lost and the totals never go back.
describe('node:cluster: a worker killed with SIGKILL after a scrape', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: '2' } });
  });
  after(async () => app && app.stop());

  it('keeps what the killed worker counted until the scrape before its death', async () => {
    await sendRequests(app.info.port, 50);
    const before = requestTotal(await app.scrape());
    expect(before).to.equal(50);
    await app.call('replaceWorker', 'SIGKILL');
    const afterKill = requestTotal(await app.scrape());
    expect(afterKill).to.equal(50);
    await sendRequests(app.info.port, 30);
    expect(requestTotal(await app.scrape())).to.equal(80);
  });
});
