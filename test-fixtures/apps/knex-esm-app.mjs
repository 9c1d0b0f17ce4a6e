// ESM knex app (started with --import) whose migrations are .mjs files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knex from 'knex';
import testApp from '@nodeprom/test-utils/app';

const here = path.dirname(fileURLToPath(import.meta.url));
const instance = knex({
  client: 'pg',
  connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: process.env.KNEX_DATABASES || 'knexl_b' },
  pool: { min: 0, max: 4 },
  migrations: { directory: path.join(here, '..', 'knex-migrations', 'esm'), loadExtensions: ['.mjs'] },
});

testApp.serve({
  latest: () => instance.migrate.latest(),
  rollback: () => instance.migrate.rollback(),
  async list() {
    const [completed, pending] = await instance.migrate.list();
    return { completed: completed.map((row) => row.name), pending: pending.map((entry) => entry.file) };
  },
  close: () => instance.destroy(),
});
