'use strict';
// What the stalled-reader scrape tests share: a source of a large body, a client that can stop
// reading, a server that notes how each response ended, and a short stall limit.
const http = require('node:http');

const PIECE = `${'s'.repeat(1023)}\n`.repeat(64); // 64 KiB of whole lines
const PIECES = 1024; // 64 MiB: far more than the kernel's socket buffers take from a client that reads nothing
const STALL_MS = 400;

function largeSource() {
  const state = { opens: 0 };
  return {
    state,
    source: {
      async open() {
        state.opens++;
        let given = 0;
        return { next: () => (given++ < PIECES ? PIECE : undefined) };
      },
    },
  };
}

/**
 * GETs the body; `stopAfter` bytes in, the client stops reading for good. (Such a client never
 * sees the server cut it off: the close waits behind data it does not read.)
 */
function get(port, stopAfter = Infinity) {
  let request;
  const done = new Promise((resolve) => {
    let length = 0;
    request = http.get({ host: '127.0.0.1', port, path: '/metrics' }, (response) => {
      response.on('data', (chunk) => {
        length += chunk.length;
        if (length >= stopAfter) response.pause();
      });
      response.on('end', () => resolve({ length, complete: response.complete }));
    });
  });
  return { done, request };
}

/** A server for `responder` that notes, for every response, whether it was finished or cut off. */
async function serve(responder) {
  const closed = [];
  const server = http.createServer((request, response) => {
    response.once('close', () => closed.push(response.writableFinished ? 'finished' : 'cut off'));
    responder.respond(request, response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, closed, port: server.address().port };
}

const until = async (check) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Keeps what nodeprom writes to stderr (its warnings) from the output, in `logged`, until `restore()`. */
function captureStderr() {
  const logged = [];
  const write = process.stderr.write;
  process.stderr.write = (chunk) => {
    logged.push(String(chunk));
    return true;
  };
  return { logged, restore: () => (process.stderr.write = write) };
}

/** Closes `server` with every connection it still has (a stuck client's included). */
function closeServer(server) {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });
}

module.exports = { PIECE, PIECES, STALL_MS, largeSource, get, serve, until, captureStderr, closeServer };
