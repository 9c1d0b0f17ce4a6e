'use strict';
// An ESM app (node --import @nodeprom/auto-register) with .mjs migrations.
const { expect } = require('chai');
const { requireService, startApp } = require('@nodeprom/test-utils');
const { ESM_APP, resetPostgres, expectGaugesMatchList, durationCount } = require('./helpers');

describe('knex in an ESM app with .mjs migrations', function () {
  let app;
  const labels = { db_system_name: 'postgresql', db_namespace: 'knexl_b' };
  before(async function () {
    await requireService(this, 'postgres');
    await resetPostgres('knexl_b');
    app = await startApp(ESM_APP, { preload: 'import', env: { KNEX_DATABASES: 'knexl_b' } });
  });
  after(async () => {
    await app?.stop();
    await resetPostgres('knexl_b');
  });

  it('times each .mjs migration and keeps the gauges equal to knex.migrate.list()', async () => {
    await app.call('list');
    await expectGaugesMatchList(app, labels, { applied: 0, pending: 2 });
    const [, ran] = await app.call('latest');
    expect(ran).to.have.length(2);
    await expectGaugesMatchList(app, labels, { applied: 2, pending: 0 });
    expect(
      durationCount(await app.scrape(), { ...labels, db_migration_direction: 'up', error_type: undefined }),
    ).to.equal(2);
    await app.call('rollback');
    await expectGaugesMatchList(app, labels, { applied: 0, pending: 2 });
    expect(
      durationCount(await app.scrape(), { ...labels, db_migration_direction: 'down', error_type: undefined }),
    ).to.equal(2);
  });
});
