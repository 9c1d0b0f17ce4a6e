'use strict';
// A client that stops reading mid-body, alone on its body, while a scrape that came too late to
// attach waits for the next body: the stuck client is cut off once it has taken nothing for the
// stall limit, so the waiting scrape gets its body. A real node:http server
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

describe('the only reader of a body stops reading while a scrape waits for the next body', function () {
  let server;
  let stderr;
  before(() => {
    stderr = captureStderr();
  });
  after(() => {
    stderr.restore();
    return closeServer(server);
  });

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
    expect(stderr.logged.join('')).to.include('read nothing for too long');
    stuck.request.destroy();
  });
});
