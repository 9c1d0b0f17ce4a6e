'use strict';
// The pg layer: pg layer: an ESM app (import pg from 'pg') with --import.
const { expect } = require('chai');
const { requireService, startApp } = require('@nodeprom/test-utils');
const { DURATION, WAIT, SERVER, count } = require('./helpers');

describe("pg layer: an ESM app (import pg from 'pg') with --import", function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('packages/instrumentation-pg/test/fixtures/pg-esm-app.mjs', { preload: 'import' });
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('records client and pool queries without a loader hook', async () => {
    expect(await app.call('text', 'SELECT generate_series(1, 3) AS n')).to.equal(3);
    expect(await app.call('poolQuery', 'SELECT 1 AS n')).to.equal(1);
    const text = await app.scrape();
    expect(
      count(text, DURATION, {
        ...SERVER,
        db_operation_name: 'SELECT',
        db_collection_name: undefined,
        error_type: undefined,
      }),
    ).to.equal(2);
    expect(count(text, WAIT, { db_system_name: 'postgresql', db_client_connection_pool_name: 'esm' })).to.equal(1);
    expect(app.stderr).to.not.include('[nodeprom]');
  });
});
