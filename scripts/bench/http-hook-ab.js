'use strict';
// Before/after of the HTTP hook's request end: main's build vs the endpoint branch's, alternating
// rounds in fresh child processes, medians. Each operation: requestStarted + 'close' -> requestEnded
// on a real ServerResponse-like object (EventEmitter) with a real recorder and store.
const { execFileSync } = require('node:child_process');
// node scripts/bench/http-hook-ab.js <tree before> <tree after>   (both built)
const trees = { before: process.argv[2], after: process.argv[3] };
if (process.argv[2] === 'child') {
  const root = process.argv[3];
  const core = require(`${root}/packages/core`);
  const { ServerRequestHook } = require(`${root}/packages/instrumentation-http/build/server.js`);
  const { EventEmitter } = require('node:events');
  const store = new core.MetricStore();
  const hook = new ServerRequestHook(new core.HttpServerRecorder(store, core.DEFAULT_HTTP_DURATION_BUCKETS));
  const request = { method: 'GET', rawHeaders: ['Host', 'x'] };
  const server = {};
  const socket = { encrypted: false };
  const N = 300000;
  function once() {
    const response = new EventEmitter();
    response.req = request; response.writableFinished = true; response.headersSent = true; response.statusCode = 200; response._contentLength = 5;
    hook.onRequestStart({ request, response, socket, server });
    response.emit('close');
  }
  for (let i = 0; i < 100000; i++) once();
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) once();
  const used = process.cpuUsage(start);
  process.stdout.write(String(((used.user + used.system) * 1000) / N));
  return;
}
const results = { before: [], after: [] };
for (let round = 0; round < 15; round++) {
  for (const name of round % 2 ? ['after', 'before'] : ['before', 'after']) {
    results[name].push(Number(execFileSync(process.execPath, [__filename, 'child', trees[name]], { encoding: 'utf8' })));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`ns per request (median of 15 alternating rounds): before ${median(results.before).toFixed(1)}, after ${median(results.after).toFixed(1)}, ratio after/before ${(median(results.after) / median(results.before)).toFixed(3)}`);
