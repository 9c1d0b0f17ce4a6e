const pg = require('pg');
(async () => {
  const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
  await c.connect();
  console.log((await c.query('SELECT 1 AS x')).rows);
  await c.query('SELECT $1::int AS y', [5]);
  try { await c.query('SELEC 1'); } catch (e) { console.log('err', e.code); }
  const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 1 });
  await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT 2')]);
  const { registerInstrumentations } = require('@nodeprom/core');
  const h = registerInstrumentations();
  console.log((await h.scrape()).split('\n').filter(l => l.startsWith('db_') && !l.includes('_bucket')).join('\n'));
  await c.end(); await pool.end(); await h.shutdown();
})();
