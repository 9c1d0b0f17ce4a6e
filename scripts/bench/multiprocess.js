'use strict';
// Scrape time of a multi-process service against one process with the same series:
// a node:cluster service of 4 workers, each holding 10 000 histogram series (4 labels, 14 buckets),
// whose scrape asks every worker for its state and merges them, against one process holding the
// same 10 000 series. Alternating rounds; medians of the wall time of one GET of the scrape port.
// Run: npm run build && node scripts/bench/multiprocess.js [rounds]
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const ROUNDS = Number(process.argv[2] ?? 15);
const SERIES = 10000;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function start(workers) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--require', '@nodeprom/auto-register', path.join(__dirname, 'multiprocess-subject.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WORKERS: String(workers),
        SERIES: String(SERIES),
        NODEPROM_PORT: String(port),
        NODEPROM_HOST: '127.0.0.1',
        NODEPROM_MAX_SERIES_PER_METRIC: String(SERIES * 2),
        NODEPROM_ENABLED_INSTRUMENTATIONS: 'http',
        NODEPROM_MULTIPROCESS_TIMEOUT_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve) => child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve()));
  return { child, url: `http://127.0.0.1:${port}/metrics` };
}

async function scrapeMs(url) {
  const started = process.hrtime.bigint();
  const response = await fetch(url);
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, bytes: text.length, series: (text.match(/^bench_request_duration_seconds_count/gm) ?? []).length, text };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const single = await start(0);
  const service = await start(4);
  const times = { single: [], cluster: [] };
  let shape;
  try {
    // Warm-up, and a check that both bodies hold the same series with the cluster's counts four times as large.
    const one = await scrapeMs(single.url);
    const all = await scrapeMs(service.url);
    const count = (text) =>
      Number(/^bench_request_duration_seconds_count\{[^}]*route="\/route\/0",[^}]*\} (\S+)/m.exec(text)?.[1]);
    shape = {
      singleSeries: one.series,
      clusterSeries: all.series,
      singleCount: count(one.text),
      clusterCount: count(all.text),
      singleBytes: one.bytes,
      clusterBytes: all.bytes,
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ['single', 'cluster'] : ['cluster', 'single'];
      for (const name of order) times[name].push((await scrapeMs(name === 'single' ? single.url : service.url)).ms);
    }
  } finally {
    single.child.kill('SIGTERM');
    service.child.kill('SIGTERM');
  }
  const singleMs = median(times.single);
  const clusterMs = median(times.cluster);
  console.log(`series per process: ${SERIES} histogram series (4 labels, 14 buckets); rounds: ${ROUNDS}, alternating`);
  console.log(
    `bodies: one process ${shape.singleSeries} series (${(shape.singleBytes / 1e6).toFixed(1)} MB); 4-worker cluster ${shape.clusterSeries} series (${(shape.clusterBytes / 1e6).toFixed(1)} MB), counts x${shape.clusterCount / shape.singleCount}`,
  );
  console.log('| service | scrape time (median) | ratio to one process |');
  console.log('|---|---|---|');
  console.log(`| one process, ${SERIES} series | ${singleMs.toFixed(0)} ms | 1.00 |`);
  console.log(
    `| node:cluster, 4 workers x ${SERIES} series | ${clusterMs.toFixed(0)} ms | ${(clusterMs / singleMs).toFixed(2)} |`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
