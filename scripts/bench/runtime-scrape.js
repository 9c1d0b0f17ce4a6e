'use strict';
// node scripts/bench/runtime-scrape.js [--rounds N]
// What the runtime layer adds to a scrape: CPU time of one scrape (collection and Prometheus text) of a
// process running only the runtime layer, against the same process with no layer at all, for both
// profiles. Each variant runs in its own child process (nodeprom starts once per process), variants
// alternate round by round, and the figure is the median over rounds of CPU µs per scrape.
const { execFileSync } = require('node:child_process');

const SCRAPES = Number(process.env.BENCH_SCRAPES) || 2000;

function child() {
  const { registerInstrumentations } = require('@nodeprom/core');
  const { RuntimeInstrumentation } = require('@nodeprom/instrumentation-runtime');
  const variant = process.argv[3];
  const instrumentations =
    variant === 'none' ? [] : [new RuntimeInstrumentation({ enabled: false, metricsNames: variant })];
  const handle = registerInstrumentations({ instrumentations, serve: false });
  (async () => {
    let bytes = 0;
    for (let i = 0; i < 200; i++) bytes = (await handle.scrape()).length; // warm-up
    const start = process.cpuUsage();
    for (let i = 0; i < SCRAPES; i++) await handle.scrape();
    const used = process.cpuUsage(start);
    process.stdout.write(JSON.stringify({ cpuMicrosPerScrape: (used.user + used.system) / SCRAPES, bytes }));
    await handle.shutdown();
  })();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at === -1 ? 7 : Number(args[at + 1]);
  const variants = ['none', 'opentelemetry', 'prom-client'];
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  let bytes = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length];
      const out = JSON.parse(execFileSync(process.execPath, [__filename, '--child', variant], { encoding: 'utf8' }));
      results[variant].push(out.cpuMicrosPerScrape);
      bytes[variant] = out.bytes;
    }
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }
  const base = median(results.none);
  const lines = [
    '| runtime layer | CPU µs per scrape (median) | added by the runtime layer | scrape size |',
    '|---|---:|---:|---:|',
    ...variants.map(
      (v) =>
        `| ${v === 'none' ? 'off (no layer at all)' : `${v} names`} | ${median(results[v]).toFixed(1)} | ${v === 'none' ? '' : (median(results[v]) - base).toFixed(1)} | ${bytes[v]} B |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--child') child();
else main();
