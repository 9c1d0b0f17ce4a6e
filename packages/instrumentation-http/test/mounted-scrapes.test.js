'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');

const COUNT = 'http_server_request_duration_seconds_count';

function total(text, name) {
  return findSamples(text, name).reduce((sum, s) => sum + s.value, 0);
}

describe('requests answered by a mounted metricsHandler() stay out of the HTTP metrics', function () {
  let app;
  let base;
  before(async () => {
    app = await startApp('test-fixtures/apps/mounted-metrics-app.js', {
      env: { FRAMEWORK: 'express', NODEPROM_PORT: 'none' },
    });
    base = `http://127.0.0.1:${app.info.port}`;
  });
  after(() => app.stop());

  async function scrapeText() {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).to.equal(200);
    return response.text();
  }

  it('records no series for scrapes of any outcome, and the in-flight gauge returns to zero after them', async () => {
    await (await fetch(`${base}/hello`)).text();
    for (let i = 0; i < 5; i++) await scrapeText();
    // express routes GET and HEAD here; a HEAD answered by the handler is a scrape too.
    await fetch(`${base}/metrics`, { method: 'HEAD' });
    const text = await scrapeText();
    expect(total(text, COUNT)).to.equal(1);
    expect(sampleValue(text, COUNT, { http_route: '/hello' })).to.equal(1);
    expect(
      findSamples(text, 'http_server_response_body_size_bytes_count').every((s) => s.labels.http_route !== '/metrics'),
    ).to.equal(true);
    // Only the scrape being answered is in flight.
    expect(total(text, 'http_server_active_requests')).to.equal(1);
  });
});
