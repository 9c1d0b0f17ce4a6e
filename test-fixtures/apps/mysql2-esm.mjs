// ESM app for the mysql2 layer: `import mysql from 'mysql2/promise'` under `--import
// @nodeprom/auto-register`, no loader hook. MYSQL2_DIR picks another copy of mysql2 (imported by
// file URL, since a bare specifier would resolve to the root's copy).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import rootMysql from 'mysql2/promise';
import testApp from '@nodeprom/test-utils/app';

const mysql = process.env.MYSQL2_DIR
  ? (await import(pathToFileURL(path.resolve(process.env.MYSQL2_DIR, 'node_modules/mysql2/promise.js')).href)).default
  : rootMysql;
const SERVER = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };
const connection = await mysql.createConnection(SERVER);
const pool = mysql.createPool({ ...SERVER, connectionLimit: 2 });

testApp.serve({
  async query(sql) {
    const [rows] = await connection.query(sql);
    return rows.length;
  },
  async execute(sql, params) {
    const [rows] = await connection.execute(sql, params);
    return rows.length;
  },
  async poolQuery(sql) {
    const [rows] = await pool.query(sql);
    return rows.length;
  },
  async close() {
    await connection.end();
    await pool.end();
  },
});
