'use strict';
// One subject of scripts/bench/scrape.js, in its own process: builds SERIES histogram series
// (4 labels, 14 buckets) in one library, then answers the parent's commands over IPC:
//   scrape      one full scrape: CPU time, wall time, longest event-loop stall, bytes, series written
//   concurrent  CONCURRENT scrapes at once: growth of the peak RSS (the kernel's high-water mark)
// Libraries: nodeprom (its streaming writer, driven as the endpoint drives it: next(), then
// setImmediate between chunks), nodeprom-serializer (nodeprom's store through OpenTelemetry's
// serializer, the path before the writer), prom-client (registry.metrics()), otel (an SDK histogram,
// reader.collect() and PrometheusSerializer).
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const LIBRARY = process.env.SUBJECT_LIBRARY;
const SERIES = Number(process.env.SUBJECT_SERIES);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 201, 400, 404, 500];

/** The i-th attribute set: 4 methods × 5 statuses per route, as many routes as it takes. */
function attributes(i) {
  return {
    'http.request.method': METHODS[i % 4],
    'http.route': `/api/resource${Math.floor(i / 20)}/:id`,
    'http.response.status_code': STATUSES[Math.floor(i / 4) % 5],
    'url.scheme': 'http',
  };
}

const VALUES = [0.003, 0.02, 0.3];

function buildNodeprom(serializer) {
  const core = require('@nodeprom/core');
  const handle = core.registerInstrumentations({ serve: false, instrumentations: [], maxSeriesPerMetric: SERIES + 1 });
  const histogram = handle.store.histogram(core.HTTP_SERVER_REQUEST_DURATION, BUCKETS);
  for (let i = 0; i < SERIES; i++) {
    const cell = histogram.cell(attributes(i));
    for (const value of VALUES) cell.record(value);
  }
  const source = serializer ? core.serializerSource(handle.reader, '', [handle.store]) : handle.source;
  // Driven as the endpoint drives it: one bounded piece per turn of the event loop.
  return () => new Promise((resolve, reject) => {
    source.open('prometheus').then((renderer) => {
      let bytes = 0;
      const step = () => {
        const part = renderer.next();
        if (part === undefined) return resolve(bytes);
        bytes += Buffer.byteLength(part);
        setImmediate(step);
      };
      step();
    }, reject);
  });
}

function buildPromClient() {
  const client = require('prom-client');
  const registry = new client.Registry();
  const histogram = new client.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests.',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code', 'url_scheme'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < SERIES; i++) {
    const a = attributes(i);
    const labels = {
      http_request_method: a['http.request.method'],
      http_route: a['http.route'],
      http_response_status_code: a['http.response.status_code'],
      url_scheme: a['url.scheme'],
    };
    for (const value of VALUES) histogram.observe(labels, value);
  }
  return async () => Buffer.byteLength(await registry.metrics());
}

function buildOtel() {
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter, PrometheusSerializer } = require('@opentelemetry/exporter-prometheus');
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  const histogram = provider.getMeter('bench').createHistogram('http.server.request.duration', {
    unit: 's', advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < SERIES; i++) {
    const a = attributes(i);
    for (const value of VALUES) histogram.record(value, a);
  }
  const serializer = new PrometheusSerializer('', false, undefined, false, true);
  return async () => {
    const { resourceMetrics } = await reader.collect();
    const text = serializer.serialize(resourceMetrics);
    lastWritten = text.split('_count').length - 1;
    return Buffer.byteLength(text);
  };
}

let lastWritten;
const scrape = {
  nodeprom: () => buildNodeprom(false),
  'nodeprom-serializer': () => buildNodeprom(true),
  'prom-client': buildPromClient,
  otel: buildOtel,
}[LIBRARY]();

/** Measures the longest gap between 1 ms timer ticks while `work` runs: how long the app stalls. */
async function withStallProbe(work) {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) timer = setTimeout(tick, 1);
  };
  let timer = setTimeout(tick, 1);
  const result = await work();
  running = false;
  clearTimeout(timer);
  longest = Math.max(longest, performance.now() - last);
  return { result, longestStallMs: longest };
}

async function scrapeOnce() {
  lastWritten = SERIES;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { result: bytes, longestStallMs } = await withStallProbe(scrape);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs, longestStallMs, bytes, written: lastWritten };
}

function peakRssKiB() {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
}

/**
 * `count` scrapes at once, each body consumed as it is produced (a socket that keeps up: nodeprom's
 * chunks are dropped once counted, the others' strings once measured). Reports the growth of the peak RSS (Linux: the high-water mark is reset first
 * through /proc/self/clear_refs) and of the heap, sampled every millisecond and after every scrape.
 */
async function concurrent(count) {
  await scrape();
  global.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  fs.writeFileSync('/proc/self/clear_refs', '5');
  let heapPeak = heapBefore;
  const sample = () => { heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed); };
  const sampler = setInterval(sample, 1);
  await Promise.all(Array.from({ length: count }, () => scrape().then((bytes) => { sample(); return bytes; })));
  clearInterval(sampler);
  sample();
  return {
    rssGrowthMiB: (peakRssKiB() * 1024 - rssBefore) / 2 ** 20,
    heapGrowthMiB: (heapPeak - heapBefore) / 2 ** 20,
  };
}

process.on('message', async (message) => {
  try {
    if (message.cmd === 'scrape') process.send({ ok: true, value: await scrapeOnce() });
    else if (message.cmd === 'concurrent') process.send({ ok: true, value: await concurrent(message.count) });
  } catch (error) {
    process.send({ ok: false, error: error.stack });
  }
});
process.send({ ready: true });
