'use strict';
// node scripts/bench/http-hook-ab.js
// The cost of the mounted-scrape check at the end of every HTTP request: the HTTP layer's hook as
// built, against the same build with that check taken out (a copy made here), both on the same
// core. Alternating rounds in fresh processes, medians. One operation: requestStarted, then the
// response's 'close' (requestEnded) with a real recorder and store.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BUILT = path.resolve(__dirname, '..', '..', 'packages', 'instrumentation-http', 'build', 'server.js');

if (process.argv[2] === 'child') {
  const core = require('@nodeprom/core');
  const { ServerRequestHook } = require(process.argv[3]);
  const { EventEmitter } = require('node:events');
  const hook = new ServerRequestHook(
    new core.HttpServerRecorder(new core.MetricStore(), core.DEFAULT_HTTP_DURATION_BUCKETS),
  );
  const request = { method: 'GET', rawHeaders: ['Host', 'x'] };
  const message = { request, response: undefined, socket: { encrypted: false }, server: {} };
  const once = () => {
    const response = new EventEmitter();
    response.req = request;
    response.writableFinished = true;
    response.headersSent = true;
    response.statusCode = 200;
    response._contentLength = 5;
    message.response = response;
    hook.onRequestStart(message);
    response.emit('close');
  };
  for (let i = 0; i < 100000; i++) once();
  const N = 300000;
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) once();
  const used = process.cpuUsage(start);
  process.stdout.write(String(((used.user + used.system) * 1000) / N));
} else {
  // The same file without the check: the block `if (response[...METRICS_RESPONSE] === true) { ... }`.
  const source = fs.readFileSync(BUILT, 'utf8');
  const without = source.replace(/\n\s*if \(response\[METRICS_RESPONSE\] === true\) \{[^}]*\}/, '');
  if (without === source) throw new Error('the check was not found in the built server.js');
  const copy = path.join(path.dirname(BUILT), `server-without-check-${process.pid}.js`);
  fs.writeFileSync(copy, without);
  const variants = { 'without check': copy, 'with check': BUILT };
  const results = { 'without check': [], 'with check': [] };
  try {
    for (let round = 0; round < 15; round++) {
      const order = round % 2 ? ['with check', 'without check'] : ['without check', 'with check'];
      for (const name of order)
        results[name].push(
          Number(execFileSync(process.execPath, [__filename, 'child', variants[name]], { encoding: 'utf8' })),
        );
    }
  } finally {
    fs.rmSync(copy);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const a = median(results['without check']);
  const b = median(results['with check']);
  console.log(
    `CPU ns per request, median of 15 alternating rounds (${os.loadavg()[0].toFixed(1)} load): without the check ${a.toFixed(1)}, with it ${b.toFixed(1)}; ratio ${(b / a).toFixed(3)}`,
  );
}
