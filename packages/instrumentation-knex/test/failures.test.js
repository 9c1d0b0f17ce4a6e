'use strict';
// Failing migrations: the error reaches the app exactly as it does without nodeprom, the failed
// file is observed with a bounded error_type, and the gauges follow what the database kept.
const { expect } = require('chai');
const { requireService, startApp, sampleValue } = require('@nodeprom/test-utils');
const { APP, resetPostgres, resetMariadb, expectGaugesMatchList } = require('./helpers');

async function latestError(env, preload) {
  const app = await startApp(APP, { env, preload });
  try {
    await app.call('latest');
  } catch (error) {
    return {
      app,
      error: { message: error.message, name: error.name, code: error.code, constructorName: error.constructorName },
    };
  }
  await app.stop();
  throw new Error('latest() resolved; the migration was meant to fail');
}

const cases = [
  {
    title: 'PostgreSQL: a migration failing in the database',
    service: 'postgres',
    reset: () => resetPostgres('knexl_a'),
    env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a', KNEX_MIGRATIONS: 'failing' },
    labels: { db_system_name: 'postgresql', db_namespace: 'knexl_a' },
    errorType: '42P01',
    constructorName: 'DatabaseError',
    // Transactional DDL: the whole batch is rolled back.
    after: { applied: 0, pending: 2 },
    okRuns: 1,
  },
  {
    title: 'PostgreSQL: a migration throwing in its own code',
    service: 'postgres',
    reset: () => resetPostgres('knexl_a'),
    env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a', KNEX_MIGRATIONS: 'throws' },
    labels: { db_system_name: 'postgresql', db_namespace: 'knexl_a' },
    errorType: 'DataFixError',
    constructorName: 'DataFixError',
    after: { applied: 0, pending: 1 },
    okRuns: 0,
  },
  {
    title: 'MariaDB: a migration failing in the database',
    service: 'mariadb',
    reset: () => resetMariadb('knexl_a'),
    env: { KNEX_CLIENT: 'mysql2', KNEX_DATABASES: 'knexl_a', KNEX_MIGRATIONS: 'failing' },
    labels: { db_system_name: 'mariadb', db_namespace: 'knexl_a' },
    errorType: 'ER_NO_SUCH_TABLE',
    constructorName: 'Error',
    // The failing ALTER commits the transaction implicitly before it runs, so the first
    // migration's row stays: only a re-read of the database gets this right.
    after: { applied: 1, pending: 1 },
    okRuns: 1,
  },
];

for (const c of cases) {
  describe(`knex failing migration, ${c.title}`, function () {
    let bare;
    let instrumented;
    before(async function () {
      await requireService(this, c.service);
      await c.reset();
      bare = await latestError(c.env, 'none');
      await bare.app.stop();
      await c.reset();
      instrumented = await latestError(c.env, 'require');
    });
    after(async () => {
      await instrumented?.app.stop();
      await c.reset();
    });

    it('passes the error to the app unchanged', () => {
      expect(instrumented.error.constructorName).to.equal(c.constructorName);
      expect(instrumented.error).to.deep.equal(bare.error);
    });

    it(`observes the failed run with error_type ${c.errorType}, and the runs before it without`, async () => {
      const text = await instrumented.app.scrape();
      expect(
        sampleValue(text, 'db_migration_duration_seconds_count', {
          ...c.labels,
          db_migration_direction: 'up',
          error_type: c.errorType,
        }),
      ).to.equal(1);
      expect(
        sampleValue(text, 'db_migration_duration_seconds_count', {
          ...c.labels,
          db_migration_direction: 'up',
          error_type: undefined,
        }) ?? 0,
      ).to.equal(c.okRuns);
    });

    it('re-reads the gauges from the database after the failure', async () => {
      await expectGaugesMatchList(instrumented.app, c.labels, c.after, { eventually: true });
    });
  });
}

describe('knex failing migration that the app leaves unhandled', function () {
  before(async function () {
    await requireService(this, 'postgres');
    await resetPostgres('knexl_a');
  });

  it("still surfaces as an unhandled rejection with the migration's own error", async () => {
    const app = await startApp(APP, {
      env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a', KNEX_MIGRATIONS: 'throws' },
    });
    try {
      const outcome = await app.call('latestUnhandled');
      expect(outcome).to.deep.include({ unhandled: true, name: 'DataFixError' });
    } finally {
      await app.stop();
    }
  });
});
