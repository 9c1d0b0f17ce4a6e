'use strict';
// A migration's own SQL is the SQL layer's to count (pg, mysql2): once, with its DDL operation
// name, whether or not the knex layer is on.
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');
const { APP, resetPostgres, resetMariadb } = require('./helpers');

const OPERATION = 'db_client_operation_duration_seconds_count';

/** Counts of the SQL layer's operations on the migrations' own tables, by `operation collection`. */
function migrationSql(text) {
  const counts = {};
  for (const sample of findSamples(text, OPERATION)) {
    const collection = sample.labels.db_collection_name;
    if (collection === undefined || !collection.startsWith('knexl_')) continue;
    const key = `${sample.labels.db_operation_name} ${collection}`;
    counts[key] = (counts[key] ?? 0) + sample.value;
  }
  return counts;
}

async function latestSql(env) {
  const app = await startApp(APP, { env });
  try {
    await app.call('latest');
    const text = await app.scrape();
    await app.call('rollback', 0, true);
    return { sql: migrationSql(text), runs: findSamples(text, 'db_migration_duration_seconds_count') };
  } finally {
    await app.stop();
  }
}

for (const [service, client, reset, system] of [
  ['postgres', 'pg', () => resetPostgres('knexl_a'), 'postgresql'],
  ['mariadb', 'mysql2', () => resetMariadb('knexl_a'), 'mariadb'],
]) {
  describe(`knex migrations' SQL on ${system}`, function () {
    before(async function () {
      await requireService(this, service);
      await reset();
    });
    after(reset);

    it('is counted exactly once by the SQL layer, the same with the knex layer off', async () => {
      const env = { KNEX_CLIENT: client, KNEX_DATABASES: 'knexl_a' };
      const withKnex = await latestSql(env);
      expect(withKnex.runs.map((sample) => sample.labels.db_system_name)).to.deep.equal([system]);
      expect(withKnex.sql).to.include({
        'CREATE knexl_users': 1,
        'CREATE knexl_posts': 1,
        'ALTER knexl_posts': 1,
        'UPDATE knexl_posts': 1,
      });
      const withoutKnex = await latestSql({ ...env, NODEPROM_DISABLED_INSTRUMENTATIONS: 'knex' });
      expect(withoutKnex.runs).to.have.length(0);
      expect(withKnex.sql).to.deep.equal(withoutKnex.sql);
    });
  });
}
