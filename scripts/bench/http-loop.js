'use strict';
// The HTTP scenario for instructions.js: a hello-world node:http server (the measured process, run
// under callgrind) and a client in a separate, uninstrumented child process (wrk cannot run under
// valgrind, and a client in the same process would be counted). The client keeps BENCH_HTTP_CONNECTIONS
// keep-alive connections (default 1), one request in flight on each: with 1, every request costs the
// server the same wake-up; with 16, as under wrk, the server (slowed down by valgrind) is saturated
// and each wake-up reads a request from every connection. The server prints
// {"ops": N, "cpuMicros": X} like every loop.
const { fork } = require('node:child_process');
const http = require('node:http');
const { OPS, WARMUP, callgrindCounting, COUNTING } = require('./harness');

if (process.argv[2] === 'client') {
  // Client side: GET / over one socket, one at a time; `run N` from the server, `done` back.
  const port = Number(process.argv[3]);
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS) || 1;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const one = () =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  process.on('message', async (count) => {
    let sent = 0;
    const connection = async () => {
      while (sent < count) {
        sent++;
        await one();
      }
    };
    await Promise.all(Array.from({ length: connections }, connection));
    process.send('done');
  });
} else {
  const server = http.createServer((req, res) => {
    res.end('hello world');
  });
  server.keepAliveTimeout = 600000;
  server.listen(0, '127.0.0.1', async () => {
    const client = fork(__filename, ['client', String(server.address().port)], { execArgv: [], stdio: 'inherit' });
    const run = (count) =>
      new Promise((resolve) => {
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
