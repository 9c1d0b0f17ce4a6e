'use strict';
// Starts a worker thread (which inherits --require) and reports which modules the preload loaded in
// it: a worker thread neither serves nor records, so it must load no part of nodeprom's core or of
// the OpenTelemetry SDK.
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (isMainThread) {
  const { serve } = require('@nodeprom/test-utils/app');
  const worker = new Worker(__filename);
  worker.once('message', (loaded) => serve({ close: () => worker.terminate() }, { loaded }));
} else {
  parentPort.postMessage(
    Object.keys(require.cache).filter((file) =>
      /@opentelemetry|nodeprom[/\\](core|instrumentation)|packages[/\\](core|instrumentation)/.test(file),
    ),
  );
}
