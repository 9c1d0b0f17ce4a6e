'use strict';
// MetricStore's histogram cells: Prometheus buckets are upper-inclusive (`le`), and a value above the
// last boundary lands only in the overflow (+Inf) bucket. Read through the MetricProducer interface,
// which is what every reader (the Prometheus exporter, OTLP) sees.
const { expect } = require('chai');
const { MetricStore } = require('@nodeprom/core');

const DEFINITION = {
  name: 'test.store.duration',
  kind: 'histogram',
  unit: 's',
  description: 'd',
  labels: [],
  layers: [],
};

async function countsOf(store) {
  const { resourceMetrics } = await store.collect();
  const metric = resourceMetrics.scopeMetrics[0].metrics.find((m) => m.descriptor.name === DEFINITION.name);
  return metric.dataPoints[0].value;
}

describe('MetricStore histogram buckets', () => {
  it("counts a value exactly on a boundary in that boundary's bucket (le is inclusive)", async () => {
    const store = new MetricStore();
    const cell = store.histogram(DEFINITION, [0.1, 1, 10]).cell({});
    cell.record(1);
    cell.record(0.1);
    const value = await countsOf(store);
    expect(value.buckets.boundaries).to.deep.equal([0.1, 1, 10]);
    expect(value.buckets.counts).to.deep.equal([1, 1, 0, 0]);
    expect(value.count).to.equal(2);
    expect(value.sum).to.be.closeTo(1.1, 1e-12);
  });

  it('counts a value above the last boundary in the overflow bucket only', async () => {
    const store = new MetricStore();
    const cell = store.histogram(DEFINITION, [0.1, 1, 10]).cell({});
    cell.record(10.000001);
    cell.record(1e9);
    const value = await countsOf(store);
    expect(value.buckets.counts).to.deep.equal([0, 0, 0, 2]);
    expect(value.max).to.equal(1e9);
  });

  it('counts zero and negative values in the first bucket', async () => {
    const store = new MetricStore();
    const cell = store.histogram(DEFINITION, [0.1, 1]).cell({});
    cell.record(0);
    cell.record(-1);
    expect((await countsOf(store)).buckets.counts).to.deep.equal([2, 0, 0]);
  });

  it('gives one cell per attribute set, whatever the order of the keys', () => {
    const store = new MetricStore();
    const instrument = store.histogram(DEFINITION, [1]);
    expect(instrument.cell({ a: '1', b: '2' })).to.equal(instrument.cell({ b: '2', a: '1' }));
    expect(instrument.cell({ a: '1' })).to.not.equal(instrument.cell({ a: '2' }));
  });
});
