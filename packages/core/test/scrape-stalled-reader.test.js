'use strict';
// A client that stops reading mid-body while others read the same body: the body goes at the pace
// of its slowest reader, so a stuck one would hold the others up forever; instead it is cut off
// once it has taken nothing for the stall limit, and the others finish. A real node:http server
// and clients in this process, a source of a large body, and a short stall limit.
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');

const {
  PIECE,
  PIECES,
  STALL_MS,
  largeSource,
  get,
  serve,
  until,
  captureStderr,
  closeServer,
} = require('./stalled-reader');

describe('a scrape client that stops reading while others read the same body', function () {
  let server;
  let stderr;
  before(() => {
    stderr = captureStderr();
  });
  after(() => {
    stderr.restore();
    return closeServer(server);
  });

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
    expect(stderr.logged.join('')).to.include('read nothing for too long');

    // Nothing is left waiting on the stuck client: the next scrape is served in full, from a new body.
    expect(await get(port).done).to.deep.equal({ length: PIECES * PIECE.length, complete: true });
    expect(state.opens).to.equal(2);
    stuck.request.destroy();
  });
});
