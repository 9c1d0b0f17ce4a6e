'use strict';
// http_server_active_requests has a series only for a method and scheme a request was seen with:
// before any request the family is empty, not 22 zero series.
const { expect } = require('chai');
const { startApp, findSamples, sampleValue } = require('@nodeprom/test-utils');

const ACTIVE = 'http_server_active_requests';

describe('http_server_active_requests series', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js');
  });
  after(() => app.stop());

  it('has no series before a request, and one per method and scheme seen after', async () => {
    expect(findSamples(await app.scrape(), ACTIVE)).to.have.length(0);
    await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
    await (await fetch(`http://127.0.0.1:${app.info.port}/`, { method: 'POST', body: 'x' })).text();
    const text = await app.scrape();
    expect(
      findSamples(text, ACTIVE)
        .map((s) => s.labels.http_request_method)
        .sort(),
    ).to.deep.equal(['GET', 'POST']);
    expect(sampleValue(text, ACTIVE, { http_request_method: 'GET', url_scheme: 'http' })).to.equal(0);
  });
});
