'use strict';
// node scripts/bench/profile.js [http|pg|mysql2|ioredis ...]
// A second view of overhead, steadier than wall-clock ratios on a noisy machine: runs the nodeprom
// variant of a scenario under V8's sampling profiler and reports which share of the process's busy
// CPU samples (idle excluded) falls in nodeprom's own functions. It leaves out what our
// subscriptions make node or the driver do (a channel message object, a listener), which the
// wall-clock benchmark includes.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, MEASURED_CPU, OTHER_CPU, pinned, withServicesPinned } = require('./harness');

function busyShare(profileFile) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  let busy = 0;
  let ours = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') return;
    const delta = profile.timeDeltas[i];
    busy += delta;
    if (/\/packages\/(core|instrumentation-[a-z0-9]+)\/build\//.test(frame.url)) ours += delta;
  });
  return ours / busy;
}

function profileDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-profile-'));
}

async function profileLoop(name) {
  const dir = profileDir();
  const [command, args] = pinned(MEASURED_CPU, process.execPath, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--require',
    '@nodeprom/auto-register',
    path.join(__dirname, `${name}-loop.js`),
  ]);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODEPROM_PORT: '0', BENCH_OPS: '40000' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${name} loop failed: ${result.stderr}`);
  return busyShare(path.join(dir, fs.readdirSync(dir)[0]));
}

async function profileHttp() {
  const dir = profileDir();
  const [command, args] = pinned(MEASURED_CPU, process.execPath, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--require',
    '@nodeprom/auto-register',
    path.join(__dirname, 'http-server.js'),
  ]);
  const server = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODEPROM_PORT: '0' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
  });
  const [wrk, wrkArgs] = pinned(OTHER_CPU, 'wrk', ['-t1', '-c16', '-d8s', `http://127.0.0.1:${port}/`]);
  spawnSync(wrk, wrkArgs, { stdio: 'ignore' });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.stdin.write('stop\n');
  await exited;
  return busyShare(path.join(dir, fs.readdirSync(dir)[0]));
}

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : ['http', 'pg', 'mysql2', 'ioredis'];
  process.stdout.write("| scenario | nodeprom's share of busy CPU samples |\n|---|---:|\n");
  for (const name of names) {
    const share = await withServicesPinned(() => (name === 'http' ? profileHttp() : profileLoop(name)));
    process.stdout.write(`| ${name} | ${(share * 100).toFixed(2)}% |\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
