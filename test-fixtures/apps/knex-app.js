'use strict';
// knex app with a migrations folder, driven by the knex layer's tests.
// KNEX_DIR picks the copy of knex (test-fixtures/versions/knex-2); KNEX_CLIENT pg or mysql2;
// KNEX_DATABASES a comma list (one knex instance each); KNEX_PORT the server port;
// KNEX_MIGRATIONS a folder of test-fixtures/knex-migrations.
const path = require('node:path');
const knexFactory = require(process.env.KNEX_DIR ? path.resolve(process.env.KNEX_DIR, 'node_modules/knex') : 'knex');
const { serve } = require('@nodeprom/test-utils/app');

const client = process.env.KNEX_CLIENT || 'pg';
const mysql = client === 'mysql2';
const port = Number(process.env.KNEX_PORT || (mysql ? 3306 : 5432));
const directory = path.join(__dirname, '..', 'knex-migrations', process.env.KNEX_MIGRATIONS || 'ok');

const started = process.hrtime.bigint();
const instances = (process.env.KNEX_DATABASES || 'knexl_a').split(',').map((database) => knexFactory({
  client,
  connection: mysql
    ? { host: '127.0.0.1', port, user: 'root', password: '', database }
    : { host: '127.0.0.1', port, user: 'postgres', database },
  pool: { min: 0, max: 4 },
  migrations: { directory },
}));
const createMs = Number(process.hrtime.bigint() - started) / 1e6;

const db = (index = 0) => instances[index];
const names = (list) => list.map((entry) => (typeof entry === 'string' ? entry : entry.name ?? entry.file));

serve({
  latest: (index) => db(index).migrate.latest(),
  /** Runs latest() the careless way, without handling its failure: does it still surface? */
  latestUnhandled(index) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ unhandled: false }), 2000);
      process.once('unhandledRejection', (reason) => {
        clearTimeout(timer);
        resolve({ unhandled: true, name: reason?.constructor?.name, message: reason?.message });
      });
      db(index).migrate.latest();
    });
  },
  up: (index) => db(index).migrate.up(),
  down: (index) => db(index).migrate.down(),
  rollback: (index, all) => db(index).migrate.rollback(undefined, all === true),
  status: (index) => db(index).migrate.status(),
  currentVersion: (index) => db(index).migrate.currentVersion(),
  forceFreeMigrationsLock: (index) => db(index).migrate.forceFreeMigrationsLock(),
  async list(index) {
    const [completed, pending] = await db(index).migrate.list();
    return { completed: names(completed), pending: names(pending) };
  },
  // Migrate at start-up with a knex instance of its own, then let it go (a common pattern).
  async latestThenDestroy(index) {
    const result = await db(index).migrate.latest();
    await db(index).destroy();
    return result;
  },
  ping: () => 'pong',
  close: () => Promise.all(instances.map((instance) => instance.destroy())),
}, { createMs, knexVersion: require(process.env.KNEX_DIR ? path.resolve(process.env.KNEX_DIR, 'node_modules/knex/package.json') : 'knex/package.json').version });
