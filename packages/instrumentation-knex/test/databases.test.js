'use strict';
// Two knex instances on two databases: counted apart by db_namespace.
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');
const { APP, resetPostgres, expectGaugesMatchList, durationCount } = require('./helpers');

describe('knex with two databases', function () {
  let app;
  const a = { db_system_name: 'postgresql', db_namespace: 'knexl_a' };
  const b = { db_system_name: 'postgresql', db_namespace: 'knexl_b' };
  before(async function () {
    await requireService(this, 'postgres');
    await resetPostgres('knexl_a', 'knexl_b');
    app = await startApp(APP, { env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a,knexl_b' } });
  });
  after(async () => {
    await app?.stop();
    await resetPostgres('knexl_a', 'knexl_b');
  });

  it('keeps separate gauges and durations per db_namespace', async () => {
    await app.call('latest', 0);
    await app.call('up', 1);
    await expectGaugesMatchList(app, a, { applied: 3, pending: 0 }, { index: 0 });
    await expectGaugesMatchList(app, b, { applied: 1, pending: 2 }, { index: 1 });
    const text = await app.scrape();
    expect(findSamples(text, 'db_migrations_applied')).to.have.length(2);
    expect(durationCount(text, { ...a, db_migration_direction: 'up' })).to.equal(3);
    expect(durationCount(text, { ...b, db_migration_direction: 'up' })).to.equal(1);
    await app.call('rollback', 0, true);
    await expectGaugesMatchList(app, a, { applied: 0, pending: 3 }, { index: 0 });
    await expectGaugesMatchList(app, b, { applied: 1, pending: 2 }, { index: 1 });
  });
});
