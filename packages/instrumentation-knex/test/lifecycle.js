'use strict';
// The migration lifecycle every supported (knex version, database) pair goes through, asserting
// after each step that the scraped gauges equal what knex.migrate.list() reports.
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService, startApp, findSamples, promtoolCheck } = require('@nodeprom/test-utils');
const { APP, expectGaugesMatchList, durationCount, warnings, waitForWarning } = require('./helpers');

const OK_MIGRATIONS = path.join(ROOT, 'packages/instrumentation-knex/test/fixtures/migrations/ok');

/**
 * `options`: service ('postgres' | 'mariadb'), reset() empties the database, env for the app,
 * labels the series carry, other() a knex instance in this (uninstrumented) process, standing for
 * another process working on the same database.
 */
function lifecycleSuite(title, { service, reset, env, labels, other, knexMajor }) {
  describe(title, function () {
    let app;
    let elsewhere;
    const upRuns = async () =>
      durationCount(await app.scrape(), { ...labels, db_migration_direction: 'up', error_type: undefined });
    const downRuns = async () =>
      durationCount(await app.scrape(), { ...labels, db_migration_direction: 'down', error_type: undefined });
    const start = () => startApp(APP, { env: { ...env, NODEPROM_KNEX_MIGRATIONS_CHECK: '1' } });

    before(async function () {
      await requireService(this, service);
      await reset();
      elsewhere = other();
      app = await start();
      expect(app.info.knexVersion.split('.')[0]).to.equal(String(knexMajor));
    });
    after(async () => {
      await app?.stop();
      await elsewhere?.destroy();
    });

    it('start-up check on a fresh database: one warning for the missing table, no gauges, no table created', async () => {
      await waitForWarning(app);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const text = await app.scrape();
      expect(findSamples(text, 'db_migrations_applied')).to.have.length(0);
      expect(findSamples(text, 'db_migrations_pending')).to.have.length(0);
      const warned = warnings(app.stderr);
      expect(warned, app.stderr).to.have.length(1);
      expect(warned[0]).to.include('NODEPROM_KNEX_MIGRATIONS_CHECK').and.to.include('knex_migrations');
      expect(await elsewhere.schema.hasTable('knex_migrations'), 'the check is read-only').to.equal(false);
    });

    it('list on a fresh database: every migration pending', async () => {
      await app.call('list');
      await expectGaugesMatchList(app, labels, { applied: 0, pending: 3 });
    });

    it('up, one migration at a time', async () => {
      await app.call('up');
      await expectGaugesMatchList(app, labels, { applied: 1, pending: 2 });
      expect(await upRuns()).to.equal(1);
      await app.call('up');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 });
      expect(await upRuns()).to.equal(2);
    });

    it('latest runs the rest', async () => {
      const [, ran] = await app.call('latest');
      expect(ran).to.deep.equal(['20240101000003_knexl_posts_body.js']);
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 });
      expect(await upRuns()).to.equal(3);
    });

    it('rollback of the last batch, then of all', async () => {
      await app.call('rollback');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 });
      expect(await downRuns()).to.equal(1);
      await app.call('rollback', 0, true);
      await expectGaugesMatchList(app, labels, { applied: 0, pending: 3 });
      expect(await downRuns()).to.equal(3);
      await app.call('latest');
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 });
      expect(await upRuns()).to.equal(6);
    });

    it('down runs one migration down', async () => {
      await app.call('down');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 });
      expect(await downRuns()).to.equal(4);
      await app.call('up');
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 });
    });

    it('status, currentVersion and forceFreeMigrationsLock re-read what another process changed', async () => {
      const migrations = { directory: OK_MIGRATIONS };
      await elsewhere.migrate.rollback(migrations);
      await app.call('status');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 }, { eventually: true });
      await elsewhere.migrate.latest(migrations);
      await app.call('currentVersion');
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 }, { eventually: true });
      await elsewhere.migrate.rollback(migrations);
      await app.call('forceFreeMigrationsLock');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 }, { eventually: true });
    });

    it("lock held by another process: the app gets knex's MigrationLocked error, nothing is timed", async () => {
      const before = await upRuns();
      await elsewhere('knex_migrations_lock').update({ is_locked: 1 });
      let caught;
      await app.call('latest').catch((error) => {
        caught = error;
      });
      expect(caught, 'latest() must reject').to.exist;
      expect(caught.name).to.equal('MigrationLocked');
      expect(caught.message).to.equal('Migration table is already locked');
      await expectGaugesMatchList(app, labels, { applied: 2, pending: 1 }, { eventually: true });
      expect(await upRuns()).to.equal(before);
      const runs = findSamples(await app.scrape(), 'db_migration_duration_seconds_count');
      expect(runs, 'some runs were recorded before').to.not.have.length(0);
      expect(runs.filter((sample) => sample.labels.error_type !== undefined)).to.have.length(0);
      await app.call('forceFreeMigrationsLock');
      await app.call('latest');
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 });
      expect(await upRuns()).to.equal(before + 1);
    });

    it('start-up check on a migrated database: gauges without any migration command, no warning', async () => {
      await app.stop();
      app = await start();
      const deadline = Date.now() + 5000;
      // The endpoint may still be binding when the app reports ready.
      const scrape = () => app.scrape().catch(() => '');
      let text = await scrape();
      while (findSamples(text, 'db_migrations_applied').length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await scrape();
      }
      expect(findSamples(text, 'db_migrations_applied', labels)).to.have.length(1);
      expect(warnings(app.stderr), app.stderr).to.have.length(0);
      expect(findSamples(text, 'db_migration_duration_seconds_count')).to.have.length(0);
      await expectGaugesMatchList(app, labels, { applied: 3, pending: 0 });
    });

    it('exposition passes promtool', async function () {
      await app.call('rollback');
      expect(promtoolCheck(this, await app.scrape())).to.equal('');
    });
  });
}

module.exports = { lifecycleSuite };
