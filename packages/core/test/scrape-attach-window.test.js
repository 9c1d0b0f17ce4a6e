'use strict';
// A body larger than the attach window (responder.limits.attachWindowBytes): a scrape that comes once
// that much is written waits for the next body instead of pinning the whole first one. A real node:http server and clients in
// this process; the source hands out pieces only as the test allows.
const http = require('node:http');
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');

const MIB = 1024 * 1024;
const PIECE = `${'y'.repeat(1023)}\n`.repeat(1024); // 1 MiB of whole lines
const PIECES = 20;

function gatedSource() {
  const state = { opens: 0, produced: 0, allowed: 10 };
  const source = {
    async open() {
      const body = ++state.opens;
      let given = 0;
      return {
        next() {
          if (given === PIECES) return undefined;
          // Not yet: an empty piece means "ask again", one loop turn later.
          if (body === 1 && given >= state.allowed) return '';
          given++;
          if (body === 1) state.produced = given;
          return `# body ${body}\n${PIECE}`;
        },
      };
    },
  };
  return { state, source };
}

function get(port) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics' }, (response) => {
        let length = 0;
        let first = '';
        response.on('data', (chunk) => {
          if (first === '') first = chunk.toString('utf8', 0, 12);
          length += chunk.length;
        });
        response.on('end', () => resolve({ length, first }));
      })
      .on('error', reject);
  });
}

describe('a scrape body larger than the attach window', function () {
  let server;
  after(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );

  it('lets a scrape that comes after its attach window wait for the next body, which it then gets whole', async () => {
    const { state, source } = gatedSource();
    const responder = new ScrapeResponder(source);
    server = http.createServer((request, response) => responder.respond(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;

    const first = get(port);
    while (state.produced < 10) await new Promise((resolve) => setTimeout(resolve, 10));
    const late = get(port);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.opens).to.equal(1); // the late scrape waits: one body is built at a time
    state.allowed = PIECES;

    const [a, b] = await Promise.all([first, late]);
    const bodyLength = PIECES * (PIECE.length + '# body 1\n'.length);
    expect(a).to.deep.equal({ length: bodyLength, first: '# body 1\nyyy' });
    expect(b).to.deep.equal({ length: bodyLength, first: '# body 2\nyyy' });
    expect(state.opens).to.equal(2);
    expect(10 * MIB).to.be.above(responder.limits.attachWindowBytes);
  });
});
