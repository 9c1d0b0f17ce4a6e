'use strict';
// Programmatic use with options a user got wrong: nodeprom must warn once per option, under the
// option's own name, use the environment's value or the default, and keep the app running.
const http = require('node:http');
const { serve } = require('@nodeprom/test-utils/app');
const { registerInstrumentations } = require('@nodeprom/core');

const handle = registerInstrumentations({
  port: 70000,
  prefix: '__',
  httpDurationBuckets: [5, 1],
  maxSeriesPerMetric: 0,
  colour: 'red',
  path: '/app-metrics',
});

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  serve(
    {
      close: async () => {
        await handle.shutdown();
        await new Promise((resolve) => server.close(resolve));
      },
    },
    { port: server.address().port },
  );
});
