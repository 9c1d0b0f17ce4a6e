'use strict';
// NODEPROM_HTTP_EXCLUDE: requests on an excluded exact path or route template are recorded nowhere,
// not even in the in-flight gauge while they run; other requests are recorded as before.
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');
const { scrapeUntil } = require('./helpers');

const COUNT = 'http_server_request_duration_seconds_count';
const ACTIVE = 'http_server_active_requests';

function activeTotal(text) {
  return findSamples(text, ACTIVE).reduce((sum, s) => sum + s.value, 0);
}

async function get(app, path) {
  const response = await fetch(`http://127.0.0.1:${app.info.port}${path}`);
  await response.text();
  return response.status;
}

describe('NODEPROM_HTTP_EXCLUDE on an express app', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/express-app.js', {
      env: { NODEPROM_HTTP_EXCLUDE: '/users/:id, /admin/stats,/wait/:ms' },
    });
  });
  after(() => app.stop());

  it('records nothing for a request whose route template is excluded, and still records the others', async () => {
    await get(app, '/users/42');
    await get(app, '/users');
    const text = await app.scrape();
    expect(findSamples(text, COUNT, { http_route: '/users/:id' })).to.have.length(0);
    expect(
      findSamples(text, 'http_server_response_body_size_bytes_count', { http_route: '/users/:id' }),
    ).to.have.length(0);
    expect(sampleValue(text, COUNT, { http_route: '/users', http_response_status_code: '200' })).to.equal(1);
  });

  it('records nothing for an excluded exact path, query string or not', async () => {
    await get(app, '/admin/stats');
    await get(app, '/admin/stats?verbose=1');
    expect(findSamples(await app.scrape(), COUNT, { http_route: '/admin/stats' })).to.have.length(0);
  });

  it('keeps a running request on an excluded route out of the in-flight gauge', async () => {
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${app.info.port}/wait/never`, { signal: controller.signal }).catch(
      () => {},
    );
    // A request that is not excluded shows that a scrape during the run does see in-flight requests.
    const counted = get(app, '/status/200');
    const during = await scrapeUntil(app, (t) => findSamples(t, COUNT, { http_route: '/status/:code' }).length === 1);
    expect(activeTotal(during)).to.equal(0);
    controller.abort();
    await pending;
    await counted;
    const after = await scrapeUntil(app, (t) => activeTotal(t) === 0);
    expect(findSamples(after, COUNT, { http_route: '/wait/:ms' })).to.have.length(0);
    expect(activeTotal(after)).to.equal(0);
  });
});

describe('NODEPROM_HTTP_EXCLUDE on a plain node:http server', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js', { env: { NODEPROM_HTTP_EXCLUDE: '/slow,/status/204' } });
  });
  after(() => app.stop());

  it('never counts a request on an excluded path as in flight, and records it nowhere', async () => {
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${app.info.port}/slow`, { signal: controller.signal }).catch(() => {});
    await get(app, '/status/204');
    await get(app, '/status/200');
    const during = await app.scrape();
    expect(findSamples(during, ACTIVE)).to.have.length(1);
    expect(activeTotal(during)).to.equal(0);
    expect(findSamples(during, COUNT, { http_response_status_code: '204' })).to.have.length(0);
    expect(sampleValue(during, COUNT, { http_response_status_code: '200' })).to.equal(1);
    controller.abort();
    await pending;
    const after = await scrapeUntil(app, () => true);
    expect(findSamples(after, COUNT, { error_type: 'aborted' })).to.have.length(0);
  });
});

describe('NODEPROM_HTTP_EXCLUDE with items that are not paths', function () {
  it('warns once, naming the variable and the bad items, and still excludes the valid ones', async () => {
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_HTTP_EXCLUDE: 'healthz,/status/204,users/:id' },
    });
    try {
      await get(app, '/status/204');
      await get(app, '/status/200');
      const text = await app.scrape();
      expect(findSamples(text, COUNT, { http_response_status_code: '204' })).to.have.length(0);
      expect(sampleValue(text, COUNT, { http_response_status_code: '200' })).to.equal(1);
      expect(app.stderr.match(/NODEPROM_HTTP_EXCLUDE/g)).to.have.length(1);
      expect(app.stderr).to.include('"healthz"').and.to.include('"users/:id"');
    } finally {
      await app.stop();
    }
  });
});
