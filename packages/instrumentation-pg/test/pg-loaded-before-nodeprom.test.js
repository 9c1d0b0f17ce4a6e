'use strict';
// The pg layer: pg layer: pg loaded before nodeprom.
const { expect } = require('chai');
const { requireService, startApp } = require('@nodeprom/test-utils');

describe('pg layer: pg loaded before nodeprom', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('packages/instrumentation-pg/test/fixtures/pg-early-app.js', { preload: 'none' });
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('warns once, naming pg, and the app still works', async () => {
    expect(await app.call('text', 'SELECT 1 AS n')).to.equal(1);
    const warnings = app.stderr.split('\n').filter((line) => line.includes('[nodeprom] warn'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('pg was loaded before nodeprom');
  });
});
