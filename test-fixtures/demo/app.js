'use strict';
// The quick-start demo: an express shop on PostgreSQL, MariaDB and Redis, started by
// scripts/demo.js under `--require @nodeprom/auto-register`. It needs none of them: a server it
// cannot reach gets one line, and the routes that use it answer 503.
const path = require('node:path');
const express = require('express');

const port = (name, fallback) => Number(process.env[name] || fallback);
const PG = { host: '127.0.0.1', port: port('DEMO_POSTGRES_PORT', 5432), user: 'postgres', database: 'test' };
const MYSQL = { host: '127.0.0.1', port: port('DEMO_MYSQL_PORT', 3306), user: 'root', password: '', database: 'test' };
const REDIS = { host: '127.0.0.1', port: port('DEMO_REDIS_PORT', 6379), db: 0 };

async function connectPostgres() {
  const pg = require('pg');
  const pool = new pg.Pool({ ...PG, max: 5, connectionTimeoutMillis: 1000 });
  await pool.query('SELECT 1');
  // knex runs the demo's migrations, so the migration gauges have something to show.
  const knex = require('knex')({
    client: 'pg',
    connection: PG,
    migrations: { directory: path.join(__dirname, 'migrations'), tableName: 'demo_knex_migrations' },
  });
  try {
    await knex.migrate.latest();
  } finally {
    await knex.destroy();
  }
  await pool.query(
    "INSERT INTO demo_users (email) VALUES ('ada@example.com'), ('grace@example.com') ON CONFLICT (email) DO NOTHING",
  );
  return pool;
}

async function connectMysql() {
  const mysql = require('mysql2/promise');
  const pool = mysql.createPool({ ...MYSQL, connectionLimit: 5, connectTimeout: 1000 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS demo_orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(64) NOT NULL)',
  );
  return pool;
}

async function connectRedis() {
  const Redis = require('ioredis');
  const redis = new Redis({
    ...REDIS,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}

async function attempt(name, address, connect) {
  try {
    return await connect();
  } catch (error) {
    process.stdout.write(
      `demo: ${name} is not reachable at ${address} (${error.code || error.message}); its routes answer 503.\n`,
    );
    return undefined;
  }
}

async function main() {
  const [postgres, mysql, redis] = await Promise.all([
    attempt('PostgreSQL', `127.0.0.1:${PG.port}`, connectPostgres),
    attempt('MariaDB/MySQL', `127.0.0.1:${MYSQL.port}`, connectMysql),
    attempt('Redis', `127.0.0.1:${REDIS.port}`, connectRedis),
  ]);

  const app = express();
  const unavailable = (res) => res.status(503).json({ error: 'service not reachable' });
  const api = express.Router();
  api.get('/users/:id', async (req, res, next) => {
    if (!postgres) return unavailable(res);
    try {
      const { rows } = await postgres.query('SELECT id, email FROM demo_users WHERE id = $1', [
        Number(req.params.id) || 0,
      ]);
      res.status(rows.length ? 200 : 404).json(rows[0] ?? { error: 'no such user' });
    } catch (error) {
      next(error);
    }
  });
  // A bug shipped on purpose: the report's table was never migrated, so every call fails in
  // PostgreSQL and answers 500. The observability kit's end-to-end test drives it to see the 5xx
  // ratio, the database-error series and an alert; the demo script leaves it alone.
  api.get('/reports/:id', async (req, res, next) => {
    if (!postgres) return unavailable(res);
    try {
      const { rows } = await postgres.query('SELECT * FROM demo_report_rows WHERE report_id = $1', [
        Number(req.params.id) || 0,
      ]);
      res.json(rows);
    } catch (error) {
      next(error);
    }
  });
  api.post('/orders/:item', async (req, res, next) => {
    if (!mysql) return unavailable(res);
    try {
      const [result] = await mysql.execute('INSERT INTO demo_orders (item) VALUES (?)', [req.params.item]);
      res.status(201).json({ id: result.insertId });
    } catch (error) {
      next(error);
    }
  });
  api.get('/cache/:key', async (req, res, next) => {
    if (!redis) return unavailable(res);
    try {
      const key = `demo:${req.params.key}`;
      let value = await redis.get(key);
      if (value === null) {
        value = new Date().toISOString();
        await redis.set(key, value, 'EX', 60);
      }
      res.json({ value });
    } catch (error) {
      next(error);
    }
  });
  app.use('/api', api);
  app.get('/', (req, res) => res.send('nodeprom demo shop\n'));
  // Errors answer a plain 500 instead of express's default page with a stack trace on stderr.
  // express knows an error handler by its four parameters, so `_next` stays.
  app.use((error, req, res, _next) => res.status(500).json({ error: 'internal error' }));

  const server = app.listen(Number(process.env.DEMO_PORT || 3000), '127.0.0.1', () => {
    process.stdout.write(`demo: app listening on http://127.0.0.1:${server.address().port}\n`);
    if (process.send) process.send({ type: 'demo-ready', port: server.address().port });
  });
  const close = async () => {
    server.close();
    await Promise.allSettled([postgres?.end(), mysql?.end(), redis?.quit()]);
    process.exit(0);
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

main();
