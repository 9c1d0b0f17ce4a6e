// ESM app: `import pg from 'pg'`, started with --import @nodeprom/auto-register (no loader hook).
import pg from 'pg';
import { Pool } from 'pg';
import testApp from '@nodeprom/test-utils/app';

const settings = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const client = new pg.Client(settings);
await client.connect();
const pool = new Pool({ ...settings, nodepromPoolName: 'esm' });

testApp.serve({
  async text(sql) {
    const { rows } = await client.query(sql);
    return rows.length;
  },
  async poolQuery(sql) {
    const { rows } = await pool.query(sql);
    return rows.length;
  },
  async close() {
    await pool.end();
    await client.end();
  },
});
