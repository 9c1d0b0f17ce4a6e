'use strict';
// What a scraper sees when building the body fails: a real node:http server in this process and a
// source that fails the way the test asks.
const http = require('node:http');
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');

const PIECE = `${'z'.repeat(1023)}\n`.repeat(256);

describe('a scrape whose body cannot be built', function () {
  let server;
  let port;
  let mode;
  const logged = [];
  let write;
  before(async () => {
    write = process.stderr.write;
    process.stderr.write = (chunk) => {
      logged.push(String(chunk));
      return true;
    };
    const source = {
      async open() {
        if (mode === 'open') throw new Error('collection failed');
        let given = 0;
        return {
          next() {
            given++;
            if (mode === 'render' && given === 3) throw new Error('rendering failed');
            return given <= 6 ? PIECE : undefined;
          },
        };
      },
    };
    const responder = new ScrapeResponder(source);
    server = http.createServer((request, response) => responder.respond(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = server.address().port;
  });
  after(
    () =>
      new Promise((resolve) => {
        process.stderr.write = write;
        server.close(resolve);
      }),
  );

  function get() {
    return new Promise((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/metrics' }, (response) => {
          let length = 0;
          response.on('data', (chunk) => {
            length += chunk.length;
          });
          response.on('end', () => resolve({ status: response.statusCode, length, complete: response.complete }));
          response.on('error', (error) =>
            resolve({ status: response.statusCode, length, error: error.code ?? error.message }),
          );
        })
        .on('error', (error) => resolve({ error: error.code ?? error.message }));
    });
  }

  it('answers 500 when the collection fails, logs it once, and serves the next scrape', async () => {
    mode = 'open';
    expect((await get()).status).to.equal(500);
    expect((await get()).status).to.equal(500);
    expect(logged.join('').split('collection failed').length - 1).to.equal(1);
    mode = 'ok';
    expect(await get()).to.include({ status: 200, length: 6 * PIECE.length, complete: true });
  });

  it('cuts the response short when rendering fails mid-body (never a truncated body that looks whole), and serves the next scrape', async () => {
    mode = 'render';
    const cut = await get();
    expect(cut.status).to.equal(200);
    expect(cut.complete === true && cut.error === undefined).to.equal(false);
    expect(cut.length).to.be.below(6 * PIECE.length);
    mode = 'ok';
    expect(await get()).to.include({ status: 200, length: 6 * PIECE.length, complete: true });
  });
});
