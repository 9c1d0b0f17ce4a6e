// ESM app: node --import @nodeprom/auto-register app.mjs. The libraries are imported, not required.
import express from 'express';
import pg from 'pg';
import Redis from 'ioredis';

const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 2 });
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const app = express();
app.get('/users/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT $1::int AS id', [Number(req.params.id)]);
    const cached = await redis.get(`packaging_install:user:${req.params.id}`);
    res.json({ id: rows[0].id, cached });
  } catch (error) {
    next(error);
  }
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', async () => {
  server.close();
  redis.disconnect();
  await pool.end();
  process.exit(0);
});
