'use strict';
// The service the multi-process benchmark scrapes: WORKERS=0 is one process holding SERIES histogram
// series; WORKERS=n is a node:cluster primary with n workers, each holding the same SERIES series
// (so the merged scrape has SERIES series too). Prints "ready" once every process has its series.
const cluster = require('node:cluster');
const { registerInstrumentations, DEFAULT_HTTP_DURATION_BUCKETS } = require('@nodeprom/core');

const WORKERS = Number(process.env.WORKERS ?? 0);
const SERIES = Number(process.env.SERIES ?? 10000);

const DEFINITION = {
  name: 'bench.request.duration',
  kind: 'histogram',
  unit: 's',
  description: 'Benchmark histogram: 4 labels, 14 buckets.',
  labels: ['route', 'method', 'status', 'scheme'],
  buckets: DEFAULT_HTTP_DURATION_BUCKETS,
  layers: [],
};

function fill() {
  const histogram = registerInstrumentations().store.histogram(DEFINITION);
  for (let i = 0; i < SERIES; i++) {
    const cell = histogram.cell({
      route: `/route/${i % 2500}`,
      method: ['GET', 'POST', 'PUT', 'DELETE'][Math.floor(i / 2500) % 4],
      status: '200',
      scheme: 'http',
    });
    for (let n = 0; n < 3; n++) cell.record((i % 97) / 100);
  }
}

if (WORKERS > 0 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'filled' && ++ready === WORKERS) process.stdout.write('ready\n');
    });
  }
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  fill();
  if (cluster.isWorker) process.send('filled');
  else process.stdout.write('ready\n');
  setInterval(() => {}, 1 << 30); // stay up until the benchmark stops it
}
