'use strict';
// One client, `SELECT 1` awaited in a loop: the client process's CPU per query.
const pg = require('pg');
const { measureLoop } = require('./harness');

async function main() {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
  const result = await measureLoop(() => client.query('SELECT 1'), { ops: Number(process.env.BENCH_OPS) || 20000, warmup: 3000 });
  await client.end();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
