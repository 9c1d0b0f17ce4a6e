'use strict';
const { expect } = require('chai');
const path = require('node:path');
const { requireService, startApp, sampleValue, findSamples, ROOT } = require('@nodeprom/test-utils');
const { eventually } = require('./helpers');

const DATABASE = 'mpknex_a';

/** A database of this test's own, created if missing and emptied of knex's tables. */
async function resetDatabase() {
  const { Client } = require('pg');
  const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: DATABASE });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS knex_migrations, knex_migrations_lock, knexl_users, knexl_posts CASCADE');
  } finally {
    await client.end();
  }
}

// Every worker lists the same database's migrations: the service reports one value per database,
// the most advanced view (max applied, min pending), not one value per worker added up.
describe('node:cluster: migration gauges of 3 workers on one database', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    await resetDatabase();
    // Two of the three migrations applied before the service starts (by this test, not by the service).
    const knex = require('knex')({
      client: 'pg',
      connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: DATABASE },
      migrations: {
        directory: path.join(ROOT, 'packages', 'instrumentation-knex', 'test', 'fixtures', 'migrations', 'ok'),
      },
    });
    try {
      await knex.migrate.up();
      await knex.migrate.up();
    } finally {
      await knex.destroy();
    }
    app = await startApp('test-fixtures/apps/cluster-knex-app.js', {
      env: { WORKERS: '3', KNEX_DATABASE: DATABASE, NODEPROM_KNEX_MIGRATIONS_CHECK: '1' },
    });
  });
  after(async () => app && app.stop());

  it('are not multiplied by the number of workers, and follow the worker that migrated', async () => {
    const labels = { db_system_name: 'postgresql', db_namespace: DATABASE };
    await eventually(async () => {
      const text = await app.scrape();
      expect(findSamples(text, 'db_migrations_pending', labels)).to.have.length(1);
      expect(sampleValue(text, 'db_migrations_applied', labels)).to.equal(2);
      expect(sampleValue(text, 'db_migrations_pending', labels)).to.equal(1);
    });
    expect(await app.call('latestInOneWorker')).to.deep.equal({ applied: 1 });
    const text = await app.scrape();
    expect(sampleValue(text, 'db_migrations_applied', labels)).to.equal(3);
    expect(sampleValue(text, 'db_migrations_pending', labels)).to.equal(0);
  });
});
