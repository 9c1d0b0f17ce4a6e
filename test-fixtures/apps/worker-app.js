'use strict';
// Starts a worker thread (which inherits --require): only the main thread may bind the metrics port.
const { Worker, isMainThread } = require('node:worker_threads');
const { serve } = require('@nodeprom/test-utils/app');

if (isMainThread) {
  const worker = new Worker(__filename);
  worker.once('message', (message) => serve({ close: () => worker.terminate() }, { worker: message }));
} else {
  require('node:worker_threads').parentPort.postMessage('worker started');
}
