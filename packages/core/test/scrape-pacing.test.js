'use strict';
// The responder with a renderer that watches the event loop: a real node:http server and client in
// this process, and a source whose pieces record what ran between them.
const http = require('node:http');
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');

const PIECE = `${'x'.repeat(255)}\n`.repeat(1024); // 256 KiB of whole lines

/** A source of `pieces` pieces; each next() queues an immediate and notes how many had run. */
function watchingSource(pieces) {
  const seen = { calls: 0, immediatesRunBefore: [] };
  let ran = 0;
  return {
    seen,
    source: {
      async open() {
        return {
          next() {
            if (seen.calls === pieces) return undefined;
            seen.immediatesRunBefore.push(ran);
            seen.calls++;
            setImmediate(() => ran++);
            return PIECE;
          },
        };
      },
    },
  };
}

function serve(source) {
  const responder = new ScrapeResponder(source);
  const server = http.createServer((request, response) => responder.respond(request, response));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const until = async (check) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the scrape body is pulled piece by piece, with the event loop free between pieces', function () {
  let server;
  afterEach(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );

  it('lets the event loop turn between every two pieces of the body', async () => {
    const { source, seen } = watchingSource(40);
    server = await serve(source);
    const response = await fetch(`http://127.0.0.1:${server.address().port}/metrics`);
    const text = await response.text();
    expect(text.length).to.equal(40 * PIECE.length);
    // Before piece k, the immediate queued by piece k-1 has run: one loop turn per piece.
    expect(seen.immediatesRunBefore).to.deep.equal(Array.from({ length: 40 }, (_, k) => k));
  });

  it('stops pulling pieces while the only client reads nothing, and finishes once it reads', async () => {
    const { source, seen } = watchingSource(400); // 100 MiB if it were all produced
    server = await serve(source);
    let received = 0;
    const done = new Promise((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${server.address().port}/metrics`, (response) => {
          response.pause();
          response.on('data', (chunk) => {
            received += chunk.length;
          });
          response.on('end', resolve);
          // Long enough for an unpaced writer to render everything many times over.
          setTimeout(() => {
            seen.whilePaused = seen.calls;
            response.resume();
          }, 1500);
        })
        .on('error', reject);
    });
    await until(() => seen.whilePaused !== undefined);
    expect(seen.whilePaused).to.be.above(0).and.below(200);
    await done;
    expect(received).to.equal(400 * PIECE.length);
    expect(seen.calls).to.equal(400);
  });
});
