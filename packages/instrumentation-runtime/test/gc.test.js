'use strict';
// A forced major collection shows in the GC histogram under its kind.
const { expect } = require('chai');
const { startApp, sampleValue } = require('@nodeprom/test-utils');
const { APP, valueOf } = require('./helpers');

describe('runtime: garbage collection', function () {
  let app;
  before(async () => {
    app = await startApp(APP, { execArgv: ['--expose-gc'] });
  });
  after(async () => app?.stop());

  it('counts a forced major collection in v8js_gc_duration_seconds{v8js_gc_type="major"}', async () => {
    const before = sampleValue(await app.scrape(), 'v8js_gc_duration_seconds_count', { v8js_gc_type: 'major' }) ?? 0;
    await app.call('gc');
    const text = await app.scrape();
    expect(valueOf(text, 'v8js_gc_duration_seconds_count', { v8js_gc_type: 'major' })).to.be.above(before);
    expect(valueOf(text, 'v8js_gc_duration_seconds_sum', { v8js_gc_type: 'major' })).to.be.above(0);
  });
});
