'use strict';
// node --expose-gc scripts/bench/scrape.js [--rounds N] [--series 1000,10000,50000]
// The scrape at scale (issue 10): 1 000, 10 000 and 50 000 histogram series (4 labels, 14 buckets),
// scraped in one run through nodeprom's streaming writer, nodeprom's store through OpenTelemetry's
// serializer (the path before the writer), prom-client 15 and OpenTelemetry's SDK + serializer
// (which caps a metric at 2 000 series: the table shows how many it wrote). Each library runs in
// its own process (scripts/bench/scrape-subject.js), pinned to one core; rounds alternate between
// libraries and the table shows medians. Then, per library, a fresh process runs 1 and 20
// concurrent scrapes and reports how much the peak RSS and the heap grew.
const { fork } = require('node:child_process');
const path = require('node:path');
const { MEASURED_CPU, median } = require('./harness');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const ROUNDS = Number(option('--rounds', '7'));
const SIZES = option('--series', '1000,10000,50000').split(',').map(Number);
const CONCURRENT = 20;
const SUBJECT = path.join(__dirname, 'scrape-subject.js');

function libraries(series) {
  // The serializer path takes seconds per scrape at 50 000 series; it is the "before" reference.
  const list = ['nodeprom', 'prom-client', 'otel'];
  if (series <= 10000) list.splice(1, 0, 'nodeprom-serializer');
  return list;
}

function start(library, series) {
  const child = fork(SUBJECT, [], {
    env: { ...process.env, SUBJECT_LIBRARY: library, SUBJECT_SERIES: String(series), OTEL_LOG_LEVEL: 'error' },
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    require('node:child_process').execFileSync('taskset', ['-p', '-c', MEASURED_CPU, String(child.pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: unpinned, noisier.
  }
  let waiting;
  child.on('message', (message) => {
    const resolve = waiting;
    waiting = undefined;
    if (message.ready) return resolve?.();
    if (!message.ok) return resolve?.(Promise.reject(new Error(`${library}: ${message.error}`)));
    resolve?.(message.value);
  });
  const ask = (message) => new Promise((resolve) => {
    waiting = resolve;
    if (message) child.send(message);
  });
  return { ready: ask(), ask, stop: () => child.kill() };
}

const fmt = (value, digits = 1) => value.toFixed(digits);

async function timeScrapes(series) {
  const names = libraries(series);
  const subjects = Object.fromEntries(names.map((name) => [name, start(name, series)]));
  for (const subject of Object.values(subjects)) await subject.ready;
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await subjects[name].ask({ cmd: 'scrape' }); // warm-up
  const rounds = series >= 50000 ? Math.min(ROUNDS, 5) : ROUNDS;
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so that no library always runs right after another's garbage.
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) results[name].push(await subjects[name].ask({ cmd: 'scrape' }));
  }
  for (const subject of Object.values(subjects)) subject.stop();
  return Object.fromEntries(names.map((name) => {
    const runs = results[name];
    const pick = (key) => median(runs.map((run) => run[key]));
    return [name, { cpuMs: pick('cpuMs'), wallMs: pick('wallMs'), stallMs: pick('longestStallMs'), maxStallMs: Math.max(...runs.map((r) => r.longestStallMs)), bytes: pick('bytes'), written: pick('written') }];
  }));
}

async function memory(series, library, count) {
  const subject = start(library, series);
  await subject.ready;
  const value = await subject.ask({ cmd: 'concurrent', count });
  subject.stop();
  return value;
}

async function main() {
  const lines = [
    `| series | library | series written | CPU ms per scrape | longest stall ms (median / worst) | bytes | CPU vs prom-client | heap growth MiB, 1 / ${CONCURRENT} concurrent | peak RSS growth MiB, 1 / ${CONCURRENT} concurrent |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const series of SIZES) {
    process.stderr.write(`${series} series: timing ${ROUNDS} alternating rounds\n`);
    const timed = await timeScrapes(series);
    for (const [library, row] of Object.entries(timed)) {
      process.stderr.write(`  ${library}: memory with 1 and ${CONCURRENT} scrapes\n`);
      const one = await memory(series, library, 1);
      const many = await memory(series, library, CONCURRENT);
      const ratio = row.cpuMs / timed['prom-client'].cpuMs;
      lines.push(`| ${series} | ${library} | ${row.written} | ${fmt(row.cpuMs)} | ${fmt(row.stallMs)} / ${fmt(row.maxStallMs)} | ${row.bytes} | ${fmt(ratio, 3)} | ${fmt(one.heapGrowthMiB)} / ${fmt(many.heapGrowthMiB)} | ${fmt(one.rssGrowthMiB)} / ${fmt(many.rssGrowthMiB)} |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
