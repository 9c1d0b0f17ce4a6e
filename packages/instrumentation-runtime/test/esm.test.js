'use strict';
// An ESM app started with --import gets the runtime series too (the layer hooks no module).
const { expect } = require('chai');
const { startApp, findSamples } = require('@nodeprom/test-utils');
const { APP } = require('./helpers');

describe('runtime: an app started with --import', function () {
  let app;
  before(async () => {
    app = await startApp(APP, { preload: 'import' });
  });
  after(async () => app?.stop());

  it('exposes the runtime series', async () => {
    const text = await app.scrape();
    expect(findSamples(text, 'nodejs_eventloop_utilization_ratio')).to.have.length(1);
    expect(
      findSamples(text, 'process_runtime_info', {
        process_runtime_name: 'nodejs',
        process_runtime_version: process.versions.node,
      }),
    ).to.have.length(1);
    expect(findSamples(text, 'v8js_memory_heap_used_bytes', { v8js_heap_space_name: 'old_space' })).to.have.length(1);
  });
});
