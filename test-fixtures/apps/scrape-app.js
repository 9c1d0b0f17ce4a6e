'use strict';
// An app whose scrape is large and whose collection is slow and counted, to show how the endpoint
// serves it: SERIES user counter series (4 labels each) make the body large; an observable gauge
// whose callback takes COLLECT_DELAY_MS reports how many collections ran (`scrape_collections`) and
// the most that ever ran at once (`scrape_collections_concurrent_max`).
const http = require('node:http');
const { metrics } = require('@opentelemetry/api');
const { serve } = require('@nodeprom/test-utils/app');

const meter = metrics.getMeter('scrape-app');
const series = Number(process.env.SERIES ?? 0);
// OpenTelemetry's SDK keeps at most 2 000 series per metric: spread them over several counters.
const PER_METRIC = 1500;
for (let first = 0; first < series; first += PER_METRIC) {
  const filler = meter.createCounter(`filler.events.${first / PER_METRIC}`, {
    description: 'Series that make the scrape large.',
  });
  for (let i = first; i < Math.min(series, first + PER_METRIC); i++) {
    filler.add(i, { shard: `shard-${i % 97}`, zone: `zone-${i % 7}`, kind: `kind-${i % 13}`, item: `item-${i}` });
  }
}

const delayMs = Number(process.env.COLLECT_DELAY_MS ?? 0);
let collections = 0;
let running = 0;
let maxRunning = 0;
meter
  .createObservableGauge('scrape.collections', { description: 'Collections the scrape endpoint ran.' })
  .addCallback(async (result) => {
    collections++;
    running++;
    maxRunning = Math.max(maxRunning, running);
    const mine = collections;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    running--;
    result.observe(mine);
  });
meter
  .createObservableGauge('scrape.collections.concurrent.max', {
    description: 'Most collections that ever ran at once.',
  })
  .addCallback((result) => result.observe(maxRunning));

const server = http.createServer((req, res) => res.end('app'));
server.listen(0, '127.0.0.1', () => {
  serve({ close: () => new Promise((resolve) => server.close(resolve)) }, { port: server.address().port });
});
