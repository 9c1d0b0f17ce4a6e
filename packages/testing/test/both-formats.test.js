'use strict';
// The two text formats nodeprom's endpoint serves, as a real producer (prom-client) writes them:
// the same metrics written as Prometheus 0.0.4 text and as OpenMetrics 1.0.0 (with an exemplar and
// `# EOF`) give the same values, escaped label values and histogram samples included.
const { expect } = require('chai');
const client = require('prom-client');
const { Snapshot } = require('@nodeprom/testing');

const TRICKY = 'a "quoted" \\ value\nwith a newline';

/** A registry in `contentType` with the same recorded values whatever the format. */
function recorded(contentType) {
  const registry = new client.Registry(contentType);
  const openMetrics = contentType === client.openMetricsContentType;
  const jobs = new client.Counter({
    name: 'jobs_total',
    help: 'Jobs run.',
    labelNames: ['queue'],
    registers: [registry],
    enableExemplars: openMetrics,
  });
  const latency = new client.Histogram({
    name: 'lat_seconds',
    help: 'Latency.',
    labelNames: ['route'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  // With exemplars on, prom-client's inc takes one object.
  if (openMetrics) {
    jobs.inc({ labels: { queue: TRICKY }, value: 2, exemplarLabels: { traceId: 'abc123' } });
    jobs.inc({ labels: { queue: 'plain' }, value: 5 });
  } else {
    jobs.inc({ queue: TRICKY }, 2);
    jobs.inc({ queue: 'plain' }, 5);
  }
  latency.observe({ route: '/x/:id' }, 0.5);
  latency.observe({ route: '/x/:id' }, 2);
  return { registry, jobs };
}

describe('@nodeprom/testing reading both exposition formats', function () {
  for (const [format, contentType] of [
    ['Prometheus 0.0.4', client.prometheusContentType],
    ['OpenMetrics 1.0.0', client.openMetricsContentType],
  ]) {
    it(`reads counters, escaped labels and histograms from ${format}`, async () => {
      const text = await recorded(contentType).registry.metrics();
      if (format.startsWith('OpenMetrics')) expect(text).to.include('# EOF').and.to.include('traceId="abc123"');
      const snap = new Snapshot(text);
      expect(snap.value('jobs_total', { queue: TRICKY })).to.equal(2);
      expect(snap.value('jobs_total')).to.equal(7);
      expect(snap.value('lat_seconds_count', { route: '/x/:id' })).to.equal(2);
      expect(snap.value('lat_seconds_sum', { route: '/x/:id' })).to.equal(2.5);
      expect(snap.value('lat_seconds_bucket', { route: '/x/:id', le: '1' })).to.equal(1);
      expect(snap.value('lat_seconds_bucket', { route: '/x/:id', le: '+Inf' })).to.equal(2);
      expect(
        snap
          .series('jobs_total')
          .map((labels) => labels.queue)
          .sort(),
      ).to.deep.equal(['plain', TRICKY].sort());
    });
  }

  it('gives the change between two snapshots, counting a series missing before as 0', async () => {
    const { registry, jobs } = recorded(client.openMetricsContentType);
    const before = new Snapshot(await registry.metrics());
    jobs.inc({ labels: { queue: 'new' }, value: 4 });
    jobs.inc({ labels: { queue: 'plain' }, value: 1 });
    const after = new Snapshot(await registry.metrics());
    expect(before.deltaTo(after, 'jobs_total', { queue: 'new' })).to.equal(4);
    expect(before.deltaTo(after, 'jobs_total', { queue: 'plain' })).to.equal(1);
    expect(before.deltaTo(after, 'jobs_total', { queue: 'never' })).to.equal(0);
  });
});
