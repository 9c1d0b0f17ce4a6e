'use strict';
// pg app driven by packages/instrumentation-pg/test: each handler runs one kind of pg usage and
// returns what the app saw, so tests can check both the metrics and that the app's results and
// errors came through unchanged. PG_DIR picks another copy of pg (test-fixtures/versions/pg-*).
const path = require('node:path');
const pg = require(process.env.PG_DIR ? path.resolve(process.env.PG_DIR, 'node_modules/pg') : 'pg');
// Loaded on use: they work with the root copy of pg.
const Cursor = (...args) => new (require('pg-cursor'))(...args);
const QueryStream = (...args) => new (require('pg-query-stream'))(...args);
const { serve } = require('@nodeprom/test-utils/app');

const settings = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const client = new pg.Client(settings);
const pools = new Map();
let held;

function pool(name, options = {}) {
  let found = pools.get(name);
  if (!found) {
    found = new pg.Pool({ ...settings, ...options });
    found.on('error', () => {});
    pools.set(name, found);
  }
  return found;
}

function summary(result) {
  const results = Array.isArray(result) ? result : [result];
  return results.map((r) => ({ command: r.command, rowCount: r.rowCount, rows: r.rows.length, isResult: pg.Result ? r instanceof pg.Result : r.constructor.name === 'Result' }));
}

const handlers = {
  async setup() {
    await client.query('DROP TABLE IF EXISTS pgl_items');
    await client.query('CREATE TABLE pgl_items (id integer PRIMARY KEY, name text, data bytea)');
    return null;
  },
  async text(sql) {
    return summary(await client.query(sql));
  },
  async config(text, values) {
    return summary(await client.query({ text, values }));
  },
  async prepared(name, text, values, times) {
    const out = [];
    for (let i = 0; i < times; i++) out.push(summary(await client.query({ name, text, values })));
    // A prepared statement run again by name alone.
    out.push(summary(await client.query({ name, values })));
    return out;
  },
  callback(sql, values) {
    return new Promise((resolve, reject) => {
      const returned = client.query(sql, values, function (error, result) {
        if (error) reject(error);
        else resolve({ returned: returned === undefined, result: summary(result), args: arguments.length });
      });
    });
  },
  submittableQuery(sql) {
    const query = new pg.Query(sql);
    const returned = client.query(query);
    let rows = 0;
    query.on('row', () => rows++);
    return new Promise((resolve, reject) => {
      query.on('end', () => resolve({ same: returned === query, rows }));
      query.on('error', reject);
    });
  },
  async cursor(sql, batch) {
    const cursor = Cursor(sql);
    const returned = client.query(cursor);
    let rows = 0;
    for (;;) {
      const page = await cursor.read(batch);
      rows += page.length;
      if (page.length === 0) break;
    }
    await cursor.close();
    return { same: returned === cursor, rows };
  },
  async stream(sql) {
    const stream = QueryStream(sql, [], { batchSize: 10 });
    const returned = client.query(stream);
    let rows = 0;
    for await (const row of stream) if (row) rows++;
    return { same: returned === stream, rows };
  },
  async streamError(sql) {
    const stream = QueryStream(sql);
    client.query(stream);
    try {
      for await (const row of stream) void row;
    } catch (error) {
      return { code: error.code };
    }
    throw new Error('the stream did not fail');
  },
  async poolQuery(name, options, sql, values) {
    return summary(await pool(name, options).query(sql, values));
  },
  async transaction(name, id) {
    const conn = await pool(name).connect();
    try {
      await conn.query('BEGIN');
      await conn.query('INSERT INTO pgl_items (id, name) VALUES ($1, $2)', [id, 'in a transaction']);
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK');
      throw error;
    } finally {
      conn.release();
    }
    return null;
  },
  /** Takes the only client of a one-client pool and queues a query behind it. */
  async holdAndQueue(name, options, sql) {
    const p = pool(name, { ...options, max: 1 });
    const conn = await p.connect();
    held = { conn, queued: p.query(sql) };
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { waiting: p.waitingCount };
  },
  async releaseHeld(afterMs) {
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    held.conn.release();
    const result = summary(await held.queued);
    held = undefined;
    return result;
  },
  async endPool(name) {
    await pools.get(name).end();
    pools.delete(name);
    return null;
  },
  async unreachable(port) {
    const refused = new pg.Client({ ...settings, port });
    try {
      await refused.connect();
    } catch (error) {
      return { code: error.code, constructorName: error.constructor.name };
    }
    throw new Error('connected to a port nobody listens on');
  },
  async terminated() {
    const victim = new pg.Client(settings);
    victim.on('error', () => {});
    await victim.connect();
    const { rows } = await victim.query('SELECT pg_backend_pid() AS pid');
    const sleeping = victim.query('SELECT pg_sleep(10)').then(() => ({ code: 'none' }), (error) => ({ code: error.code, message: error.message }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    return sleeping;
  },
  async readTimeout() {
    const slow = new pg.Client({ ...settings, query_timeout: 50 });
    slow.on('error', () => {});
    await slow.connect();
    try {
      await slow.query('SELECT pg_sleep(0.5)');
      return { message: 'none' };
    } catch (error) {
      return { message: error.message };
    } finally {
      await slow.end();
    }
  },
  /** Several queries in flight at once on a client in pipeline mode (pg >= 8.2x). */
  async pipelined(sqls) {
    const piped = new pg.Client({ ...settings, pipeline: true });
    await piped.connect();
    try {
      return await Promise.all(sqls.map((sql) => piped.query(sql).then((r) => r.rowCount, (error) => error.code)));
    } finally {
      await piped.end();
    }
  },
  async distinct(count) {
    for (let i = 0; i < count; i++) await client.query(`SELECT ${i} AS n, 'pgl' AS tag`);
    return null;
  },
  async big(size) {
    const literal = 'x'.repeat(size);
    return summary(await client.query(`SELECT '${literal}' AS big, length('${literal}') AS n`));
  },
  async binary(id, bytes) {
    const data = Buffer.from(bytes);
    await client.query('INSERT INTO pgl_items (id, name, data) VALUES ($1, $2, $3)', [id, 'binary', data]);
    const { rows } = await client.query('SELECT data FROM pgl_items WHERE id = $1', [id]);
    return { equal: Buffer.isBuffer(rows[0].data) && rows[0].data.equals(data) };
  },
  async close() {
    // A test that failed half-way may leave a client checked out, and pool.end() waits for it.
    const ended = Promise.all([...[...pools.values()].map((p) => p.end()), client.end()]);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
  },
};

client.connect().then(() => serve(handlers, { pid: process.pid }), (error) => {
  process.stderr.write(`pg-app: ${error.stack}\n`);
  process.exit(1);
});
