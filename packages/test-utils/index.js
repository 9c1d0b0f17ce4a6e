'use strict';
// Shared by the tests of every package. Instrumented code runs in child processes started the way a
// user starts an app (node --require/--import @nodeprom/auto-register), so each test file gets a
// fresh process with fresh require-time hooks, and assertions read the scraped exposition text.
const { fork, execFileSync, spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

const SERVICES = {
  postgres: { port: 5432, start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
  mariadb: { port: 3306, start: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd' },
  redis: {
    port: 6379,
    start:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  },
};

function reachable(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Call from a mocha `before` with `this`. In CI (CI=true) an unreachable service fails the run;
 * elsewhere the suite is skipped with one line saying how to start the service.
 */
async function requireService(context, name) {
  const service = SERVICES[name];
  if (await reachable(service.port)) return;
  const message = `${name} is not reachable on 127.0.0.1:${service.port}; start it with: ${service.start}`;
  if (process.env.CI) throw new Error(message);
  process.stdout.write(`      skipped: ${message}\n`);
  context.skip();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `file` in a child process. `preload`: 'require' (default), 'import', or 'none'.
 * The app calls `serve(handlers)` from `test-utils/app` and the test drives it with `app.call(name, ...args)`.
 */
async function startApp(file, { preload = 'require', env = {}, execArgv = [] } = {}) {
  const metricsPort = await freePort();
  const preloadArgs = preload === 'none' ? [] : [`--${preload}`, '@nodeprom/auto-register'];
  const child = fork(path.resolve(file), [], {
    cwd: ROOT,
    execArgv: [...preloadArgs, ...execArgv],
    env: { ...process.env, NODEPROM_HOST: '127.0.0.1', NODEPROM_PORT: String(metricsPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const pending = new Map();
  let nextId = 0;
  let exited = false;
  const ready = new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message && message.type === 'ready') resolve(message.info);
      else if (message && message.type === 'result') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (!waiter) return;
        if (message.error) waiter.reject(Object.assign(new Error(message.error.message), message.error));
        else waiter.resolve(message.value);
      }
    });
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(`app ${file} exited (${code ?? signal}) before it was done:\n${stderr}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  const info = await ready;
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  return {
    child,
    info,
    metricsPort,
    metricsUrl,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    /** Runs the app's handler `name` and resolves with its result (rejects with its error). */
    call(name, ...args) {
      if (exited) return Promise.reject(new Error(`app ${file} has exited:\n${stderr}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ type: 'call', id, name, args });
      });
    },
    async scrape(url = metricsUrl) {
      const response = await fetchWhenListening(url);
      if (response.status !== 200) throw new Error(`scrape ${url}: HTTP ${response.status}`);
      return response.text();
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * fetch(url), retried for up to 2 s while the connection is refused: the app says it is ready from
 * its main module, and nodeprom binds its port in a later tick, which a loaded machine can delay
 * past the test's first request. A port that never opens still fails, with fetch's own error.
 */
async function fetchWhenListening(url) {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (error?.cause?.code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function unescapeLabel(value) {
  return value.replace(/\\(["\\n])/g, (_, c) => (c === 'n' ? '\n' : c));
}

/** Parses Prometheus text exposition into samples and families. */
function parseExposition(text) {
  const samples = [];
  const families = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const family = families.get(meta[2]) ?? { name: meta[2] };
      family[meta[1] === 'HELP' ? 'help' : 'type'] = meta[3];
      families.set(meta[2], family);
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) throw new Error(`unparsable exposition line: ${line}`);
    const labels = {};
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    let label;
    while ((label = labelPattern.exec(match[2] ?? '')) !== null) labels[label[1]] = unescapeLabel(label[2]);
    const raw = match[3];
    samples.push({
      name: match[1],
      labels,
      value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw),
    });
  }
  return { samples, families };
}

function matches(sampleLabels, wanted) {
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined ? key in sampleLabels : sampleLabels[key] !== String(value)) return false;
  }
  return true;
}

/** Samples named `name` whose labels include `labels` (a label given as undefined must be absent). */
function findSamples(text, name, labels = {}) {
  return parseExposition(text).samples.filter((s) => s.name === name && matches(s.labels, labels));
}

/** The single sample's value, or undefined when none matches; throws when several match. */
function sampleValue(text, name, labels = {}) {
  const found = findSamples(text, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Number of series (sample lines) whose name starts with `prefix`. */
function seriesCount(text, prefix) {
  return parseExposition(text).samples.filter((s) => s.name.startsWith(prefix)).length;
}

let promtoolPath;
function findPromtool() {
  if (promtoolPath !== undefined) return promtoolPath;
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  promtoolPath = found.status === 0 ? found.stdout.trim() : null;
  return promtoolPath;
}

/**
 * Runs `promtool check metrics` on the text; resolves with its complaints ('' when clean). Without
 * promtool: fails in CI, skips elsewhere (install it with apt-get install prometheus).
 */
function promtoolCheck(context, text) {
  const promtool = findPromtool();
  if (!promtool) {
    const message = 'promtool is not installed (apt-get install prometheus)';
    if (process.env.CI) throw new Error(message);
    process.stdout.write(`      skipped: ${message}\n`);
    context.skip();
  }
  const result = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', cwd: ROOT, ...options });
}

module.exports = {
  ROOT,
  SERVICES,
  reachable,
  requireService,
  freePort,
  startApp,
  parseExposition,
  findSamples,
  sampleValue,
  seriesCount,
  promtoolCheck,
  run,
};
