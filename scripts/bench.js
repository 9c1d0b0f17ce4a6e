'use strict';
// node scripts/bench.js [name ...] [--rounds N]   (BENCH_CONTROL=1 adds an A/A control; BENCH_VARIANTS=nodeprom runs bare and those only)
// Runs the scenarios in scripts/bench/*.scenario.js (or those named) and prints the README's table.
const fs = require('node:fs');
const path = require('node:path');
const { runScenario, withServicesPinned } = require('./bench/harness');

async function main() {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt === -1 ? 5 : Number(args.splice(roundsAt, 2)[1]);
  const dir = path.join(__dirname, 'bench');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.scenario.js'))
    .sort();
  const wanted = args.length ? files.filter((f) => args.some((a) => f.startsWith(a))) : files;
  const rows = [];
  for (const file of wanted) {
    const scenario = require(path.join(dir, file));
    process.stderr.write(`${scenario.name}\n`);
    if (scenario.available && !(await scenario.available())) {
      process.stderr.write(`  skipped: ${scenario.unavailable}\n`);
      continue;
    }
    rows.push(...(await withServicesPinned(() => runScenario(scenario, { rounds }))));
  }
  const lines = [
    '| scenario | variant | CPU µs per operation (median) | efficiency (bare / variant, median of rounds) | quartiles of the rounds |',
    '|---|---|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.variant} | ${r.cpuMicrosPerOp.toFixed(2)} | ${r.efficiency.toFixed(3)} | ${r.efficiencyQuartiles.map((q) => q.toFixed(3)).join('–')} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.mkdirSync(path.join(__dirname, '..', '.bench'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', '.bench', 'results.json'), JSON.stringify(rows, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
