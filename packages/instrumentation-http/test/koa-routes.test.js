'use strict';
// koa with @koa/router: the matched layer's full template (prefixes of nested routers included),
// on koa 3 / @koa/router 15 and koa 2 / @koa/router 13, preloaded with --require and with --import.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { snapshot } = require('@nodeprom/testing');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

async function get(app, path) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`);
  await response.text();
  return response.status;
}

const VERSIONS = [
  ['koa 3, @koa/router 15', undefined],
  ['koa 2, @koa/router 13', 'test-fixtures/versions/koa-2'],
];
for (const [label, dir] of VERSIONS) {
  for (const preload of ['require', 'import']) {
    describe(`http_route with ${label} (--${preload})`, function () {
      let app;
      before(async () => {
        app = await startApp('test-fixtures/apps/koa-app.js', { preload, env: dir ? { KOA_DIR: dir } : {} });
      });
      after(() => app.stop());

      it('labels a route of a router nested in prefixed routers with its full template', async () => {
        const before = await snapshot(app.metricsUrl);
        await get(app, '/api/v1/orders/42');
        await get(app, '/api/v1/orders/7');
        await get(app, '/api/health');
        expect(
          await before.delta(DURATION_COUNT, { http_route: '/api/v1/orders/:id', http_response_status_code: 200 }),
        ).to.equal(2);
        expect(await before.delta(DURATION_COUNT, { http_route: '/api/health' })).to.equal(1);
        expect(await app.scrape()).not.to.include('/api/v1/orders/42');
      });

      it("leaves ctx._matchedRoute readable by the app's own middleware", async () => {
        await get(app, '/api/v1/orders/5');
        expect(await app.call('lastMatchedRoute')).to.equal('/api/v1/orders/:id');
      });

      it('keeps the route of a handler that throws, with error_type 500', async () => {
        const before = await snapshot(app.metricsUrl);
        expect(await get(app, '/api/boom')).to.equal(500);
        expect(await before.delta(DURATION_COUNT, { http_route: '/api/boom', error_type: 500 })).to.equal(1);
      });

      it('gives an unmatched path no http_route label', async () => {
        expect(await get(app, '/no/such/path')).to.equal(404);
        const notFound = (await snapshot(app.metricsUrl))
          .series(DURATION_COUNT)
          .filter((labels) => labels.http_response_status_code === '404');
        expect(notFound).to.have.length(1);
        expect(notFound[0]).not.to.have.property('http_route');
      });
    });
  }
}
