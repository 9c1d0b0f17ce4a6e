'use strict';
// Injects a fault into nodeprom's own recording (through the running handle) to show that it stays
// inside nodeprom: requests keep being answered, and the fault is logged once, not per request.
const http = require('node:http');
const { registerInstrumentations } = require('@nodeprom/core');
const { serve } = require('@nodeprom/test-utils/app');

const handle = registerInstrumentations(); // already running under --require: returns that handle
const httpLayer = handle.instrumentations.find((i) => i.instrumentationName === '@nodeprom/instrumentation-http');
httpLayer.recorder.requestEnded = () => {
  throw new Error('injected recorder fault');
};

const server = http.createServer((req, res) => res.end('fine'));
server.listen(0, '127.0.0.1', () => {
  serve({ close: () => new Promise((resolve) => server.close(resolve)) }, { port: server.address().port });
});
