'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, promtoolCheck } = require('@nodeprom/test-utils');
const { scrape, PROMETHEUS_ACCEPT } = require('./scrape-client');

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

describe('the scrape endpoint negotiates format and encoding', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/scrape-app.js', { env: { SERIES: '300' } });
  });
  after(() => app.stop());

  it("answers Prometheus's own Accept header with OpenMetrics 1.0.0", async function () {
    const response = await scrape(app.metricsUrl, { accept: PROMETHEUS_ACCEPT });
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal(OPENMETRICS);
    expect(response.headers.vary).to.equal('Accept, Accept-Encoding');
    expect(response.text.endsWith('# EOF\n')).to.equal(true);
    expect(response.text).to.include('# TYPE filler_events_0 counter\n');
    expect(sampleValue(response.text, 'filler_events_0_total', { item: 'item-7' })).to.equal(7);
  });

  it('answers text/plain and a request without Accept with Prometheus text, uncompressed', async function () {
    for (const headers of [{ accept: 'text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5' }, {}]) {
      const response = await scrape(app.metricsUrl, headers);
      expect(response.headers['content-type']).to.equal(PROMETHEUS_TEXT);
      expect(response.headers['content-encoding']).to.equal(undefined);
      expect(response.text).not.to.include('# EOF');
      expect(sampleValue(response.text, 'filler_events_0_total', { item: 'item-299' })).to.equal(299);
      expect(promtoolCheck(this, response.text)).to.equal('');
    }
  });

  it('gzips the body when Accept-Encoding allows it, and the gzipped body is the same exposition', async () => {
    const gzipped = await scrape(app.metricsUrl, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).to.equal('gzip');
    expect(gzipped.body.subarray(0, 2)).to.deep.equal(Buffer.from([0x1f, 0x8b]));
    expect(gzipped.body.length).to.be.below(gzipped.text.length / 3);
    const plain = await scrape(app.metricsUrl, {});
    const families = (text) => text.split('\n').filter((line) => line.startsWith('# TYPE'));
    expect(families(gzipped.text)).to.deep.equal(families(plain.text));
    expect(sampleValue(gzipped.text, 'filler_events_0_total', { item: 'item-42' })).to.equal(42);
  });

  it('does not gzip when gzip is refused (q=0) or not offered', async () => {
    for (const encoding of ['gzip;q=0, *;q=1', 'identity', 'br']) {
      const response = await scrape(app.metricsUrl, { 'accept-encoding': encoding });
      expect(response.headers['content-encoding'], encoding).to.equal(undefined);
      expect(response.text).to.include('# TYPE filler_events_0_total counter');
    }
  });

  it('answers HEAD with the headers of a GET and no body', async () => {
    const response = await scrape(
      app.metricsUrl,
      { accept: PROMETHEUS_ACCEPT, 'accept-encoding': 'gzip' },
      { method: 'HEAD' },
    );
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal(OPENMETRICS);
    expect(response.headers['content-encoding']).to.equal('gzip');
    expect(response.body.length).to.equal(0);
  });

  it('answers 405 with Allow to other methods, and 404 elsewhere', async () => {
    const post = await scrape(app.metricsUrl, {}, { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.headers.allow).to.equal('GET, HEAD');
    const elsewhere = await scrape(app.metricsUrl.replace('/metrics', '/other'), {});
    expect(elsewhere.status).to.equal(404);
    expect(elsewhere.text).to.include('/metrics');
  });
});
