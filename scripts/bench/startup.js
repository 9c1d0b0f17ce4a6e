'use strict';
// What the preload costs every process it reaches (issue 11 §7), bare against preloaded, in
// alternating rounds, medians of wall time:
// - `node -e 0`: a main process that does nothing (the preload's whole start-up, port bound);
// - `node -e 0` in the default configuration: a fixed port (a free one picked before each run), so
//   the process joins a multi-process service (its directory private to the run), as a user with no
//   configuration gets on port 9464;
// - a worker thread: from `new Worker` to its first message, in a process started with the preload;
// - `npm --version` under NODE_OPTIONS: npm's own process alone (a launcher: the preload loads nothing);
// - `npm run noop` under NODE_OPTIONS: npm's process plus the `node -e 0` it starts (which pays the preload).
// - with a second argument, the path of another tree's built auto-register entry (a build of an earlier
//   commit, say): `node -e 0` preloaded with that one too, in the same alternating rounds.
// Run: npm run build && node scripts/bench/startup.js [rounds] [other/packages/auto-register/build/index.js]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const ROUNDS = Number(process.argv[2] ?? 11);
const OTHER = process.argv[3] === undefined ? undefined : path.resolve(process.argv[3]);
const PRELOAD = ['--require', '@nodeprom/auto-register'];
// Port 0: a free port each time, so that runs never meet as a multi-process service.
const ENV = { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' };

function wallMs(command, args, env = ENV, cwd = ROOT) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: result.stdout };
}

/** A port free now, and a service directory of its own: the default configuration, run by run. */
async function defaultConfiguration() {
  const port = await new Promise((resolve, reject) => {
    const server = net.createServer().unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-startup-service-'));
  return { env: { ...ENV, NODEPROM_PORT: String(port), NODEPROM_MULTIPROCESS_DIR: dir }, dir };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const npmProject = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-startup-'));
fs.writeFileSync(
  path.join(npmProject, 'package.json'),
  JSON.stringify({ name: 'startup-bench', private: true, scripts: { noop: 'node -e 0' } }),
);
const npmEnv = (preloaded) => ({
  ...ENV,
  NODE_PATH: path.join(ROOT, 'node_modules'),
  NODE_OPTIONS: preloaded ? `--require ${require.resolve('@nodeprom/auto-register')}` : '',
});

const inDefaultConfiguration = async (preload) => {
  const { env, dir } = await defaultConfiguration();
  try {
    return wallMs(process.execPath, [...preload, '-e', '0'], env).ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

const cases = {
  'node -e 0': (preloaded) => wallMs(process.execPath, [...(preloaded ? PRELOAD : []), '-e', '0']).ms,
  'node -e 0, default configuration (fixed port, multi-process)': (preloaded) =>
    inDefaultConfiguration(preloaded ? PRELOAD : []),
  'worker thread': (preloaded) =>
    Number(wallMs(process.execPath, [...(preloaded ? PRELOAD : []), path.join(__dirname, 'startup-worker.js')]).stdout),
  ...(OTHER === undefined
    ? {}
    : {
        'node -e 0, the other tree': (preloaded) =>
          wallMs(process.execPath, [...(preloaded ? ['--require', OTHER] : []), '-e', '0']).ms,
        'node -e 0, default configuration, the other tree': (preloaded) =>
          inDefaultConfiguration(preloaded ? ['--require', OTHER] : []),
      }),
  'npm --version (the launcher alone)': (preloaded) => wallMs('npm', ['--version'], npmEnv(preloaded), npmProject).ms,
  'npm run (node -e 0)': (preloaded) => wallMs('npm', ['run', '--silent', 'noop'], npmEnv(preloaded), npmProject).ms,
};

async function main() {
  const results = {};
  for (const name of Object.keys(cases)) results[name] = { bare: [], preloaded: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases)) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const preloaded of order) results[name][preloaded ? 'preloaded' : 'bare'].push(await run(preloaded));
    }
  }
  fs.rmSync(npmProject, { recursive: true, force: true });
  report(results);
}

function report(results) {
  // Every `node -e 0` case runs the same bare command: all their bare runs together make a steadier
  // baseline than each case's own, on a machine shared with other jobs.
  const bareNode = median(
    Object.entries(results)
      .filter(([name]) => name.startsWith('node -e 0'))
      .flatMap(([, { bare }]) => bare),
  );
  console.log(`rounds: ${ROUNDS}, alternating; medians of wall time (ms)`);
  console.log('| process | bare | with the preload | added | added, against every bare `node -e 0` |');
  console.log('|---|---|---|---|---|');
  for (const [name, { bare, preloaded }] of Object.entries(results)) {
    const b = median(bare);
    const p = median(preloaded);
    const pooled = name.startsWith('node -e 0') ? (p - bareNode).toFixed(1) : '';
    console.log(`| ${name} | ${b.toFixed(1)} | ${p.toFixed(1)} | ${(p - b).toFixed(1)} | ${pooled} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
