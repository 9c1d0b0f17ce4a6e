'use strict';
// NestJS: controller paths with the global prefix and URI versioning, through its express adapter
// (the express hook) and its fastify adapter (the fastify hook), on Nest 12 and 11, preloaded with
// --require and with --import.
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

async function get(app, path) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`);
  await response.text();
  return response.status;
}

const VERSIONS = [
  ['Nest 12', undefined],
  ['Nest 11', 'test-fixtures/versions/nest-11'],
];
for (const [label, dir] of VERSIONS) {
  for (const adapter of ['express', 'fastify']) {
    for (const preload of ['require', 'import']) {
      describe(`http_route with ${label} on its ${adapter} adapter (--${preload})`, function () {
        let app;
        before(async () => {
          app = await startApp('test-fixtures/apps/nest-app.js', {
            preload,
            env: { NEST_ADAPTER: adapter, ...(dir ? { NEST_DIR: dir } : {}) },
          });
        });
        after(() => app.stop());

        it('labels controller routes with the global prefix and the version in the template', async () => {
          await get(app, '/api/cats/42');
          await get(app, '/api/v2/dogs/3');
          const text = await app.scrape();
          expect(
            sampleValue(text, DURATION_COUNT, { http_route: '/api/cats/:id', http_response_status_code: '200' }),
          ).to.equal(1);
          expect(
            sampleValue(text, DURATION_COUNT, { http_route: '/api/v2/dogs/:id', http_response_status_code: '200' }),
          ).to.equal(1);
          expect(text).not.to.include('/api/cats/42');
        });

        it('keeps the route of a handler that throws, with error_type 500', async () => {
          expect(await get(app, '/api/cats/boom')).to.equal(500);
          expect(
            sampleValue(await app.scrape(), DURATION_COUNT, { http_route: '/api/cats/boom', error_type: '500' }),
          ).to.equal(1);
        });

        it('gives an unmatched path no http_route label', async () => {
          expect(await get(app, '/no/such/path')).to.equal(404);
          const found = findSamples(await app.scrape(), DURATION_COUNT, { http_response_status_code: '404' });
          expect(found).to.have.length(1);
          expect(found[0].labels).not.to.have.property('http_route');
        });
      });
    }
  }
}
