'use strict';
// mysql2 app driven by the mysql2 layer's tests: every API (callback, promise, query, execute,
// streams, pools, pool clusters, changeUser) against the local MariaDB. MYSQL2_DIR picks a copy of
// mysql2 (test-fixtures/versions/mysql2-3.11 for the patched path); default: the root's 3.24.
const path = require('node:path');
const dir = process.env.MYSQL2_DIR ? path.resolve(process.env.MYSQL2_DIR, 'node_modules') : undefined;
const load = (name) => require(dir ? path.join(dir, name) : name);
const mysql = load('mysql2');
const mysqlPromise = load('mysql2/promise');
const { serve } = require('@nodeprom/test-utils/app');

const SERVER = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const pools = new Map();
const connections = [];
let conn;
let promiseConn;
let cluster;

const callbackCall = (fn) => new Promise((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result))));
const summary = (result) => (Array.isArray(result) ? { rows: result.length } : { affectedRows: result.affectedRows });

const handlers = {
  version: () => require(dir ? path.join(dir, 'mysql2/package.json') : 'mysql2/package.json').version,
  async setup() {
    const admin = await mysqlPromise.createConnection({ ...SERVER, database: 'test', multipleStatements: true });
    await admin.query(`CREATE DATABASE IF NOT EXISTS myl_second;
      DROP TABLE IF EXISTS test.myl_items; CREATE TABLE test.myl_items (id INT PRIMARY KEY, name VARCHAR(64), data BLOB);
      DROP TABLE IF EXISTS myl_second.myl_other; CREATE TABLE myl_second.myl_other (id INT PRIMARY KEY)`);
    await admin.end();
    return null;
  },
  async connect() {
    conn = mysql.createConnection({ ...SERVER, database: 'test' });
    connections.push(conn);
    promiseConn = await mysqlPromise.createConnection({ ...SERVER, database: 'test' });
    connections.push(promiseConn);
    return { threadId: conn.threadId };
  },
  // api: 'callback' | 'promise'; method: 'query' | 'execute'
  async run(api, method, sql, params) {
    const values = params?.map((p) => (p && p.buffer ? Buffer.from(p.buffer, 'base64') : p));
    if (api === 'promise') {
      const [result] = await promiseConn[method](sql, values);
      return summary(result);
    }
    const result = await callbackCall((cb) => (values === undefined ? conn[method](sql, cb) : conn[method](sql, values, cb)));
    return summary(result);
  },
  stream(sql) {
    return new Promise((resolve, reject) => {
      let rows = 0;
      conn.query(sql).stream()
        .on('data', () => { rows++; })
        .on('error', reject)
        .on('end', () => resolve(rows));
    });
  },
  emitter(sql) {
    return new Promise((resolve, reject) => {
      let rows = 0;
      conn.query(sql).on('result', () => { rows++; }).on('error', reject).on('end', () => resolve(rows));
    });
  },
  async changeUser(database) {
    await callbackCall((cb) => conn.changeUser({ database }, cb));
    return null;
  },
  async connectTo(port) {
    const c = mysql.createConnection({ ...SERVER, port, database: 'test', connectTimeout: 2000 });
    try {
      await callbackCall((cb) => c.query('SELECT 1', cb));
      return 'connected';
    } finally {
      c.destroy();
    }
  },
  // Runs SELECT SLEEP on a fresh connection and KILLs it from another one mid-query.
  async killMidQuery() {
    const victim = mysql.createConnection({ ...SERVER, database: 'test' });
    const killer = mysql.createConnection({ ...SERVER, database: 'test' });
    await callbackCall((cb) => victim.query('SELECT 1', cb));
    // Settled into a value at once: it fails while the KILL is still in flight.
    const sleeping = callbackCall((cb) => victim.query('SELECT SLEEP(10)', cb)).then(() => null, (error) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await callbackCall((cb) => killer.query(`KILL ${victim.threadId}`, cb));
    killer.end();
    const error = await sleeping;
    victim.destroy();
    if (error) throw error;
    return 'not killed';
  },
  createPool(key, options) {
    const { promise, name, ...rest } = options ?? {};
    const pool = (promise ? mysqlPromise : mysql).createPool({ ...SERVER, database: 'test', ...rest });
    if (name) (promise ? pool.pool : pool)[Symbol.for('nodeprom.pool.name')] = name;
    pools.set(key, { pool, promise: Boolean(promise) });
    return null;
  },
  async poolQuery(key, sql, method = 'query') {
    const { pool, promise } = pools.get(key);
    if (promise) return summary((await pool[method](sql))[0]);
    return summary(await callbackCall((cb) => pool[method](sql, cb)));
  },
  // Holds a connection from the pool with getConnection while running `sql` on it, then releases it.
  async poolHold(key, sql) {
    const { pool, promise } = pools.get(key);
    if (promise) {
      const c = await pool.getConnection();
      try { return summary((await c.query(sql))[0]); } finally { c.release(); }
    }
    const c = await callbackCall((cb) => pool.getConnection(cb));
    try { return summary(await callbackCall((cb) => c.query(sql, cb))); } finally { c.release(); }
  },
  async poolConcurrent(key, sql, count) {
    const results = await Promise.all(Array.from({ length: count }, () => handlers.poolQuery(key, sql)));
    return results.length;
  },
  async endPool(key) {
    const { pool, promise } = pools.get(key);
    pools.delete(key);
    if (promise) await pool.end();
    else await callbackCall((cb) => pool.end(cb));
    return null;
  },
  async cluster(sql, times) {
    cluster ??= mysql.createPoolCluster();
    if (!cluster.myl) {
      cluster.add('first', { ...SERVER, database: 'test', connectionLimit: 2 });
      cluster.add('second', { ...SERVER, database: 'myl_second', connectionLimit: 2 });
      cluster.myl = true;
    }
    for (let i = 0; i < times; i++) await callbackCall((cb) => cluster.of(i % 2 ? 'second' : 'first').query(sql, cb));
    return null;
  },
  async distinct(count) {
    for (let i = 0; i < count; i++) await callbackCall((cb) => conn.query(`SELECT ${i} AS v, 'text ${i}' AS t FROM myl_items WHERE id = ${i} OR name = 'n${i}'`, cb));
    return count;
  },
  async bigSql(bytes) {
    const filler = 'x'.repeat(bytes);
    const result = await callbackCall((cb) => conn.query(`SELECT LENGTH('${filler}') AS n`, cb));
    return result[0].n;
  },
  async close() {
    for (const c of connections) await c.end().catch?.(() => {});
    for (const { pool, promise } of pools.values()) promise ? await pool.end() : pool.end(() => {});
    if (cluster) cluster.end(() => {});
  },
};

serve(handlers, { pid: process.pid });
