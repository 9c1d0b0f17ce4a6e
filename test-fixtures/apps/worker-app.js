'use strict';
// Starts a worker thread (which inherits --require): only the main thread may bind the metrics port.
const { Worker, isMainThread } = require('node:worker_threads');
const { serve } = require('@nodeprom/test-utils/app');

if (isMainThread) {
  const worker = new Worker(__filename);
  worker.once('message', (message) => serve({ close: () => worker.terminate() }, { worker: message }));
} else {
  // The preload ran here too; it must have started no layer (nothing would scrape this thread).
  const { registerInstrumentations } = require('@nodeprom/core');
  const layers = registerInstrumentations().instrumentations.length;
  require('node:worker_threads').parentPort.postMessage(`worker started with ${layers} layers`);
}
