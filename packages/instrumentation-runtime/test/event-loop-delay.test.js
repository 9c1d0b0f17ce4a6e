'use strict';
// Each scrape reports the event loop delay of its own window: a 300 ms block shows in the next
// scrape only.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { APP, valueOf } = require('./helpers');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runtime: event loop delay window', function () {
  let app;
  before(async () => {
    app = await startApp(APP);
  });
  after(async () => app?.stop());

  it('reports a 300 ms block in the next scrape, and not in the one after', async () => {
    await app.scrape(); // starts a fresh window
    await sleep(100);
    await app.call('block', 300);
    const blocked = await app.scrape();
    expect(valueOf(blocked, 'nodejs_eventloop_delay_max_seconds')).to.be.at.least(0.3);
    expect(valueOf(blocked, 'nodejs_eventloop_delay_p99_seconds')).to.be.at.least(0.3);
    expect(valueOf(blocked, 'nodejs_eventloop_utilization_ratio')).to.be.above(0.5);
    await sleep(300);
    const after = await app.scrape();
    expect(valueOf(after, 'nodejs_eventloop_delay_max_seconds')).to.be.below(0.05);
    expect(valueOf(after, 'nodejs_eventloop_delay_min_seconds')).to.be.above(0);
  });
});
