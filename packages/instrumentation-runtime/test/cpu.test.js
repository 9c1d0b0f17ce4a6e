'use strict';
// CPU time is a counter read at scrape time: a 500 ms busy loop adds at least 0.4 s of user time.
const { expect } = require('chai');
const { startApp, parseExposition } = require('@nodeprom/test-utils');
const { APP, valueOf } = require('./helpers');

describe('runtime: CPU time', function () {
  let app;
  before(async () => {
    app = await startApp(APP);
  });
  after(async () => app?.stop());

  it('adds a 500 ms busy loop to process_cpu_time_seconds_total{cpu_mode="user"}', async () => {
    const before = valueOf(await app.scrape(), 'process_cpu_time_seconds_total', { cpu_mode: 'user' });
    await app.call('cpu', 500);
    const text = await app.scrape();
    expect(valueOf(text, 'process_cpu_time_seconds_total', { cpu_mode: 'user' }) - before).to.be.at.least(0.4);
    expect(parseExposition(text).families.get('process_cpu_time_seconds_total').type).to.equal('counter');
    expect(valueOf(text, 'process_cpu_time_seconds_total', { cpu_mode: 'system' })).to.be.above(0);
  });
});
