'use strict';
// Open descriptors come from /proc (Linux): opening 100 files adds about 100.
const fs = require('node:fs');
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { APP, valueOf } = require('./helpers');

describe('runtime: file descriptors', function () {
  let app;
  before(async function () {
    if (!fs.existsSync('/proc/self/fd')) {
      process.stdout.write('      skipped: no /proc on this system (the series are absent there by design)\n');
      this.skip();
    }
    app = await startApp(APP);
  });
  after(async () => app?.stop());

  it('counts 100 opened files in process_open_fds, below the limit', async () => {
    const before = valueOf(await app.scrape(), 'process_open_fds');
    await app.call('openFiles', 100);
    const text = await app.scrape();
    const grown = valueOf(text, 'process_open_fds') - before;
    expect(grown).to.be.within(95, 105);
    expect(valueOf(text, 'process_max_fds')).to.be.above(valueOf(text, 'process_open_fds'));
    await app.call('closeFiles');
    expect(valueOf(await app.scrape(), 'process_open_fds') - before).to.be.within(-5, 5);
  });
});
