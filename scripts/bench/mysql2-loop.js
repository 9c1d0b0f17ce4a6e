'use strict';
// One `SELECT 1` per operation on one mysql2 connection (callback API), for mysql2.scenario.js.
const mysql = require('mysql2');
const { measureLoop } = require('./harness');

async function main() {
  const connection = mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
  const select = () => new Promise((resolve, reject) => {
    connection.query('SELECT 1', (error, rows) => (error ? reject(error) : resolve(rows)));
  });
  const result = await measureLoop(select, { ops: Number(process.env.BENCH_OPS) || 20000, warmup: 3000 });
  connection.end();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // The nodeprom variants keep an HTTP endpoint open.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
