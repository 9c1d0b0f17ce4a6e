'use strict';
// HTTP/1.1 pipelining: requests sent back to back on one connection, the later ones starting while
// the first is still in flight, are each recorded once with their own duration, and the in-flight
// gauge returns to 0.
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');
const { rawRequest, scrapeUntil } = require('./helpers');

const COUNT = 'http_server_request_duration_seconds_count';
const ACTIVE = 'http_server_active_requests';

describe('pipelined requests on one connection', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js');
  });
  after(() => app.stop());

  it('records every pipelined request once and returns the in-flight gauge to 0', async () => {
    const answer = await rawRequest(
      app.info.port,
      [
        'GET /stream HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /status/201 HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /status/202 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ].join(''),
    );
    expect(answer.match(/HTTP\/1.1 \d+/g)).to.deep.equal(['HTTP/1.1 200', 'HTTP/1.1 201', 'HTTP/1.1 202']);
    const text = await scrapeUntil(app, (t) => findSamples(t, COUNT).reduce((sum, s) => sum + s.value, 0) === 3);
    expect(sampleValue(text, COUNT, { http_response_status_code: '200' })).to.equal(1);
    expect(sampleValue(text, COUNT, { http_response_status_code: '201' })).to.equal(1);
    expect(sampleValue(text, COUNT, { http_response_status_code: '202' })).to.equal(1);
    expect(sampleValue(text, ACTIVE, { http_request_method: 'GET' })).to.equal(0);
  });
});
