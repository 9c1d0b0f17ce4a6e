'use strict';
// node scripts/bench/scrape.js [--rounds N] [--series 1000,10000,50000]
// The scrape at scale (issue 10): 1 000, 10 000 and 50 000 histogram series (4 labels, 14 buckets),
// scraped over real HTTP in one run from nodeprom (its endpoint and streaming writer), nodeprom's
// store through OpenTelemetry's serializer (the path before the writer), prom-client 15 and
// OpenTelemetry's SDK and PrometheusExporter (which caps a metric at 2 000 series: the table shows
// how many it wrote). Each library serves from its own process (scripts/bench/scrape-subject.js),
// pinned to one core, and measures itself: CPU time (in a scrape of its own without the probe,
// whose ticks would charge a scrape that yields to the event loop for their work; the probed
// scrape's CPU time is shown beside it), the longest event-loop stall (a 1 ms probe
// timer; for nodeprom also the longest single next(), in CPU time, timed in a scrape of its own
// that no other figure counts), peak RSS growth, and peak growth of the JS heap and of the Buffers apart (nodeprom holds
// its body's chunks as Buffers; the heap's figure moves with garbage not yet collected). The client
// is this process, on the other core. Rounds alternate between libraries; the table shows medians.
// Then 1 and 20 concurrent scrapes (and how many bodies nodeprom built for the 20, and the most
// bytes of body chunks its responder held at once: exact, where the heap and Buffers figures also
// count garbage not yet collected).
const { fork, execFileSync } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { MEASURED_CPU, OTHER_CPU, median } = require('./harness');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const ROUNDS = Number(option('--rounds', '7'));
const SIZES = option('--series', '1000,10000,50000').split(',').map(Number);
const CONCURRENT = 20;
const SUBJECT = path.join(__dirname, 'scrape-subject.js');

function pin(pid, cpu) {
  try {
    execFileSync('taskset', ['-p', '-c', cpu, String(pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: unpinned, noisier.
  }
}

function libraries(series) {
  // The serializer path takes seconds per scrape at 50 000 series; it is the "before" reference.
  return series <= 10000
    ? ['nodeprom', 'nodeprom-serializer', 'prom-client', 'otel']
    : ['nodeprom', 'prom-client', 'otel'];
}

function start(library, series) {
  const child = fork(SUBJECT, [], {
    env: {
      ...process.env,
      SUBJECT_LIBRARY: library,
      SUBJECT_SERIES: String(series),
      OTEL_LOG_LEVEL: 'error',
      NODEPROM_ENABLED_INSTRUMENTATIONS: 'http',
    },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  pin(child.pid, MEASURED_CPU);
  let waiting;
  let exited;
  child.on('message', (message) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(message);
  });
  // A subject can die (out of memory under 20 concurrent scrapes): the measure says so.
  child.once('exit', (code, signal) => {
    exited = `exited (${signal ?? code})`;
    const resolve = waiting;
    waiting = undefined;
    resolve?.({ exited });
  });
  const ask = (message) =>
    new Promise((resolve) => {
      if (exited) return resolve({ exited });
      waiting = resolve;
      if (message) child.send(message);
    });
  return {
    ready: ask(),
    /** Measures `work`; with `probe` false, its CPU time only (see the subject's `begin`). */
    async measure(work, probe = true) {
      await ask({ cmd: 'begin', probe });
      const result = await work().catch((error) => ({ failed: error.message }));
      const answer = await ask({ cmd: 'end' });
      if (answer.exited) return { exited: answer.exited };
      return { ...answer.value, ...result };
    },
    async render() {
      const answer = await ask({ cmd: 'render' });
      return answer.value;
    },
    /** nodeprom: the longest writer step (CPU time) of the scrape `work` does. */
    async longestStep(work) {
      await ask({ cmd: 'steps' });
      await work();
      const answer = await ask({ cmd: 'steps-end' });
      return answer.value;
    },
    stop: () => child.kill(),
  };
}

const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

/** GETs `url` as Prometheus 2.42 would ask for the 0.0.4 text, without gzip; resolves with the body's bytes and series. */
function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { accept: 'text/plain;version=0.0.4' } }, (response) => {
        let bytes = 0;
        let tail = '';
        let counts = 0;
        response.on('data', (chunk) => {
          bytes += chunk.length;
          // Series written: one `_count` line per histogram series (split across chunks handled by the tail).
          const text = tail + chunk.toString('latin1');
          counts += text.split('_count{').length - 1;
          tail = text.slice(-16);
          counts -= tail.split('_count{').length - 1;
        });
        response.on('end', () => resolve({ bytes, written: counts + tail.split('_count{').length - 1 }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const fmt = (value, digits = 1) => value.toFixed(digits);

async function timeScrapes(series) {
  const names = libraries(series);
  const subjects = Object.fromEntries(names.map((name) => [name, start(name, series)]));
  const urls = {};
  for (const name of names) urls[name] = (await subjects[name].ready).url;
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await get(urls[name]); // warm-up
  const rounds = series >= 50000 ? Math.min(ROUNDS, 5) : ROUNDS;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const probed = await subjects[name].measure(() => get(urls[name]));
      const { cpuMs } = await subjects[name].measure(() => get(urls[name]), false);
      const steps = name === 'nodeprom' ? await subjects[name].longestStep(() => get(urls[name])) : {};
      results[name].push({ ...probed, cpuMs, probedCpuMs: probed.cpuMs, ...(await subjects[name].render()), ...steps });
    }
  }
  const rows = {};
  for (const name of names) {
    const runs = results[name];
    const pick = (key) => median(runs.map((run) => run[key]));
    rows[name] = {
      cpuMs: pick('cpuMs'),
      probedCpuMs: pick('probedCpuMs'),
      renderCpuMs: pick('renderCpuMs'),
      stepMs: Math.max(...runs.map((run) => run.longestStepMs)),
      stallMs: pick('longestStallMs'),
      bytes: pick('bytes'),
      written: pick('written'),
      one: {
        heap: pick('heapGrowthMiB'),
        buffers: pick('buffersGrowthMiB'),
        rss: pick('rssGrowthMiB'),
        chunks: name === 'nodeprom' ? Math.max(...runs.map((run) => run.chunksPeakMiB)) : undefined,
      },
    };
    const many = await subjects[name].measure(async () => {
      await Promise.all(Array.from({ length: CONCURRENT }, () => get(urls[name])));
      return {};
    });
    rows[name].many = many.exited
      ? { heap: NaN, buffers: NaN, rss: NaN, stallMs: NaN, note: many.exited }
      : {
          heap: many.heapGrowthMiB,
          buffers: many.buffersGrowthMiB,
          rss: many.rssGrowthMiB,
          stallMs: many.longestStallMs,
          bodies: many.bodies,
          chunks: many.chunksPeakMiB,
        };
  }
  for (const subject of Object.values(subjects)) subject.stop();
  return rows;
}

async function main() {
  pin(process.pid, OTHER_CPU);
  const lines = [
    `| series | library | series written | CPU ms per scrape | CPU vs prom-client | CPU ms with the probe running (vs prom-client) | body only, no HTTP: CPU ms (vs prom-client) | longest stall ms (probe timer) | longest next() CPU ms | bytes | heap growth MiB, 1 / ${CONCURRENT} concurrent | Buffers growth MiB, 1 / ${CONCURRENT} concurrent | peak RSS growth MiB, 1 / ${CONCURRENT} concurrent | longest stall ms, ${CONCURRENT} concurrent | bodies built for ${CONCURRENT} concurrent | body chunks held at once MiB (most), 1 / ${CONCURRENT} concurrent |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const series of SIZES) {
    process.stderr.write(`${series} series: ${ROUNDS} alternating rounds, then ${CONCURRENT} concurrent scrapes\n`);
    const rows = await timeScrapes(series);
    for (const [library, row] of Object.entries(rows)) {
      const ratio = row.cpuMs / rows['prom-client'].cpuMs;
      const renderRatio = row.renderCpuMs / rows['prom-client'].renderCpuMs;
      const probedRatio = row.probedCpuMs / rows['prom-client'].probedCpuMs;
      const many = (value) => (row.many.note ? row.many.note : fmt(value));
      lines.push(
        `| ${series} | ${library} | ${row.written} | ${fmt(row.cpuMs)} | ${fmt(ratio, 3)} | ${fmt(row.probedCpuMs)} (${fmt(probedRatio, 3)}) | ${fmt(row.renderCpuMs)} (${fmt(renderRatio, 3)}) | ${fmt(row.stallMs)} | ${library === 'nodeprom' ? fmt(row.stepMs, 2) : ''} | ${row.bytes} | ${fmt(row.one.heap)} / ${many(row.many.heap)} | ${fmt(row.one.buffers)} / ${many(row.many.buffers)} | ${fmt(row.one.rss)} / ${many(row.many.rss)} | ${many(row.many.stallMs)} | ${library === 'nodeprom' ? row.many.bodies : ''} | ${library === 'nodeprom' ? `${fmt(row.one.chunks, 2)} / ${many(row.many.chunks)}` : ''} |`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
