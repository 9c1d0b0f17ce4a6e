'use strict';
// An app that makes more attribute sets than a small NODEPROM_MAX_SERIES_PER_METRIC allows: one
// HTTP response status per request path (/status/NNN), and as many named pg pools as asked, each
// observed at scrape time (idle and used connections per pool).
const http = require('node:http');
const pg = require('pg');
const { serve } = require('@nodeprom/test-utils/app');

const pools = [];
const server = http.createServer((req, res) => {
  res.statusCode = req.url.startsWith('/status/') ? Number(req.url.slice(8)) : 200;
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  serve(
    {
      async openPools(count) {
        for (let i = 0; i < count; i++) {
          const pool = new pg.Pool({
            host: '127.0.0.1',
            port: 5432,
            user: 'postgres',
            database: 'test',
            max: 2,
            nodepromPoolName: `budget-pool-${i}`,
          });
          pool.on('error', () => {});
          await pool.query('SELECT 1');
          pools.push(pool);
        }
        return pools.length;
      },
      async close() {
        await Promise.all(pools.map((pool) => pool.end()));
        await new Promise((resolve) => server.close(resolve));
      },
    },
    { port: server.address().port },
  );
});
