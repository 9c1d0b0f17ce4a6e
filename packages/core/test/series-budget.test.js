'use strict';
const { expect } = require('chai');
const { startApp, requireService, findSamples, sampleValue, promtoolCheck } = require('@nodeprom/test-utils');

const BUDGET = 5;
const STATUSES = Array.from({ length: 12 }, (_, i) => 200 + i);

function total(samples) {
  return samples.reduce((sum, sample) => sum + sample.value, 0);
}

describe('a series budget per metric (NODEPROM_MAX_SERIES_PER_METRIC)', function () {
  let app;
  let text;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('test-fixtures/apps/series-budget-app.js', {
      env: { NODEPROM_MAX_SERIES_PER_METRIC: String(BUDGET) },
    });
    // 12 statuses, 3 requests each: 12 attribute sets of the duration histogram, budget 5.
    for (let round = 0; round < 3; round++) {
      for (const status of STATUSES) await (await fetch(`http://127.0.0.1:${app.info.port}/status/${status}`)).text();
    }
    // 4 pools × (idle, used): 8 attribute sets of db_client_connections, observed at each scrape.
    await app.call('openPools', 4);
    await app.scrape();
    text = await app.scrape();
  });
  after(() => app?.stop());

  it('keeps the first attribute sets and puts the rest into one otel_metric_overflow="true" series, totals intact', () => {
    const counts = findSamples(text, 'http_server_request_duration_seconds_count');
    const overflow = counts.filter((sample) => sample.labels.otel_metric_overflow === 'true');
    expect(counts).to.have.length(BUDGET + 1);
    expect(overflow).to.have.length(1);
    expect(Object.keys(overflow[0].labels)).to.deep.equal(['otel_metric_overflow']);
    expect(overflow[0].value).to.equal((STATUSES.length - BUDGET) * 3);
    expect(total(counts)).to.equal(STATUSES.length * 3);
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_bucket', { otel_metric_overflow: 'true', le: '+Inf' }),
    ).to.equal(overflow[0].value);
  });

  it('counts the records that went to the overflow series in nodeprom_metric_overflow_total', () => {
    expect(
      sampleValue(text, 'nodeprom_metric_overflow_total', { metric: 'http_server_request_duration_seconds' }),
    ).to.equal((STATUSES.length - BUDGET) * 3);
  });

  it('bounds gauges observed at scrape time the same way', () => {
    const connections = findSamples(text, 'db_client_connections');
    expect(connections).to.have.length(BUDGET + 1);
    expect(findSamples(text, 'db_client_connections', { otel_metric_overflow: 'true' })).to.have.length(1);
    // Each pool holds one idle connection after its query: the total survives the overflow.
    expect(total(connections)).to.equal(4);
    // Three observations overflowed at each of the two scrapes.
    expect(sampleValue(text, 'nodeprom_metric_overflow_total', { metric: 'db_client_connections' })).to.equal(6);
  });

  it('warns once per metric, naming it and the variable', () => {
    const warnings = app.stderr.split('\n').filter((line) => line.includes('has reached its budget'));
    // Other HTTP metrics overflow too (active requests has a cell per method and scheme): one line each.
    const metrics = warnings.map((line) => /metric (\S+) has reached/.exec(line)[1]);
    expect(new Set(metrics).size).to.equal(metrics.length);
    expect(
      warnings.filter(
        (line) =>
          line.includes('metric http_server_request_duration_seconds ') &&
          line.includes('NODEPROM_MAX_SERIES_PER_METRIC'),
      ),
    ).to.have.length(1);
    expect(warnings.filter((line) => line.includes('metric db_client_connections '))).to.have.length(1);
  });

  it('passes promtool check metrics', function () {
    expect(promtoolCheck(this, text)).to.equal('');
  });
});
