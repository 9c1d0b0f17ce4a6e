'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, parseExposition, promtoolCheck } = require('@nodeprom/test-utils');

describe('the scrape observes itself', function () {
  let app;
  let first;
  let second;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js');
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
    first = await app.scrape();
    second = await app.scrape();
  });
  after(() => app?.stop());

  it('counts the bodies built before this one in nodeprom_scrape_duration_seconds', () => {
    expect(sampleValue(first, 'nodeprom_scrape_duration_seconds_count')).to.equal(0);
    expect(sampleValue(second, 'nodeprom_scrape_duration_seconds_count')).to.equal(1);
    expect(sampleValue(second, 'nodeprom_scrape_duration_seconds_sum')).to.be.above(0).and.below(5);
    expect(sampleValue(second, 'nodeprom_scrape_duration_seconds_bucket', { le: '+Inf' })).to.equal(1);
  });

  it('reports the samples of the last complete body in nodeprom_scrape_series', () => {
    expect(sampleValue(first, 'nodeprom_scrape_series')).to.equal(0);
    expect(sampleValue(second, 'nodeprom_scrape_series')).to.equal(parseExposition(first).samples.length);
  });

  it('passes promtool check metrics', function () {
    expect(promtoolCheck(this, second)).to.equal('');
  });
});
