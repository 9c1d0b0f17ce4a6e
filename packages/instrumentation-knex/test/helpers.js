'use strict';
// Shared by the knex layer's tests: databases of our own (knexl_*), reset between suites, and the
// assertions that compare the scraped gauges with what knex lists.
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { expect } = require('chai');
const { ROOT, findSamples, sampleValue } = require('@nodeprom/test-utils');

const APP = path.join(ROOT, 'packages/instrumentation-knex/test/fixtures/knex-app.js');
const ESM_APP = path.join(ROOT, 'packages/instrumentation-knex/test/fixtures/knex-esm-app.mjs');
const KNEX_2_DIR = path.join(ROOT, 'test-fixtures/versions/knex-2');

/*
 * The knexl_* databases are shared by every run of these tests on this machine (several people's
 * mocha runs can include them at once): one run at a time holds a PostgreSQL advisory lock for its
 * whole duration. Registered once per mocha process, as root hooks.
 */
let runLock;
before(async function () {
  this.timeout(300000);
  const { reachable } = require('@nodeprom/test-utils');
  if (!(await reachable(5432))) return;
  const { Client } = require('pg');
  runLock = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await runLock.connect();
  await runLock.query("SELECT pg_advisory_lock(hashtext('knexl_tests'))");
});
after(async () => {
  await runLock?.end();
});

/** Creates the PostgreSQL databases if missing and empties them. */
async function resetPostgres(...databases) {
  const { Client } = require('pg');
  const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await admin.connect();
  try {
    for (const database of databases) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await admin.end();
  }
  for (const database of databases) {
    const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'knex%')",
      );
      if (rows.length > 0)
        await client.query(`DROP TABLE ${rows.map((row) => `"${row.tablename}"`).join(', ')} CASCADE`);
    } finally {
      await client.end();
    }
  }
}

async function resetMariadb(database) {
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${database}`);
    const [rows] = await connection.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE 'knex%'",
      [database],
    );
    for (const row of rows) await connection.query(`DROP TABLE \`${database}\`.\`${row.name}\``);
  } finally {
    await connection.end();
  }
}

/** Marks knex's migration lock as taken, as a migrator in another process would. */
async function holdPostgresLock(database, locked = 1) {
  const { Client } = require('pg');
  const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database });
  await client.connect();
  try {
    await client.query('UPDATE knex_migrations_lock SET is_locked = $1', [locked]);
  } finally {
    await client.end();
  }
}

function gauges(text, labels) {
  return {
    applied: sampleValue(text, 'db_migrations_applied', labels),
    pending: sampleValue(text, 'db_migrations_pending', labels),
  };
}

/**
 * Scrapes first, then asks knex for its lists, and checks the gauges agree with them (and with
 * the counts the test expects at this step). `eventually` retries for a refresh made in the background.
 */
async function expectGaugesMatchList(app, labels, expected, { index = 0, eventually = false } = {}) {
  // Polls only the scrape: list() itself sets the gauges, so it is called once, after.
  const deadline = Date.now() + (eventually ? 5000 : 0);
  let scraped = gauges(await app.scrape(), labels);
  while (eventually && !isDeepStrictEqual(scraped, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    scraped = gauges(await app.scrape(), labels);
  }
  const listed = await app.call('list', index);
  const truth = { applied: listed.completed.length, pending: listed.pending.length };
  expect(truth).to.deep.equal(expected, 'knex.migrate.list()');
  expect(scraped).to.deep.equal(truth, 'scraped gauges vs knex.migrate.list()');
}

function durationCount(text, labels) {
  return findSamples(text, 'db_migration_duration_seconds_count', labels).reduce(
    (sum, sample) => sum + sample.value,
    0,
  );
}

function warnings(stderr) {
  return stderr.split('\n').filter((line) => line.startsWith('[nodeprom] warn'));
}

/** Waits (up to `ms`) until the app has written a nodeprom warning; returns them all. */
async function waitForWarning(app, ms = 6000) {
  const deadline = Date.now() + ms;
  while (warnings(app.stderr).length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return warnings(app.stderr);
}

module.exports = {
  waitForWarning,
  APP,
  ESM_APP,
  KNEX_2_DIR,
  resetPostgres,
  resetMariadb,
  holdPostgresLock,
  gauges,
  expectGaugesMatchList,
  durationCount,
  warnings,
};
