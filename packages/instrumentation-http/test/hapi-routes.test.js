'use strict';
// hapi: `request.route.path` (`/orders/{id}`, a plugin's prefix included) on hapi 21 and 20,
// preloaded with --require and with --import.
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

async function get(app, path, headers = {}) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`, { headers });
  await response.text();
  return response.status;
}

for (const [label, dir] of [['hapi 21', undefined], ['hapi 20', 'test-fixtures/versions/hapi-20']]) {
  for (const preload of ['require', 'import']) {
    describe(`http_route with ${label} (--${preload})`, function () {
      let app;
      before(async () => {
        app = await startApp('test-fixtures/apps/hapi-app.js', { preload, env: dir ? { HAPI_DIR: dir } : {} });
      });
      after(() => app.stop());

      it("labels routes with hapi's template, a plugin's prefix included", async () => {
        await get(app, '/orders/42');
        await get(app, '/shop/items/3/reviews');
        const text = await app.scrape();
        expect(sampleValue(text, DURATION_COUNT, { http_route: '/orders/{id}', http_response_status_code: '200' })).to.equal(1);
        expect(sampleValue(text, DURATION_COUNT, { http_route: '/shop/items/{itemId}/reviews' })).to.equal(1);
        expect(text).not.to.include('/orders/42');
      });

      it('keeps the route of a handler that throws, with error_type 500', async () => {
        expect(await get(app, '/boom')).to.equal(500);
        expect(sampleValue(await app.scrape(), DURATION_COUNT, { http_route: '/boom', error_type: '500' })).to.equal(1);
      });

      it("gives hapi's own 404 no http_route label (not its catch-all /{p*})", async () => {
        expect(await get(app, '/no/such/path')).to.equal(404);
        const found = findSamples(await app.scrape(), DURATION_COUNT, { http_response_status_code: '404' });
        expect(found).to.have.length(1);
        expect(found[0].labels).not.to.have.property('http_route');
      });

      it('gives a request answered by an onRequest extension, before routing, no http_route label', async () => {
        expect(await get(app, '/orders/1', { authorization: 'deny' })).to.equal(401);
        const found = findSamples(await app.scrape(), DURATION_COUNT, { http_response_status_code: '401' });
        expect(found).to.have.length(1);
        expect(found[0].labels).not.to.have.property('http_route');
      });
    });
  }
}
