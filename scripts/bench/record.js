'use strict';
// node scripts/bench/record.js: the cost of one histogram record with four attributes, through the
// OpenTelemetry SDK (attributes hashed on every call) and through nodeprom's store (a cell resolved
// once). In-process and CPU-bound, so far steadier than the end-to-end scenarios.
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
const { MetricStore, HTTP_SERVER_REQUEST_DURATION, DEFAULT_HTTP_DURATION_BUCKETS } = require('@nodeprom/core');

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const attributes = {
  'http.request.method': 'GET',
  'http.route': '/users/:id',
  'http.response.status_code': 200,
  'url.scheme': 'http',
};
const N = 2_000_000;

function time(label, record) {
  for (let i = 0; i < 200_000; i++) record(i);
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) record(i);
    rounds.push(Number(process.hrtime.bigint() - start) / N);
  }
  rounds.sort((a, b) => a - b);
  process.stdout.write(`| ${label} | ${rounds[3].toFixed(1)} ns |\n`);
  return rounds[3];
}

const provider = new MeterProvider({ readers: [new PullReader()] });
const sdkHistogram = provider.getMeter('bench').createHistogram('http.server.request.duration', {
  unit: 's',
  advice: { explicitBucketBoundaries: [...DEFAULT_HTTP_DURATION_BUCKETS] },
});
const cell = new MetricStore().histogram(HTTP_SERVER_REQUEST_DURATION, DEFAULT_HTTP_DURATION_BUCKETS).cell(attributes);

process.stdout.write('| one histogram record, four attributes | median of 7 rounds |\n|---|---:|\n');
const sdk = time('OpenTelemetry SDK `histogram.record(value, attributes)`', (i) =>
  sdkHistogram.record((i % 100) / 1000, attributes),
);
const ours = time('nodeprom `cell.record(value)`', (i) => cell.record((i % 100) / 1000));
process.stdout.write(`\nnodeprom's record costs ${((ours / sdk) * 100).toFixed(1)}% of the SDK's.\n`);
