'use strict';
const http = require('node:http');
const { expect } = require('chai');
const { ScrapeResponder } = require('@nodeprom/core');
const { scrape, PROMETHEUS_ACCEPT } = require('./scrape-client');

describe('a source that renders only Prometheus text (formats: [prometheus])', function () {
  let server;
  const opened = [];
  before(async () => {
    const source = {
      formats: ['prometheus'],
      async open(format) {
        opened.push(format);
        let done = false;
        return { next: () => (done ? undefined : ((done = true), '# TYPE up gauge\nup 1\n')) };
      },
    };
    const responder = new ScrapeResponder(source);
    server = http.createServer((request, response) => responder.respond(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it("answers Prometheus's OpenMetrics-first Accept with Prometheus text, and never asks the source for OpenMetrics", async () => {
    const response = await scrape(`http://127.0.0.1:${server.address().port}/metrics`, {
      accept: PROMETHEUS_ACCEPT,
      'accept-encoding': 'gzip',
    });
    expect(response.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['content-encoding']).to.equal('gzip');
    expect(response.text).to.equal('# TYPE up gauge\nup 1\n');
    expect(opened).to.deep.equal(['prometheus']);
  });
});
