'use strict';
// A node:cluster service whose workers each open knex on one PostgreSQL database with a migrations
// folder (NODEPROM_KNEX_MIGRATIONS_CHECK=1 has each read the migration state at start-up), as every
// worker of a real service does. The test can run the migrations from one worker.
const cluster = require('node:cluster');
const path = require('node:path');

const WORKERS = Number(process.env.WORKERS ?? 3);
const DATABASE = process.env.KNEX_DATABASE;

if (cluster.isPrimary) {
  const { serve } = require('@nodeprom/test-utils/app');
  let ready = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'ready' && ++ready === WORKERS) {
        serve({
          // One worker migrates; the others keep what they listed at start-up.
          latestInOneWorker: () =>
            new Promise((resolve) => {
              const worker = Object.values(cluster.workers)[0];
              worker.once('message', resolve);
              worker.send('latest');
            }),
          close: async () => {
            for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
          },
        });
      }
    });
  }
} else {
  const knex = require('knex')({
    client: 'pg',
    connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: DATABASE },
    pool: { min: 0, max: 2 },
    migrations: {
      directory: path.join(
        __dirname,
        '..',
        '..',
        'packages',
        'instrumentation-knex',
        'test',
        'fixtures',
        'migrations',
        'ok',
      ),
    },
  });
  process.on('message', async (message) => {
    if (message !== 'latest') return;
    const [, applied] = await knex.migrate.latest();
    process.send({ applied: applied.length });
  });
  process.send('ready');
}
