'use strict';
// The HTTP scenario for instructions.js: a hello-world node:http server (the measured process, run
// under callgrind) and a client in a separate, uninstrumented child process (wrk cannot run under
// valgrind, and a client in the same process would be counted). The client keeps one keep-alive
// request in flight at a time, so every request costs the server the same wake-up. The server
// prints {"ops": N, "cpuMicros": X} like every loop.
const { fork } = require('node:child_process');
const http = require('node:http');
const { OPS, WARMUP, callgrindCounting, COUNTING } = require('./harness');

if (process.argv[2] === 'client') {
  // Client side: GET / over one socket, one at a time; `run N` from the server, `done` back.
  const port = Number(process.argv[3]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const one = () => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  process.on('message', async (count) => {
    for (let i = 0; i < count; i++) await one();
    process.send('done');
  });
} else {
  const server = http.createServer((req, res) => {
    res.end('hello world');
  });
  server.keepAliveTimeout = 600000;
  server.listen(0, '127.0.0.1', async () => {
    const client = fork(__filename, ['client', String(server.address().port)], { execArgv: [], stdio: 'inherit' });
    const run = (count) => new Promise((resolve) => {
      client.once('message', resolve);
      client.send(count);
    });
    await run(WARMUP);
    if (COUNTING) await callgrindCounting('on');
    const start = process.cpuUsage();
    await run(OPS);
    const used = process.cpuUsage(start);
    if (COUNTING) await callgrindCounting('off');
    client.kill();
    server.close();
    process.stdout.write(`${JSON.stringify({ ops: OPS, cpuMicros: used.user + used.system })}\n`);
    process.exit(0);
  });
}
