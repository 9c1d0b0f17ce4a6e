'use strict';
// An app whose own port is the one nodeprom was told to use (NODEPROM_PORT equal to the app's port),
// bound a moment after start-up, once the app has "loaded its routes".
const http = require('node:http');
const { serve } = require('@nodeprom/test-utils/app');

const server = http.createServer((req, res) => res.end(`app ${req.url}`));
setTimeout(() => {
  server.listen(Number(process.env.NODEPROM_PORT), '127.0.0.1', () => serve({}, { port: server.address().port }));
}, 200);
