'use strict';
// The HTTP layer turned off and on while the app serves: /hold answers only when the test calls
// `release`, so a request can be in flight across a disable().
const http = require('node:http');
const { registerInstrumentations } = require('@nodeprom/core');
const { HttpInstrumentation } = require('@nodeprom/instrumentation-http');
const { serve } = require('@nodeprom/test-utils/app');

const layer = new HttpInstrumentation();
const handle = registerInstrumentations({ instrumentations: [layer] });
const held = [];
const server = http.createServer((req, res) => {
  if (req.url === '/hold') held.push(res);
  else res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  serve(
    {
      disable: () => layer.disable(),
      enable: () => layer.enable(),
      heldCount: () => held.length,
      release: () => {
        for (const res of held.splice(0)) res.end('released');
      },
      close: async () => {
        await handle.shutdown();
        await new Promise((resolve) => server.close(resolve));
      },
    },
    { port: server.address().port },
  );
});
