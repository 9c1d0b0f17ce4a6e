'use strict';
// A preloaded app that, until the test asks, uses no database and serves nothing itself: it reports
// which of nodeprom's and OpenTelemetry's modules the preload loaded, then, on request, requires pg
// and queries, and starts an HTTP server, so the test can see each layer made when first needed.
const http = require('node:http');
const { serve } = require('@nodeprom/test-utils/app');

/** Modules a preload must not load before they are needed: layer objects, OpenTelemetry, require hooks. */
function loaded() {
  return Object.keys(require.cache)
    .filter((file) =>
      /@opentelemetry[/\\]|require-in-the-middle|(nodeprom|packages)[/\\]instrumentation-[^/\\]+[/\\]build[/\\]/.test(
        file,
      ),
    )
    .map((file) =>
      file.replace(
        /.*[/\\](@opentelemetry[/\\][^/\\]+|require-in-the-middle|instrumentation-[^/\\]+)[/\\](build[/\\])?/,
        '$1/',
      ),
    )
    .sort();
}

let pool;
let server;
serve(
  {
    loaded,
    async query() {
      const pg = require('pg');
      pool ??= new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
      const result = await pool.query('SELECT 1 AS one');
      return result.rows[0].one;
    },
    listen: () =>
      new Promise((resolve) => {
        server = http.createServer((request, response) => response.end('hello'));
        server.listen(0, '127.0.0.1', () => resolve(server.address().port));
      }),
    async close() {
      await pool?.end();
      if (server) await new Promise((resolve) => server.close(resolve));
    },
  },
  { loaded: loaded() },
);
