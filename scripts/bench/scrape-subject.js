'use strict';
// One subject of scripts/bench/scrape.js, in its own process: builds SERIES histogram series
// (4 labels, 14 buckets) in one library, serves them over HTTP on 127.0.0.1, and measures itself
// while the parent scrapes it over real sockets:
//   begin   notes the CPU time and, unless `probe: false`, starts a 1 ms probe timer (the longest
//           gap between its ticks is the app's longest stall), resets the peak RSS (Linux
//           /proc/self/clear_refs) and samples the heap and the Buffers every tick
//   end     reports CPU time, longest stall, peak RSS growth, peak heap and peak Buffers growth
//           since `begin` (and for nodeprom how many bodies were opened)
//   render  builds one body in process, without HTTP, and reports its CPU time
//   steps   (nodeprom) times each step of the bodies built until `steps-end`, which reports the
//           longest, in CPU time
// Libraries: nodeprom (its endpoint's responder: the streaming writer, one shared body for concurrent scrapes,
// setImmediate between chunks), nodeprom-serializer (nodeprom's store through OpenTelemetry's
// serializer, the path before the writer, one string per scrape), prom-client
// (`res.end(await registry.metrics())`), otel (the SDK and PrometheusExporter's request handler).
const fs = require('node:fs');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const LIBRARY = process.env.SUBJECT_LIBRARY;
const SERIES = Number(process.env.SUBJECT_SERIES);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 201, 400, 404, 500];
const VALUES = [0.003, 0.02, 0.3];

/** The i-th attribute set: 4 methods × 5 statuses per route, as many routes as it takes. */
function attributes(i) {
  return {
    'http.request.method': METHODS[i % 4],
    'http.route': `/api/resource${Math.floor(i / 20)}/:id`,
    'http.response.status_code': STATUSES[Math.floor(i / 4) % 5],
    'url.scheme': 'http',
  };
}

function listen(handler) {
  const server = http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/metrics`)),
  );
}

async function nodeprom() {
  const core = require('@nodeprom/core');
  const handle = core.registerInstrumentations({ serve: false, instrumentations: [], maxSeriesPerMetric: SERIES + 1 });
  const histogram = handle.store.histogram(core.HTTP_SERVER_REQUEST_DURATION, BUCKETS);
  for (let i = 0; i < SERIES; i++) {
    const cell = histogram.cell(attributes(i));
    for (const value of VALUES) cell.record(value);
  }
  // Bodies opened while measuring (20 concurrent scrapes should share one).
  const open = handle.source.open.bind(handle.source);
  // The responder nodeprom's endpoint answers with (the endpoint adds only its path and access
  // checks), on a server of our own, so that its count of the body chunks it holds at once can be
  // read: exact, unlike the heap and Buffers figures, which count garbage not yet collected.
  const responder = new core.ScrapeResponder(handle.source);
  chunkMemory = responder.chunkMemory;
  renderBody = async () => {
    const renderer = await open('prometheus');
    let bytes = 0;
    for (let part = renderer.next(); part !== undefined; part = renderer.next())
      bytes += typeof part === 'string' ? Buffer.from(part).length : part.length;
    return bytes;
  };
  // The longest single next() in CPU time, timed in one more scrape over HTTP that no other
  // figure counts (the timing costs CPU): the stall the writer itself can cause, whatever the
  // load on the machine does to the probe timer.
  handle.source.open = async (format) => {
    if (measuring) measuring.bodies++;
    const renderer = await open(format);
    if (stepTiming === undefined) return renderer;
    const timing = stepTiming;
    return {
      next() {
        const cpu = process.cpuUsage();
        const part = renderer.next();
        const used = process.cpuUsage(cpu);
        timing.longest = Math.max(timing.longest, (used.user + used.system) / 1000);
        return part;
      },
    };
  };
  return listen((request, response) => responder.respond(request, response));
}

async function nodepromSerializer() {
  const core = require('@nodeprom/core');
  const handle = core.registerInstrumentations({ serve: false, instrumentations: [], maxSeriesPerMetric: SERIES + 1 });
  const histogram = handle.store.histogram(core.HTTP_SERVER_REQUEST_DURATION, BUCKETS);
  for (let i = 0; i < SERIES; i++) {
    const cell = histogram.cell(attributes(i));
    for (const value of VALUES) cell.record(value);
  }
  const source = core.serializerSource(handle.reader, '', [handle.store]);
  renderBody = async () => Buffer.from(await core.renderToString(source, 'prometheus')).length;
  // As nodeprom's endpoint served it before the writer: one string per scrape.
  return listen(async (req, res) => {
    const body = await core.renderToString(source, 'prometheus');
    res.writeHead(200, { 'content-type': core.EXPOSITION_CONTENT_TYPES.prometheus }).end(body);
  });
}

async function promClient() {
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
  renderBody = async () => Buffer.from(await registry.metrics()).length;
  // prom-client's documented way to serve a registry.
  return listen(async (req, res) => {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType }).end(body);
  });
}

async function otel() {
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const histogram = provider.getMeter('bench').createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < SERIES; i++) {
    const a = attributes(i);
    for (const value of VALUES) histogram.record(value, a);
  }
  const { PrometheusSerializer } = require('@opentelemetry/exporter-prometheus');
  const serializer = new PrometheusSerializer();
  renderBody = async () => Buffer.from(serializer.serialize((await exporter.collect()).resourceMetrics)).length;
  return listen((req, res) => exporter.getMetricsRequestHandler(req, res));
}

/** Builds one body in process, no HTTP: the cost of the exposition alone. */
let renderBody;
/** nodeprom, between `steps` and `steps-end`: the longest step of the bodies built. */
let stepTiming;

async function renderOnce() {
  const cpu = process.cpuUsage();
  await renderBody();
  const used = process.cpuUsage(cpu);
  return { renderCpuMs: (used.user + used.system) / 1000 };
}

/** The JS heap and the Buffers (nodeprom's endpoint holds its body as Buffers, outside the heap). */
function heapAndBuffers() {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers };
}

function peakRssBytes() {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
}

let measuring;
/** nodeprom: its responder's count of the body chunks it holds. */
let chunkMemory;

/**
 * Starts a measure. With `probe` false, only the CPU time is taken: the probe's ticks (a timer and
 * two memory readings a millisecond) are work of their own, and a scrape that yields to the event
 * loop (nodeprom's) lasts longer on the wall clock than one that blocks it, so it would be charged
 * for many more ticks. The stall and memory figures come from measures with the probe.
 */
function begin(probe = true) {
  global.gc();
  const start = heapAndBuffers();
  const state = {
    cpu: process.cpuUsage(),
    rss: process.memoryUsage().rss,
    heap: start.heap,
    buffers: start.buffers,
    heapPeak: start.heap,
    buffersPeak: start.buffers,
    longest: 0,
    bodies: 0,
    last: performance.now(),
    timer: undefined,
  };
  fs.writeFileSync('/proc/self/clear_refs', '5');
  if (chunkMemory !== undefined) chunkMemory.peak = chunkMemory.held;
  const tick = () => {
    const now = performance.now();
    state.longest = Math.max(state.longest, now - state.last);
    state.last = now;
    const memory = heapAndBuffers();
    state.heapPeak = Math.max(state.heapPeak, memory.heap);
    state.buffersPeak = Math.max(state.buffersPeak, memory.buffers);
    state.timer = setTimeout(tick, 1);
  };
  if (probe) state.timer = setTimeout(tick, 1);
  measuring = state;
}

function end() {
  const state = measuring;
  clearTimeout(state.timer);
  measuring = undefined;
  const used = process.cpuUsage(state.cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    systemCpuMs: used.system / 1000,
    longestStallMs: Math.max(state.longest, performance.now() - state.last),
    rssGrowthMiB: Math.max(0, peakRssBytes() - state.rss) / 2 ** 20,
    heapGrowthMiB: (state.heapPeak - state.heap) / 2 ** 20,
    buffersGrowthMiB: (state.buffersPeak - state.buffers) / 2 ** 20,
    bodies: state.bodies,
    chunksPeakMiB: chunkMemory === undefined ? undefined : chunkMemory.peak / 2 ** 20,
  };
}

const build = { nodeprom, 'nodeprom-serializer': nodepromSerializer, 'prom-client': promClient, otel }[LIBRARY];

process.on('message', (message) => {
  if (message.cmd === 'begin') {
    begin(message.probe !== false);
    process.send({ ok: true });
  } else if (message.cmd === 'render') {
    renderOnce().then((value) => process.send({ ok: true, value }));
  } else if (message.cmd === 'steps') {
    stepTiming = { longest: 0 };
    process.send({ ok: true });
  } else if (message.cmd === 'steps-end') {
    process.send({ ok: true, value: { longestStepMs: stepTiming.longest } });
    stepTiming = undefined;
  } else if (message.cmd === 'exit') {
    // A normal exit, so that --cpu-prof (when profiling a subject) writes its profile.
    process.exit(0);
  } else if (message.cmd === 'end') {
    // Let the last tick of the probe and any response bookkeeping run first.
    setImmediate(() => process.send({ ok: true, value: end() }));
  }
});
build().then(
  (url) => process.send({ ready: true, url }),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
