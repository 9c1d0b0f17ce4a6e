'use strict';
// npm run demo: starts the demo shop under auto-register, drives a little traffic through every
// layer, prints the metrics URL and keeps running until Ctrl-C. `--once` prints the scrape and
// exits instead (the test of the quick start uses it).
const { fork } = require('node:child_process');
const path = require('node:path');

const once = process.argv.includes('--once');
const metricsPort = process.env.NODEPROM_PORT || '9464';
const demoPort = process.env.DEMO_PORT || (once ? '0' : '3000');

const app = fork(path.join(__dirname, '..', 'test-fixtures', 'demo', 'app.js'), [], {
  cwd: path.join(__dirname, '..'),
  execArgv: ['--require', '@nodeprom/auto-register'],
  env: {
    ...process.env,
    NODEPROM_PORT: metricsPort,
    DEMO_PORT: demoPort,
    OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'nodeprom-demo',
  },
  // With --once, stdout carries only the scrape; the app's own lines go to stderr.
  stdio: once ? ['ignore', process.stderr, 'inherit', 'ipc'] : 'inherit',
});

async function drive(port) {
  const base = `http://127.0.0.1:${port}`;
  const paths = [
    '/',
    '/api/users/1',
    '/api/users/2',
    '/api/users/999',
    '/api/cache/greeting',
    '/api/cache/greeting',
    '/missing',
  ];
  for (let round = 0; round < 5; round++) {
    for (const p of paths) await (await fetch(base + p)).text();
    await (await fetch(`${base}/api/orders/book`, { method: 'POST' })).text();
  }
}

app.on('message', async (message) => {
  if (message?.type !== 'demo-ready') return;
  try {
    await drive(message.port);
    const url = `http://localhost:${metricsPort}/metrics`;
    if (once) {
      process.stdout.write(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
      app.kill('SIGTERM');
      return;
    }
    process.stdout.write(`\ndemo: traffic sent. Metrics: ${url}   (try: curl -s ${url} | grep -v '^#')\n`);
    process.stdout.write(`demo: the app is at http://127.0.0.1:${message.port}/ — Ctrl-C to stop.\n`);
  } catch (error) {
    process.stderr.write(`demo: ${error.stack}\n`);
    app.kill('SIGTERM');
    process.exitCode = 1;
  }
});
app.on('exit', (code) => process.exit(process.exitCode ?? code ?? 0));
process.on('SIGINT', () => app.kill('SIGTERM'));
