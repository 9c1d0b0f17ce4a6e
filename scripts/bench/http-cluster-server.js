'use strict';
// The measured processes of the node:cluster HTTP scenario: a primary and one worker serving hello
// world on a shared port, as a clustered app does. The primary relays the scenario's stdin lines
// ("start", "stop") to the worker and prints what the worker reports: {"ops", "cpuMicros"} of the
// worker alone, the process that serves the requests.
const cluster = require('node:cluster');
const http = require('node:http');
const readline = require('node:readline');

if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.on('listening', (address) => process.stdout.write(`READY ${address.port}\n`));
  worker.on('message', (message) => {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    worker.kill();
    process.exit(0);
  });
  readline.createInterface({ input: process.stdin }).on('line', (line) => worker.send(line));
} else {
  let requests = 0;
  let baseline = process.cpuUsage();
  const server = http.createServer((req, res) => {
    requests++;
    res.end('hello world');
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1');
  process.on('message', (line) => {
    if (line === 'start') {
      requests = 0;
      baseline = process.cpuUsage();
    } else if (line === 'stop') {
      const used = process.cpuUsage(baseline);
      process.send({ ops: requests, cpuMicros: used.user + used.system });
    }
  });
}
