'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, seriesCount } = require('@nodeprom/test-utils');
const { scrape, PROMETHEUS_ACCEPT } = require('./scrape-client');

// The fixture's collection takes COLLECT_DELAY_MS, so scrapes sent shortly after the first one
// arrive while its body is being built, with a wide margin on a loaded machine.
const DELAY_MS = 1500;

function collection(text) {
  return sampleValue(text, 'scrape_collections');
}

describe('concurrent scrapes share one body', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/scrape-app.js', {
      env: { SERIES: '6000', COLLECT_DELAY_MS: String(DELAY_MS) },
    });
  });
  after(() => app.stop());

  const headerSets = [
    { accept: PROMETHEUS_ACCEPT, 'accept-encoding': 'gzip' },
    { accept: 'text/plain;version=0.0.4' },
    { 'accept-encoding': 'gzip' },
    {},
  ];

  it('gives scrapes that arrive while a body is built that same body, in every encoding, from one collection', async () => {
    const before = collection((await scrape(app.metricsUrl)).text);
    const first = scrape(app.metricsUrl, headerSets[2]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const others = Array.from({ length: 11 }, (_, i) => scrape(app.metricsUrl, headerSets[2 + (i % 2)]));
    const responses = await Promise.all([first, ...others]);
    const texts = responses.map((response) => response.text);
    for (const text of texts) expect(collection(text)).to.equal(before + 1);
    // Same collection, same body: byte for byte once decompressed.
    for (const text of texts) expect(text).to.equal(texts[0]);
    expect(responses.filter((response) => response.headers['content-encoding'] === 'gzip')).to.have.length(7);
    expect(sampleValue(texts[0], 'scrape_collections_concurrent_max')).to.equal(1);
  });

  it('builds one body at a time: scrapes of the other format wait for it, then share the next one', async () => {
    const before = collection((await scrape(app.metricsUrl)).text);
    const first = scrape(app.metricsUrl, headerSets[0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const others = Array.from({ length: 8 }, (_, i) => scrape(app.metricsUrl, headerSets[i % headerSets.length]));
    const responses = await Promise.all([first, ...others]);
    const byType = new Map();
    for (const response of responses) {
      const type = response.headers['content-type'];
      byType.set(type, [...(byType.get(type) ?? []), response.text]);
    }
    const openMetrics = byType.get('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const prometheusText = byType.get('text/plain; version=0.0.4; charset=utf-8');
    expect(openMetrics).to.have.length(3);
    expect(prometheusText).to.have.length(6);
    // The OpenMetrics body came first; the Prometheus-text scrapes, sent while it was built, waited and shared the next.
    for (const text of openMetrics) expect(text).to.equal(openMetrics[0]);
    for (const text of prometheusText) expect(text).to.equal(prometheusText[0]);
    expect(collection(openMetrics[0])).to.equal(before + 1);
    expect(collection(prometheusText[0])).to.equal(before + 2);
    expect(openMetrics[0].trimEnd().endsWith('# EOF')).to.equal(true);
    expect(sampleValue(prometheusText[0], 'scrape_collections_concurrent_max')).to.equal(1);
  });

  it('collects afresh for a scrape that comes after the body was built', async () => {
    const one = collection((await scrape(app.metricsUrl)).text);
    const two = collection((await scrape(app.metricsUrl)).text);
    expect(two).to.equal(one + 1);
  });

  it('keeps serving the others, and frees the body, when clients disconnect mid-body', async () => {
    const before = collection((await scrape(app.metricsUrl)).text);
    const quitters = Array.from({ length: 4 }, (_, i) =>
      scrape(app.metricsUrl, headerSets[2 + (i % 2)], {
        onFirstChunk: (request) => request.destroy(),
      }).catch((error) => error),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stayers = await Promise.all([scrape(app.metricsUrl, headerSets[2]), scrape(app.metricsUrl, {})]);
    await Promise.all(quitters);
    for (const response of stayers) {
      expect(collection(response.text)).to.equal(before + 1);
      expect(seriesCount(response.text, 'filler_events_')).to.equal(6000);
    }
    // Every client gone: the next scrape is a new collection, nothing waits on the old body.
    await Promise.all(
      Array.from({ length: 3 }, () =>
        scrape(app.metricsUrl, {}, { onFirstChunk: (request) => request.destroy() }).catch(() => {}),
      ),
    );
    expect(collection((await scrape(app.metricsUrl)).text)).to.be.above(before + 1);
  });
});
