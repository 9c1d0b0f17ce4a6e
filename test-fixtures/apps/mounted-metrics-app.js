'use strict';
// The scrape mounted in the app's own server (NODEPROM_PORT=none), the way a user writes it:
// FRAMEWORK=express | fastify | http. START=code calls registerInstrumentations({ serve: false })
// instead of relying on the preload. The app also serves /hello, whose requests are counted.
const { serve } = require('@nodeprom/test-utils/app');

if (process.env.START === 'code') require('@nodeprom/core').registerInstrumentations({ serve: false });
const { metricsHandler } = require(process.env.START === 'code' ? '@nodeprom/core' : '@nodeprom/auto-register');

// What the last scrape asked for and got (node:http only), for tests with a real Prometheus.
let lastScrape = null;

function ready(server) {
  serve(
    {
      lastScrape: () => lastScrape,
      close: () => new Promise((resolve) => server.close(resolve)),
    },
    { port: server.address().port },
  );
}

switch (process.env.FRAMEWORK) {
  case 'express': {
    const express = require('express');
    const app = express();
    app.get('/metrics', metricsHandler());
    app.get('/hello', (req, res) => res.send('hello'));
    const server = app.listen(0, '127.0.0.1', () => ready(server));
    break;
  }
  case 'fastify': {
    const app = require('fastify')();
    app.get('/metrics', metricsHandler());
    app.get('/hello', async () => 'hello');
    app.listen({ port: 0, host: '127.0.0.1' }).then(() => ready(app.server));
    break;
  }
  default: {
    const http = require('node:http');
    const handler = metricsHandler();
    const server = http.createServer((req, res) => {
      if (req.url === '/metrics') {
        // The handler passes its headers to writeHead, where getHeader cannot see them.
        const writeHead = res.writeHead;
        res.writeHead = function recordHead(status, headers) {
          lastScrape = {
            accept: req.headers.accept,
            acceptEncoding: req.headers['accept-encoding'],
            status,
            contentType: headers?.['content-type'] ?? null,
            contentEncoding: headers?.['content-encoding'] ?? null,
          };
          return Reflect.apply(writeHead, this, arguments);
        };
        return handler(req, res);
      }
      res.end('hello');
    });
    server.listen(0, '127.0.0.1', () => ready(server));
  }
}
