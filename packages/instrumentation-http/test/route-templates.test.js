'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');

const DURATION_COUNT = 'http_server_request_duration_seconds_count';

async function get(app, path, headers = {}) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`, { headers });
  await response.text();
  return response.status;
}

for (const [label, dir] of [
  ['express 4', undefined],
  ['express 5', 'test-fixtures/versions/express-5'],
]) {
  describe(`http_route with ${label}`, function () {
    let app;
    before(async () => {
      app = await startApp('test-fixtures/apps/express-app.js', { env: dir ? { EXPRESS_DIR: dir } : {} });
    });
    after(() => app.stop());

    it('labels a nested router route with its full template, mount prefixes included', async () => {
      await get(app, '/users/42');
      await get(app, '/users/7/posts/9');
      await get(app, '/users');
      const text = await app.scrape();
      expect(
        sampleValue(text, DURATION_COUNT, { http_route: '/users/:id', http_response_status_code: '200' }),
      ).to.equal(1);
      expect(sampleValue(text, DURATION_COUNT, { http_route: '/users/:id/posts/:postId' })).to.equal(1);
      expect(sampleValue(text, DURATION_COUNT, { http_route: '/users' })).to.equal(1);
      expect(text).not.to.include('/users/42');
    });

    it('labels a top-level route correctly after the request fell through a mounted router', async () => {
      await get(app, '/users/archive/2024/05');
      const text = await app.scrape();
      expect(sampleValue(text, DURATION_COUNT, { http_route: '/users/archive/:year/:month' })).to.equal(1);
    });

    it('leaves mounted routers walkable by route-listing tools (layer.handle.stack)', async () => {
      const routes = await app.call('routes');
      expect(routes).to.include.members(['/', '/:id', '/:postId', '/users/archive/:year/:month', '/boom']);
    });

    it('labels a route of a mounted sub-app with the mount path', async () => {
      await get(app, '/admin/stats');
      expect(sampleValue(await app.scrape(), DURATION_COUNT, { http_route: '/admin/stats' })).to.equal(1);
    });

    it('gives an unmatched path no http_route label at all', async () => {
      await get(app, '/no/such/path');
      const text = await app.scrape();
      const notFound = findSamples(text, DURATION_COUNT, { http_response_status_code: '404' });
      expect(notFound).to.have.length(1);
      expect(notFound[0].labels).not.to.have.property('http_route');
    });

    it('keeps the route of a handler that throws, with error_type 500', async () => {
      await get(app, '/boom');
      const text = await app.scrape();
      expect(
        sampleValue(text, DURATION_COUNT, { http_route: '/boom', http_response_status_code: '500', error_type: '500' }),
      ).to.equal(1);
    });
  });
}

for (const [label, dir] of [
  ['fastify 5', undefined],
  ['fastify 4', 'test-fixtures/versions/fastify-4'],
]) {
  describe(`http_route with ${label}`, function () {
    let app;
    before(async () => {
      app = await startApp('test-fixtures/apps/fastify-app.js', { env: dir ? { FASTIFY_DIR: dir } : {} });
    });
    after(() => app.stop());

    it('labels routes of a prefixed plugin with the full template', async () => {
      await get(app, '/api/users/1');
      await get(app, '/api/users/2');
      await get(app, '/health');
      const text = await app.scrape();
      expect(
        sampleValue(text, DURATION_COUNT, { http_route: '/api/users/:id', http_response_status_code: '200' }),
      ).to.equal(2);
      expect(sampleValue(text, DURATION_COUNT, { http_route: '/health' })).to.equal(1);
    });

    it('keeps the route when an earlier onRequest hook rejects the request', async () => {
      expect(await get(app, '/api/users/3', { authorization: 'deny' })).to.equal(401);
      const text = await app.scrape();
      expect(
        sampleValue(text, DURATION_COUNT, { http_route: '/api/users/:id', http_response_status_code: '401' }),
      ).to.equal(1);
    });

    it('gives fastify 404s no http_route label', async () => {
      await get(app, '/nothing/here');
      const found = findSamples(await app.scrape(), DURATION_COUNT, { http_response_status_code: '404' });
      expect(found).to.have.length(1);
      expect(found[0].labels).not.to.have.property('http_route');
    });

    it('marks a route whose handler rejects with its 500', async () => {
      await get(app, '/fail');
      expect(sampleValue(await app.scrape(), DURATION_COUNT, { http_route: '/fail', error_type: '500' })).to.equal(1);
    });
  });
}

describe('http_route with a plain node:http server', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js');
  });
  after(() => app.stop());

  it('never carries http_route, so paths cannot become labels', async () => {
    await get(app, '/a');
    await get(app, '/b/c');
    const found = findSamples(await app.scrape(), DURATION_COUNT, {});
    expect(found.length).to.be.greaterThan(0);
    for (const sample of found) expect(sample.labels).not.to.have.property('http_route');
  });
});

describe('express loaded before nodeprom', function () {
  it('warns once, naming express, and still counts requests (without http_route)', async () => {
    const app = await startApp('test-fixtures/apps/late-express-app.js', {
      preload: 'none',
      env: { NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
    });
    try {
      await get(app, '/things/1');
      const found = findSamples(await app.scrape(), DURATION_COUNT, { http_response_status_code: '200' });
      expect(found).to.have.length(1);
      expect(found[0].labels).not.to.have.property('http_route');
      expect(app.stderr).to.include('express was loaded before nodeprom');
      // Only the route templates are missing, and the warning says so.
      expect(app.stderr).to.include('no route template (http_route); they are still counted');
      expect(app.stderr).not.to.include('metrics are missing');
      expect(app.stderr.match(/loaded before nodeprom/g)).to.have.length(1);
    } finally {
      await app.stop();
    }
  });
});
