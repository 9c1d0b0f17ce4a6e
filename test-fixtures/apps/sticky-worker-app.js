'use strict';
// A sticky-session worker (the pattern of @socket.io/sticky and sticky-session): it never listens;
// the process in front accepts each connection and hands the socket over IPC, and the worker gives
// it to its HTTP server with `emit('connection')`.
const http = require('node:http');

const server = http.createServer((request, response) => response.end('ok'));
process.on('message', (message, socket) => {
  if (message === 'scrape') {
    globalThis[Symbol.for('nodeprom.handle')].scrape().then((text) => process.send({ text }));
    return;
  }
  server.emit('connection', socket);
  socket.resume();
});
process.send('ready');
