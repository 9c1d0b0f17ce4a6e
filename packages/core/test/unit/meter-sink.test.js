'use strict';
// MeterSink: recording through the OpenTelemetry metrics API (for an instrumentation handed a
// MeterProvider the standard way), read back with a real SDK MeterProvider and reader.
const { expect } = require('chai');
const { MeterProvider, MetricReader, DataPointType } = require('@opentelemetry/sdk-metrics');
const { MeterSink } = require('@nodeprom/core');

class TestReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

async function collect(reader, name) {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    const metric = scope.metrics.find((m) => m.descriptor.name === name);
    if (metric) return metric;
  }
  return undefined;
}

describe('MeterSink', () => {
  let reader;
  let sink;
  beforeEach(() => {
    reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    sink = new MeterSink(provider.getMeter('meter-sink-test'));
  });

  it("records a histogram with the definition's buckets, or the ones given", async () => {
    const cell = sink
      .histogram({ name: 'ms.duration', unit: 's', description: 'd', buckets: [1, 2] }, [0.5, 5])
      .cell({ a: 'x' });
    cell.record(0.5);
    cell.record(3);
    const metric = await collect(reader, 'ms.duration');
    expect(metric.dataPointType).to.equal(DataPointType.HISTOGRAM);
    const point = metric.dataPoints[0];
    expect(point.attributes).to.deep.equal({ a: 'x' });
    expect(point.value.buckets.boundaries).to.deep.equal([0.5, 5]);
    expect(point.value.buckets.counts).to.deep.equal([1, 1, 0]);
  });

  it("keeps a cell's attributes as they were when it was made, whatever the caller does later", async () => {
    const attributes = { a: 'before' };
    const cell = sink.counter({ name: 'ms.count', unit: '1', description: 'd' }).cell(attributes);
    attributes.a = 'after';
    cell.add(2);
    const metric = await collect(reader, 'ms.count');
    expect(metric.dataPoints.map((p) => [p.attributes.a, p.value])).to.deep.equal([['before', 2]]);
  });

  it('calls a gauge callback at collection and stops after it is unregistered', async () => {
    let calls = 0;
    const unregister = sink.gauge({ name: 'ms.gauge', unit: '1', description: 'd' }, (observe) => {
      calls++;
      observe(7, { pool: 'p' });
    });
    const metric = await collect(reader, 'ms.gauge');
    expect(metric.dataPoints.map((p) => p.value)).to.deep.equal([7]);
    unregister();
    await collect(reader, 'ms.gauge');
    expect(calls).to.equal(1);
  });
});
