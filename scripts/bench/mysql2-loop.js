'use strict';
// `SELECT 1` through a mysql2 pool (callback API) with as many connections as queries in flight,
// for mysql2.scenario.js.
const mysql = require('mysql2');
const { CONCURRENCY, measureLoop } = require('./harness');

async function main() {
  const pool = mysql.createPool({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database: 'test',
    connectionLimit: CONCURRENCY,
  });
  const select = () =>
    new Promise((resolve, reject) => {
      pool.query('SELECT 1', (error, rows) => (error ? reject(error) : resolve(rows)));
    });
  const result = await measureLoop(select);
  pool.end();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // The nodeprom variants keep an HTTP endpoint open.
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
