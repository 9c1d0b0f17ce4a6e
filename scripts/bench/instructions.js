'use strict';
// node scripts/bench/instructions.js [pg|mysql2|ioredis ...]   (BENCH_VARIANTS=nodeprom: only bare and those)
// The repeatable view of a data layer's cost: user-space instructions per operation, counted by
// valgrind's callgrind, bare vs nodeprom vs OpenTelemetry. CPU time on this shared machine drifts by
// a quarter between runs; an instruction count does not depend on the machine's load, so two runs
// of one variant agree to within about 1% and small differences between variants are visible.
//
// How: each variant's loop runs under callgrind with counting off; after the warm-up the loop turns
// counting on (callgrind_control), runs N operations and turns it off. A run of 4 000 and one of
// 12 000 operations are counted and the difference is divided by 8 000, so what is fixed (start-up,
// the compilations the counting switch itself triggers) cancels. One operation in flight: with
// several, how many replies one wake-up delivers depends on timing, and so does the count. Node runs
// with --single-threaded so compilation and GC happen on the counted thread, not beside it.
//
// Kernel time is not counted (the syscalls are the same for every variant), so the ratio is that of
// the client's own work, stricter than the CPU-time ratio of scripts/bench.js, where the kernel's
// share dilutes it.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { selectedVariants, underCallgrind, withServicesPinned } = require('./harness');

const SMALL = 4000;
const LARGE = 12000;
const WARMUP = 10000;

function hasCallgrind() {
  return (
    spawnSync('sh', ['-c', 'command -v valgrind && command -v callgrind_control'], { encoding: 'utf8' }).status === 0
  );
}

/** Instructions callgrind counted while the loop had counting on. */
function count(loop, execArgv, ops) {
  const result = underCallgrind(loop, execArgv, ops, WARMUP, ['--callgrind-out-file=/dev/null']);
  const collected = /Collected : (\d+)/.exec(result.stderr);
  if (!collected) throw new Error(`${loop} (${execArgv.join(' ')}) counted nothing:\n${result.stderr}`);
  return Number(collected[1]);
}

async function main() {
  if (!hasCallgrind()) throw new Error('valgrind (with callgrind_control) is not installed: apt-get install valgrind');
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : ['pg', 'mysql2', 'ioredis'];
  const rows = [];
  for (const name of names) {
    const scenario = require(path.join(__dirname, `${name}.scenario.js`));
    if (scenario.available && !(await scenario.available())) {
      process.stderr.write(`${scenario.name}: skipped, ${scenario.unavailable}\n`);
      continue;
    }
    const loop = path.join(__dirname, `${name}-loop.js`);
    const perOp = {};
    await withServicesPinned(async () => {
      for (const [variant, execArgv] of selectedVariants(scenario.variants)) {
        perOp[variant] = (count(loop, execArgv, LARGE) - count(loop, execArgv, SMALL)) / (LARGE - SMALL);
        process.stderr.write(
          `  ${scenario.name} ${variant}: ${Math.round(perOp[variant])} instructions per operation\n`,
        );
      }
    });
    for (const [variant, instructions] of Object.entries(perOp)) {
      rows.push(
        `| ${scenario.name} | ${variant} | ${Math.round(instructions)} | ${(perOp.bare / instructions).toFixed(3)} |`,
      );
    }
  }
  process.stdout.write(
    [
      '| scenario | variant | instructions per operation | efficiency (bare / variant) |',
      '|---|---|---:|---:|',
      ...rows,
    ].join('\n') + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
