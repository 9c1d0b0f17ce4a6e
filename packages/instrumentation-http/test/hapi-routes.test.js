'use strict';
// hapi: `request.route.path` (`/orders/{id}`, a plugin's prefix included) on hapi 21 and 20,
// preloaded with --require and with --import.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { snapshot } = require('@nodeprom/testing');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

async function get(app, path, headers = {}) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`, { headers });
  await response.text();
  return response.status;
}

for (const [label, dir] of [
  ['hapi 21', undefined],
  ['hapi 20', 'test-fixtures/versions/hapi-20'],
]) {
  for (const preload of ['require', 'import']) {
    describe(`http_route with ${label} (--${preload})`, function () {
      let app;
      before(async () => {
        app = await startApp('test-fixtures/apps/hapi-app.js', { preload, env: dir ? { HAPI_DIR: dir } : {} });
      });
      after(() => app.stop());

      it("labels routes with hapi's template, a plugin's prefix included", async () => {
        const before = await snapshot(app.metricsUrl);
        await get(app, '/orders/42');
        await get(app, '/shop/items/3/reviews');
        expect(
          await before.delta(DURATION_COUNT, { http_route: '/orders/{id}', http_response_status_code: 200 }),
        ).to.equal(1);
        expect(await before.delta(DURATION_COUNT, { http_route: '/shop/items/{itemId}/reviews' })).to.equal(1);
        expect(await app.scrape()).not.to.include('/orders/42');
      });

      it('keeps the route of a handler that throws, with error_type 500', async () => {
        const before = await snapshot(app.metricsUrl);
        expect(await get(app, '/boom')).to.equal(500);
        expect(await before.delta(DURATION_COUNT, { http_route: '/boom', error_type: 500 })).to.equal(1);
      });

      it("gives hapi's own 404 no http_route label (not its catch-all /{p*})", async () => {
        expect(await get(app, '/no/such/path')).to.equal(404);
        const notFound = (await snapshot(app.metricsUrl))
          .series(DURATION_COUNT)
          .filter((labels) => labels.http_response_status_code === '404');
        expect(notFound).to.have.length(1);
        expect(notFound[0]).not.to.have.property('http_route');
      });

      it('gives a request answered by an onRequest extension, before routing, no http_route label', async () => {
        expect(await get(app, '/orders/1', { authorization: 'deny' })).to.equal(401);
        const denied = (await snapshot(app.metricsUrl))
          .series(DURATION_COUNT)
          .filter((labels) => labels.http_response_status_code === '401');
        expect(denied).to.have.length(1);
        expect(denied[0]).not.to.have.property('http_route');
      });
    });
  }
}
