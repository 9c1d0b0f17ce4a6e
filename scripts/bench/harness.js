'use strict';
// Shared by every benchmark scenario. A scenario measures the CPU time one operation costs in a
// child process, for each variant (bare, nodeprom, OpenTelemetry's instrumentation); the harness
// alternates the variants round by round, pins processes to cores, and reports medians and the
// ratio bare / variant ("efficiency": 1.0 means no overhead, the goal is >= 0.95).
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const HAS_TASKSET = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).status === 0;

/** The CPU the measured process is pinned to; load generators and helpers use the other one. */
const MEASURED_CPU = '1';
const OTHER_CPU = '0';

function pinned(cpu, command, args) {
  return HAS_TASKSET ? ['taskset', ['-c', cpu, command, ...args]] : [command, args];
}

/** The preload flags of the standard variants. `otelPreload` is a file that sets up OpenTelemetry. */
function variants(otelPreload) {
  const result = {
    bare: [],
    nodeprom: ['--require', '@nodeprom/auto-register'],
  };
  if (otelPreload) result.otel = ['--require', otelPreload];
  // An A/A control (BENCH_CONTROL=1): bare measured a second time. Its ratio to bare shows how far
  // this machine moves a result with nothing changed, the resolution of every other ratio.
  if (process.env.BENCH_CONTROL === '1') result['bare (control)'] = [];
  // BENCH_NO_RUNTIME=1: nodeprom with its runtime layer off, in the same rounds, to show what the
  // runtime layer costs per operation (nothing, by design: it works at scrape time).
  if (process.env.BENCH_NO_RUNTIME === '1') {
    result['nodeprom (no runtime)'] = [
      '--require',
      path.join(__dirname, 'no-runtime.js'),
      '--require',
      '@nodeprom/auto-register',
    ];
  }
  // Before/after in one run (BENCH_BASELINE=<copies of the repository, built, with node_modules,
  // comma-separated>): nodeprom as each copy builds it, as variant `nodeprom (<folder name>)`,
  // measured in the same alternating rounds as this tree's.
  for (const dir of (process.env.BENCH_BASELINE || '').split(',').filter(Boolean)) {
    result[`nodeprom (${path.basename(dir)})`] = ['--require', path.resolve(dir, 'packages/auto-register')];
  }
  return result;
}

/**
 * Runs `file` under `execArgv` pinned to the measured core; the file prints one JSON line
 * `{"ops": N, "cpuMicros": X}` (its own process.cpuUsage over the measured loop) and exits.
 * Resolves with CPU microseconds per operation.
 */
function runLoop(file, execArgv, env = {}) {
  return new Promise((resolve, reject) => {
    const [command, args] = pinned(MEASURED_CPU, process.execPath, [...execArgv, file]);
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop();
      try {
        const { ops, cpuMicros } = JSON.parse(line);
        resolve(cpuMicros / ops);
      } catch {
        reject(new Error(`${file} (${execArgv.join(' ')}) exited ${code} without a result:\n${out}\n${err}`));
      }
    });
  });
}

/** Operations a loop keeps in flight (BENCH_CONCURRENCY, default 16). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || 16;
/** Operations a loop measures (BENCH_OPS, default 40 000). */
const OPS = Number(process.env.BENCH_OPS) || 40000;
/** Operations run before measuring (BENCH_WARMUP, default 5 000 or OPS if fewer). */
const WARMUP = Number(process.env.BENCH_WARMUP) || Math.min(5000, OPS);

/**
 * For a loop file: measures `op` (async, one operation) `ops` times after `warmup` runs, with
 * `concurrency` operations in flight. One at a time, a loop mostly measures the kernel waking the
 * process for every reply (some 50 µs of CPU per query here, against a few µs of driver code), and
 * that part swings by a quarter from run to run; with several in flight it is shared by the replies
 * one wake-up delivers, and the driver's own work, what instrumentation adds to, dominates.
 */
async function measureLoop(op, { ops = OPS, warmup = WARMUP, concurrency = CONCURRENCY } = {}) {
  async function run(count) {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        await op(next);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  await run(warmup);
  if (COUNTING) await callgrindCounting('on');
  const start = process.cpuUsage();
  await run(ops);
  const used = process.cpuUsage(start);
  if (COUNTING) await callgrindCounting('off');
  return { ops, cpuMicros: used.user + used.system };
}

/** Under instructions.js: callgrind counts only the measured operations. */
const COUNTING = process.env.BENCH_CALLGRIND === '1';

/**
 * Turns callgrind's counting on or off for this process. callgrind_control only asks; valgrind acts
 * when this process next runs, so the event loop keeps turning (a 1 ms timer) until it has answered.
 */
function callgrindCounting(state) {
  return new Promise((resolve, reject) => {
    let done = false;
    const child = spawn('callgrind_control', ['-i', state, String(process.pid)], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => {
      done = true;
      resolve();
    });
    const tick = () => {
      if (!done) setTimeout(tick, 1);
    };
    tick();
  });
}

/**
 * Pins the local database servers (PostgreSQL, MariaDB, Redis: every thread of every process) to the
 * load-generator core while `run` runs, then gives them back both cores. Left floating, a server
 * competes with the measured client for its core and the client's CPU time swings by a quarter.
 */
async function withServicesPinned(run) {
  const pids = spawnSync('pgrep', ['-d', ' ', '-f', 'postgres|mariadbd|mysqld|redis-server'], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean);
  const affinity = (cpus) => {
    for (const pid of pids) spawnSync('taskset', ['-a', '-p', '-c', cpus, pid], { stdio: 'ignore' });
  };
  if (HAS_TASKSET) affinity(OTHER_CPU);
  try {
    return await run();
  } finally {
    if (HAS_TASKSET) affinity(`${OTHER_CPU},${MEASURED_CPU}`);
  }
}

// Node's flags under callgrind (instructions.js, attribute.js): one thread, so compilation and GC
// are counted on the measured one, and fixed seeds. BENCH_NODE_FLAGS adds flags, e.g.
// --predictable-gc-schedule: V8 then sizes the heap the same way in every run, so the number of
// major collections in the counted window (each costs millions of instructions in a process with a
// bigger heap, such as one that loaded OpenTelemetry) stops depending on timing; without it two
// runs of the HTTP scenario under nodeprom differed by a third.
const CALLGRIND_NODE_FLAGS = [
  '--single-threaded',
  '--hash-seed=1',
  '--random-seed=1',
  ...(process.env.BENCH_NODE_FLAGS || '').split(' ').filter(Boolean),
];

/**
 * Runs `loop` under callgrind, pinned to the measured core, one operation in flight: counting is
 * off until the loop turns it on after `warmup` operations, and off again after `ops`. Returns
 * spawnSync's result; throws when the run failed.
 */
function underCallgrind(loop, execArgv, ops, warmup, valgrindArgs, nodeFlags = []) {
  const [command, args] = pinned(MEASURED_CPU, 'valgrind', [
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file',
    ...valgrindArgs,
    process.execPath,
    ...CALLGRIND_NODE_FLAGS,
    ...nodeFlags,
    ...execArgv,
    loop,
  ]);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      NODEPROM_PORT: '0',
      NODEPROM_HOST: '127.0.0.1',
      BENCH_CALLGRIND: '1',
      BENCH_CONCURRENCY: '1',
      BENCH_OPS: String(ops),
      BENCH_WARMUP: String(warmup),
    },
  });
  if (result.status !== 0)
    throw new Error(`${loop} (${execArgv.join(' ')}) failed under callgrind:\n${result.stdout}\n${result.stderr}`);
  return result;
}

function median(values) {
  return quantile(values, 0.5);
}

/** The q-quantile of `values`, interpolated between the two nearest samples (q = 0.5: the median). */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return below === at ? sorted[at] : sorted[below] + (sorted[below + 1] - sorted[below]) * (at - below);
}

/**
 * The variants to run of `variants` (name → node flags): all of them, or with BENCH_VARIANTS=a,b
 * only those and bare, which every ratio is taken against.
 */
function selectedVariants(variants) {
  const only = process.env.BENCH_VARIANTS ? ['bare', ...process.env.BENCH_VARIANTS.split(',')] : undefined;
  return Object.entries(variants).filter(([name]) => only === undefined || only.includes(name));
}

/**
 * Runs `scenario.measure(variantName, execArgv)` for every variant, `rounds` times, rotating which
 * variant goes first so drift in the machine's load spreads evenly. Per round it computes the ratio
 * bare / variant; the reported ratio is the median of those per-round ratios.
 */
async function runScenario(scenario, { rounds = 5, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const names = selectedVariants(scenario.variants).map(([name]) => name);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const ratios = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const thisRound = {};
    for (const name of order) {
      thisRound[name] = await scenario.measure(name, scenario.variants[name]);
      samples[name].push(thisRound[name]);
    }
    for (const name of names) ratios[name].push(thisRound.bare / thisRound[name]);
    log(
      `  ${scenario.name} round ${round + 1}/${rounds}: ${names.map((n) => `${n} ${thisRound[n].toFixed(2)} µs`).join(', ')}`,
    );
  }
  return names.map((name) => ({
    scenario: scenario.name,
    variant: name,
    cpuMicrosPerOp: median(samples[name]),
    efficiency: median(ratios[name]),
    efficiencyQuartiles: [quantile(ratios[name], 0.25), quantile(ratios[name], 0.75)],
  }));
}

module.exports = {
  CONCURRENCY,
  OPS,
  WARMUP,
  COUNTING,
  callgrindCounting,
  ROOT,
  MEASURED_CPU,
  OTHER_CPU,
  pinned,
  variants,
  runLoop,
  measureLoop,
  median,
  quantile,
  runScenario,
  selectedVariants,
  underCallgrind,
  withServicesPinned,
};
