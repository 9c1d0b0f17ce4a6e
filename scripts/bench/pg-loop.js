'use strict';
// `SELECT 1` through a pg.Pool with as many connections as queries in flight: the client
// process's CPU per query.
const pg = require('pg');
const { CONCURRENCY, measureLoop } = require('./harness');

async function main() {
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: CONCURRENCY });
  const result = await measureLoop(() => pool.query('SELECT 1'));
  await pool.end();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
