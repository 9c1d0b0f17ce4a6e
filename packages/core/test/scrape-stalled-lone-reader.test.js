'use strict';
// A client that stops reading mid-body, alone on its body, while a scrape that came too late to
// attach waits for the next body: the stuck client is cut off once it has taken nothing for the
// stall limit, so the waiting scrape gets its body. A real node:http server
// and clients in this process, a source of a large body, and a short stall limit.
const http = require('node:http');
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');

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

describe('the only reader of a body stops reading while a scrape waits for the next body', function () {
  let server;
  const logged = [];
  let write;
  before(() => {
    write = process.stderr.write;
    process.stderr.write = (chunk) => {
      logged.push(String(chunk));
      return true;
    };
  });
  after(
    () =>
      new Promise((resolve) => {
        process.stderr.write = write;
        server.closeAllConnections();
        server.close(resolve);
      }),
  );

  it('is cut off once it has taken nothing for the stall limit, and the waiting scrape gets the next body whole', async () => {
    const { state, source } = largeSource();
    const responder = new ScrapeResponder(source, {
      stalledReaderMs: STALL_MS,
      attachWindowBytes: 1024 * 1024,
      attachWindowMs: 0,
    });
    let port;
    let closed;
    ({ server, closed, port } = await serve(responder));

    const stuck = get(port, 4 * PIECE.length);
    await until(() => responder.chunkMemory.peak >= 1024 * 1024);
    // Past the attach window: this one waits for the next body, which the stuck client must not hold up forever.
    expect(await get(port).done).to.deep.equal({ length: PIECES * PIECE.length, complete: true });
    expect(closed).to.deep.equal(['cut off', 'finished']);
    expect(state.opens).to.equal(2);
    expect(logged.join('')).to.include('read nothing for too long');
    stuck.request.destroy();
  });
});
