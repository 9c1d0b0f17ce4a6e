'use strict';
// The writer puts lines straight into Buffers of about CHUNK_CHARACTERS bytes: a series larger
// than a whole piece, and labels of several UTF-8 bytes per character, must still come out whole
// and identical to OpenTelemetry's serializer, and identical again when served over HTTP (where
// pieces are reused from one body to the next). A real store and the responder on a real
// node:http server in this process.
const http = require('node:http');
const { expect } = require('chai');
const {
  registerInstrumentations,
  HTTP_SERVER_REQUEST_DURATION,
  ScrapeResponder,
  CHUNK_CHARACTERS,
  renderToString,
  serializerSource,
} = require('@nodeprom/core');

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const HUGE = '☃'.repeat(CHUNK_CHARACTERS); // three bytes a character: the series spans several pieces' worth

function get(port) {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path: '/metrics', headers: { accept: 'text/plain;version=0.0.4' } },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          response.on('error', reject);
        },
      )
      .on('error', reject);
  });
}

/** Without nodeprom's own scrape metrics, which change with every body written. */
const withoutSelf = (text) =>
  text
    .split('\n')
    .filter((line) => !line.includes('nodeprom_scrape_'))
    .join('\n');

describe('series larger than a piece of the body, and labels of multi-byte characters', function () {
  let server;
  let handle;
  after(async () => {
    await new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
    await handle.shutdown();
  });

  it("are written whole, byte for byte as OpenTelemetry's serializer writes them, in every scrape served", async () => {
    handle = registerInstrumentations({ serve: false, instrumentations: [], maxSeriesPerMetric: 10000 });
    const histogram = handle.store.histogram(HTTP_SERVER_REQUEST_DURATION, BUCKETS);
    for (let i = 0; i < 5000; i++) {
      histogram.cell({ 'http.route': `/café/${i}/😀`, 'http.request.method': 'GET' }).record(i / 1000);
    }
    histogram.cell({ 'http.route': HUGE, 'http.request.method': 'POST' }).record(0.3);
    histogram.cell({ 'http.route': `${HUGE}/${HUGE}`, 'http.request.method': 'PUT' }).record(3);

    const serializer = await renderToString(serializerSource(handle.reader, '', [handle.store]), 'prometheus');
    const writer = await renderToString(handle.source, 'prometheus');
    expect(writer.length).to.be.above(4 * CHUNK_CHARACTERS);
    expect(writer.split(`http_route="${HUGE}"`).length - 1).to.equal(BUCKETS.length + 3);
    expect(writer.split(`http_route="${HUGE}/${HUGE}"`).length - 1).to.equal(BUCKETS.length + 3);
    expect(withoutSelf(writer)).to.equal(withoutSelf(serializer));

    const responder = new ScrapeResponder(handle.source);
    server = http.createServer((request, response) => responder.respond(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    // One after the other, then several at once: later bodies are written into pieces earlier ones gave back.
    const served = [await get(port), await get(port), ...(await Promise.all([get(port), get(port), get(port)]))];
    for (const text of served) expect(withoutSelf(text)).to.equal(withoutSelf(serializer));
  });
});
