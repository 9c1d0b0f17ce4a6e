'use strict';
// The measured process of the HTTP scenario: a hello-world node:http server. It prints its port,
// then on stdin "start" resets its request count and CPU baseline, and on "stop" prints
// {"ops": requests, "cpuMicros": CPU used since start} and exits.
const http = require('node:http');
const readline = require('node:readline');

let requests = 0;
let baseline = process.cpuUsage();
const server = http.createServer((req, res) => {
  requests++;
  res.end('hello world');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${server.address().port}\n`));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') {
    requests = 0;
    baseline = process.cpuUsage();
  } else if (line === 'stop') {
    const used = process.cpuUsage(baseline);
    process.stdout.write(`${JSON.stringify({ ops: requests, cpuMicros: used.user + used.system })}\n`);
    process.exit(0);
  }
});
