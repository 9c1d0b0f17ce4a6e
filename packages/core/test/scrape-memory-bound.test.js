'use strict';
// Twenty concurrent scrapes of a large store, some of them slow readers: the body is made no
// further ahead of its slowest reader than a bounded lead, so the chunks held at once are the same
// for twenty as for one. A real store, the responder on a real node:http server and real clients
// in this process; the responder counts the bytes of chunks it holds.
const http = require('node:http');
const { expect } = require('chai');
const {
  registerInstrumentations,
  HTTP_SERVER_REQUEST_DURATION,
  ScrapeResponder,
  CHUNK_CHARACTERS,
} = require('@nodeprom/core');

const SERIES = 12000; // about 24 MB of Prometheus text
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const CONCURRENT = 20;
const PIECE_BYTES = CHUNK_CHARACTERS; // what one writer step writes, about

/** Keeps its connections, so that the twenty requests of a burst go out at once, on sockets already open. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT });

/** GETs the body; a slow reader pauses `pauseMs` after every chunk it receives. */
function get(port, pauseMs) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics', agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => {
          chunks.push(chunk);
          if (pauseMs > 0) {
            response.pause();
            setTimeout(() => response.resume(), pauseMs);
          }
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('twenty concurrent scrapes of a large store, some reading slowly', function () {
  let server;
  let handle;
  after(async () => {
    await new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
    agent.destroy();
    await handle.shutdown();
  });

  it('share one body and hold no more of it at once than one scrape does (the attach window, then a bounded lead)', async () => {
    handle = registerInstrumentations({ serve: false, instrumentations: [], maxSeriesPerMetric: SERIES + 1 });
    const histogram = handle.store.histogram(HTTP_SERVER_REQUEST_DURATION, BUCKETS);
    for (let i = 0; i < SERIES; i++) {
      histogram.cell({ 'http.route': `/api/resource${i}/:id`, 'http.request.method': 'GET' }).record(i / SERIES);
    }
    let opens = 0;
    const source = {
      open: (format) => {
        opens++;
        return handle.source.open(format);
      },
    };
    const responder = new ScrapeResponder(source);
    server = http.createServer((request, response) => responder.respond(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;

    const alone = await get(port, 0);
    const peakAlone = responder.chunkMemory.peak;
    expect(responder.chunkMemory.held).to.equal(0);
    expect(alone.split('_count{').length - 1).to.equal(SERIES);

    // Twenty connections open (these scrapes may take more than one body: they connect one by one).
    await Promise.all(Array.from({ length: CONCURRENT }, () => get(port, 0)));
    const opensBefore = opens;
    responder.chunkMemory.peak = 0;
    // A quarter of the readers take a chunk every 4 ms, the others as fast as they can.
    const bodies = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => get(port, i % 4 === 0 ? 4 : 0)));
    const peakTwenty = responder.chunkMemory.peak;

    expect(opens - opensBefore).to.equal(1); // one collection for the twenty
    for (const body of bodies) {
      expect(body.length).to.equal(bodies[0].length);
      expect(body.split('_count{').length - 1).to.equal(SERIES);
    }
    expect(responder.chunkMemory.held).to.equal(0);
    // Held at once: the attach window (kept whole while scrapes may still join), then at most the
    // lead over the slowest reader; a piece of slack for the step that crosses either.
    const { attachWindowBytes, leadBytes } = responder.limits;
    const bound = Math.max(attachWindowBytes, leadBytes) + 2 * PIECE_BYTES;
    expect(alone.length).to.be.above(4 * bound);
    expect(peakAlone).to.be.at.most(bound);
    expect(peakTwenty).to.be.at.most(bound);
    expect(peakTwenty).to.be.at.most(peakAlone + 2 * PIECE_BYTES);
  });
});
