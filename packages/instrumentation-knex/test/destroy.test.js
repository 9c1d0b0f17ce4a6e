'use strict';
// An app that migrates with its own knex instance and destroys it straight after: the gauges
// must not depend on a query made after the command (the pool is gone by then).
const path = require('node:path');
const { expect } = require('chai');
const knex = require('knex');
const { ROOT, requireService, startApp } = require('@nodeprom/test-utils');
const { APP, resetPostgres, gauges } = require('./helpers');

describe('knex instance destroyed right after migrating', function () {
  let app;
  let elsewhere;
  before(async function () {
    await requireService(this, 'postgres');
    await resetPostgres('knexl_a');
    elsewhere = knex({
      client: 'pg',
      connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'knexl_a' },
      pool: { min: 0, max: 1 },
    });
    app = await startApp(APP, { env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a' } });
  });
  after(async () => {
    await app?.stop();
    await elsewhere?.migrate.rollback(
      { directory: path.join(ROOT, 'packages/instrumentation-knex/test/fixtures/migrations/ok') },
      true,
    );
    await elsewhere?.destroy();
  });

  it('keeps the counts knex reported, equal to the database', async () => {
    await app.call('latestThenDestroy');
    const scraped = gauges(await app.scrape(), { db_system_name: 'postgresql', db_namespace: 'knexl_a' });
    const [completed, pending] = await elsewhere.migrate.list({
      directory: path.join(ROOT, 'packages/instrumentation-knex/test/fixtures/migrations/ok'),
    });
    expect(scraped).to.deep.equal({ applied: completed.length, pending: pending.length });
    expect(scraped).to.deep.equal({ applied: 3, pending: 0 });
  });
});
