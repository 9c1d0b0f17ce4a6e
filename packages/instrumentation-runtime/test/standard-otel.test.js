'use strict';
// Handed to an app's own MeterProvider the standard OpenTelemetry way, the layer reports the same
// metrics through the metrics API: gauges as observable gauges, CPU time as an observable counter.
const path = require('node:path');
const { expect } = require('chai');
const { run } = require('@nodeprom/test-utils');

const FIXTURE = path.join(__dirname, 'fixtures', 'standard-otel.js');

describe('runtime: with an OpenTelemetry MeterProvider', function () {
  it('reports the OpenTelemetry names, CPU time as a monotonic sum and GC as a histogram', () => {
    const metrics = JSON.parse(run(process.execPath, ['--expose-gc', FIXTURE, 'opentelemetry']));
    const byName = Object.fromEntries(metrics.map((metric) => [metric.name, metric]));
    expect(byName['process.cpu.time']).to.include({ type: 'SUM', monotonic: true, points: 2 });
    expect(byName['nodejs.eventloop.delay.p99']).to.include({ type: 'GAUGE', points: 1 });
    expect(byName['v8js.gc.duration'].type).to.equal('HISTOGRAM');
    expect(byName['v8js.gc.duration'].attributes).to.deep.include({ 'v8js.gc.type': 'major' });
    expect(byName['v8js.memory.heap.used'].points).to.be.above(3);
  });

  it('reports prom-client names in that profile', () => {
    const metrics = JSON.parse(run(process.execPath, ['--expose-gc', FIXTURE, 'prom-client']));
    const byName = Object.fromEntries(metrics.map((metric) => [metric.name, metric]));
    expect(byName.process_cpu_user_seconds_total).to.include({ type: 'SUM', monotonic: true, points: 1 });
    expect(byName.nodejs_gc_duration_seconds.attributes).to.deep.include({ kind: 'major' });
  });
});
