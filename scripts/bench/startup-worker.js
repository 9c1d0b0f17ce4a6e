'use strict';
// Run by startup.js: starts WORKERS worker threads one after the other (each inherits this process's
// --require) and prints the median milliseconds from `new Worker` to the worker's first message.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (!isMainThread) {
  parentPort.postMessage('up');
} else {
  (async () => {
    const times = [];
    for (let i = 0; i < Number(process.env.WORKERS ?? 5); i++) {
      const started = process.hrtime.bigint();
      const worker = new Worker(__filename);
      await new Promise((resolve) => worker.once('message', resolve));
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      await worker.terminate();
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${times[Math.floor(times.length / 2)]}\n`);
  })();
}
