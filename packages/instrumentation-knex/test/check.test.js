'use strict';
// The start-up check: opt-in, in the background, and harmless when the database is down.
const { expect } = require('chai');
const { requireService, startApp, freePort, findSamples } = require('@nodeprom/test-utils');
const { APP, resetPostgres, warnings, waitForWarning } = require('./helpers');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('knex start-up check with the database down', function () {
  let app;
  before(async () => {
    const port = await freePort();
    app = await startApp(APP, {
      env: { KNEX_CLIENT: 'pg', KNEX_PORT: String(port), NODEPROM_KNEX_MIGRATIONS_CHECK: '1' },
    });
  });
  after(async () => app?.stop());

  // How long creating the instance takes is the benchmarks' business (a timed test fails on a
  // loaded machine): here, that the app starts and answers while the database is down.
  it('lets the app start and answer while the database is down', async () => {
    expect(await app.call('ping')).to.equal('pong');
  });

  it('warns once, reports no gauges, and the app keeps running', async () => {
    await waitForWarning(app);
    await sleep(300);
    const text = await app.scrape();
    expect(findSamples(text, 'db_migrations_applied')).to.have.length(0);
    expect(findSamples(text, 'db_migrations_pending')).to.have.length(0);
    const warned = warnings(app.stderr);
    expect(warned, app.stderr).to.have.length(1);
    expect(warned[0]).to.include('NODEPROM_KNEX_MIGRATIONS_CHECK').and.to.include('ECONNREFUSED');
    expect(await app.call('ping')).to.equal('pong');
  });
});

describe('knex start-up check off (the default)', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    await resetPostgres('knexl_a');
    app = await startApp(APP, {
      env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a', NODEPROM_KNEX_MIGRATIONS_CHECK: '' },
    });
  });
  after(async () => app?.stop());

  it('reads nothing at start-up: no gauges, no warning, until the app runs a migration command', async () => {
    await sleep(1800);
    let text = await app.scrape();
    expect(findSamples(text, 'db_migrations_applied')).to.have.length(0);
    expect(warnings(app.stderr), app.stderr).to.have.length(0);
    await app.call('list');
    text = await app.scrape();
    expect(findSamples(text, 'db_migrations_pending', { db_namespace: 'knexl_a' })).to.have.length(1);
  });
});
