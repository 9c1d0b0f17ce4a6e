'use strict';
// Disabling the HTTP layer stops recording new requests, but a request already in flight is still
// recorded when it ends, so the in-flight gauge returns to 0; enabling it again records again.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');
const { snapshot } = require('@nodeprom/testing');

const COUNT = 'http_server_request_duration_seconds_count';
const ACTIVE = 'http_server_active_requests';

describe('disabling the HTTP layer with a request in flight', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-toggle-app.js', { preload: 'none' });
  });
  after(() => app.stop());

  it('records the request in flight, then nothing until enabled again', async () => {
    const get = async (path) => (await fetch(`http://127.0.0.1:${app.info.port}${path}`)).text();
    const held = get('/hold');
    while ((await app.call('heldCount')) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await snapshot(app.metricsUrl)).value(ACTIVE, { http_request_method: 'GET' })).to.equal(1);

    await app.call('disable');
    const before = await snapshot(app.metricsUrl);
    await app.call('release');
    await held;
    await get('/while-disabled');
    let after = await snapshot(app.metricsUrl);
    for (let i = 0; i < 100 && after.series(COUNT).length === 0; i++) after = await snapshot(app.metricsUrl);
    expect(before.deltaTo(after, COUNT)).to.equal(1);
    expect(after.value(ACTIVE, { http_request_method: 'GET' })).to.equal(0);

    await app.call('enable');
    await get('/again');
    expect(await after.delta(COUNT)).to.equal(1);
  });

  it('records a request once when the layer is re-enabled while it is still in flight', async () => {
    const get = async (path) => (await fetch(`http://127.0.0.1:${app.info.port}${path}`)).text();
    const held = get('/hold');
    while ((await app.call('heldCount')) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const before = await snapshot(app.metricsUrl);
    await app.call('disable');
    await app.call('enable');
    await app.call('release');
    await held;
    await get('/after');
    let after = await snapshot(app.metricsUrl);
    for (let i = 0; i < 100 && before.deltaTo(after, COUNT) < 2; i++) after = await snapshot(app.metricsUrl);
    expect(before.deltaTo(after, COUNT)).to.equal(2);
    expect(after.value(ACTIVE, { http_request_method: 'GET' })).to.equal(0);
  });
});
