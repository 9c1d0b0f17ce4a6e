'use strict';
// A client that stops reading mid-body while others read the same body: the body goes at the pace
// of its slowest reader, so a stuck one would hold the others up forever; instead it is cut off
// once it has taken nothing for the stall limit, and the others finish. A real node:http server
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

describe('a scrape client that stops reading while others read the same body', function () {
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

  it('is cut off once it has taken nothing for the stall limit; the others get the whole body, and the next scrape a new one', async () => {
    const { state, source } = largeSource();
    const responder = new ScrapeResponder(source, { stalledReaderMs: STALL_MS });
    let port;
    let closed;
    ({ server, closed, port } = await serve(responder));

    const started = Date.now();
    const stuck = get(port, 4 * PIECE.length);
    const readers = await Promise.all([get(port).done, get(port).done]);
    const elapsed = Date.now() - started;

    for (const reader of readers) expect(reader).to.deep.equal({ length: PIECES * PIECE.length, complete: true });
    await until(() => closed.length === 3);
    expect(closed.sort()).to.deep.equal(['cut off', 'finished', 'finished']);
    expect(state.opens).to.equal(1);
    // Held up once, for the stall limit or up to twice that (the check that sees no progress can come a period late).
    expect(elapsed).to.be.below(20 * STALL_MS);
    const { attachWindowBytes, leadBytes } = responder.limits;
    expect(responder.chunkMemory.peak).to.be.at.most(Math.max(attachWindowBytes, leadBytes) + 2 * PIECE.length);
    expect(responder.chunkMemory.held).to.equal(0);
    expect(logged.join('')).to.include('read nothing for too long');

    // Nothing is left waiting on the stuck client: the next scrape is served in full, from a new body.
    expect(await get(port).done).to.deep.equal({ length: PIECES * PIECE.length, complete: true });
    expect(state.opens).to.equal(2);
    stuck.request.destroy();
  });
});
