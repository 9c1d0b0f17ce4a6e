'use strict';
// A plain node:http (or https, with TLS_KEY/TLS_CERT) server with handlers for the edge cases the
// HTTP layer must survive. The test drives it over HTTP and through serve() handlers.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { serve } = require('@nodeprom/test-utils/app');

function handler(req, res) {
  const url = req.url;
  if (url === '/throw') throw new Error('handler failure');
  if (url === '/slow') {
    // Never answers: the client gives up, or the server's timeout destroys the socket.
    return;
  }
  if (url === '/upload') {
    // Reads part of the body and waits; a client that aborts mid-body leaves it unfinished.
    req.once('data', () => {});
    req.on('end', () => res.end('uploaded'));
    return;
  }
  if (url === '/stream') {
    res.write('chunk-1,');
    setTimeout(() => res.end('chunk-2'), 5);
    return;
  }
  if (url === '/big') {
    res.setHeader('content-length', 100000);
    res.end(Buffer.alloc(100000, 1));
    return;
  }
  if (url.startsWith('/status/')) {
    res.statusCode = Number(url.slice(8));
    res.end('status');
    return;
  }
  res.end('hello');
}

const tls = process.env.TLS_KEY
  ? { key: fs.readFileSync(process.env.TLS_KEY), cert: fs.readFileSync(process.env.TLS_CERT) }
  : undefined;
const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
if (process.env.SERVER_TIMEOUT_MS) server.setTimeout(Number(process.env.SERVER_TIMEOUT_MS));
// A thrown handler error is the app's own: it must surface as the app's uncaught exception, and this
// app, like many, logs it and keeps serving.
process.on('uncaughtException', (error) => {
  process.stderr.write(`app caught: ${error.message}\n`);
});
server.listen(0, '127.0.0.1', () => {
  serve({ close: () => new Promise((resolve) => server.close(resolve)) }, { port: server.address().port });
});
