'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const { expect } = require('chai');
const { startApp, sampleValue, findSamples, seriesCount } = require('@nodeprom/test-utils');
const { rawRequest, keepAliveGets, scrapeUntil } = require('./helpers');

const COUNT = 'http_server_request_duration_seconds_count';
const ACTIVE = 'http_server_active_requests';

function activeTotal(text) {
  return findSamples(text, ACTIVE).reduce((sum, s) => sum + s.value, 0);
}

describe('HTTP server requests on a plain node:http server', function () {
  let app;
  let base;
  before(async () => {
    app = await startApp('test-fixtures/apps/http-app.js', { env: { SERVER_TIMEOUT_MS: '300' } });
    base = `http://127.0.0.1:${app.info.port}`;
  });
  after(() => app.stop());

  async function stillServes() {
    const response = await fetch(`${base}/`);
    expect(await response.text()).to.equal('hello');
  }

  it('counts a request with its method, status and scheme, and nothing for the scrapes themselves', async () => {
    await (await fetch(`${base}/`)).text();
    await app.scrape();
    await app.scrape();
    const text = await app.scrape();
    expect(
      sampleValue(text, COUNT, { http_request_method: 'GET', http_response_status_code: '200', url_scheme: 'http' }),
    ).to.equal(1);
    expect(findSamples(text, COUNT).reduce((sum, s) => sum + s.value, 0)).to.equal(1);
  });

  it('records 5xx with error_type set to the status code, and 4xx without error_type', async () => {
    await (await fetch(`${base}/status/503`)).text();
    await (await fetch(`${base}/status/404`)).text();
    const text = await app.scrape();
    expect(sampleValue(text, COUNT, { http_response_status_code: '503', error_type: '503' })).to.equal(1);
    expect(sampleValue(text, COUNT, { http_response_status_code: '404', error_type: undefined })).to.equal(1);
  });

  it('folds methods outside the semantic-convention list into _OTHER', async () => {
    const answer = await rawRequest(app.info.port, 'PROPFIND / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).to.match(/^HTTP\/1.1 200/);
    const text = await app.scrape();
    expect(sampleValue(text, COUNT, { http_request_method: '_OTHER' })).to.equal(1);
    expect(text).not.to.include('PROPFIND');
  });

  it('answers malformed requests and a 64 KB URL without a series and keeps serving', async () => {
    const before = await app.scrape();
    const garbage = await rawRequest(app.info.port, 'FOO\x00BAR / HTTP/1.1\r\n\r\n');
    expect(garbage).to.match(/^HTTP\/1.1 400/);
    const longUrl = await rawRequest(app.info.port, `GET /${'a'.repeat(65536)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(longUrl).to.match(/^HTTP\/1.1 431/);
    const after = await app.scrape();
    expect(seriesCount(after, 'http_server_')).to.equal(seriesCount(before, 'http_server_'));
    expect(after).not.to.include('aaaaaaaa');
    await stillServes();
  });

  it('marks a client that aborts mid-body as error_type="aborted" and returns the in-flight gauge to 0', async () => {
    await rawRequest(app.info.port, 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789', {
      closeAfterMs: 100,
    });
    const text = await scrapeUntil(app, (t) => sampleValue(t, COUNT, { error_type: 'aborted' }) === 1);
    const aborted = findSamples(text, COUNT, { error_type: 'aborted', http_request_method: 'POST' });
    expect(aborted).to.have.length(1);
    // No response head was sent, so there is no status to report.
    expect(aborted[0].labels).not.to.have.property('http_response_status_code');
    expect(activeTotal(text)).to.equal(0);
    await stillServes();
  });

  it('returns the in-flight gauge to 0 after a server timeout destroys the socket', async () => {
    const pending = rawRequest(app.info.port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    const during = await scrapeUntil(app, (t) => activeTotal(t) === 1);
    expect(sampleValue(during, ACTIVE, { http_request_method: 'GET', url_scheme: 'http' })).to.equal(1);
    await pending;
    const after = await scrapeUntil(app, (t) => activeTotal(t) === 0);
    expect(activeTotal(after)).to.equal(0);
  });

  it('lets a handler that throws reach the app unchanged, counts it as aborted, and keeps serving', async () => {
    await rawRequest(app.info.port, 'GET /throw HTTP/1.1\r\nHost: x\r\n\r\n', { closeAfterMs: 200 });
    const text = await scrapeUntil(app, (t) => activeTotal(t) === 0 && app.stderr.includes('app caught'));
    expect(app.stderr).to.include('app caught: handler failure');
    expect(app.stderr).not.to.include('[nodeprom]');
    expect(activeTotal(text)).to.equal(0);
    await stillServes();
  });

  it('counts every request of a keep-alive connection', async () => {
    const before =
      sampleValue(await app.scrape(), COUNT, {
        http_response_status_code: '200',
        error_type: undefined,
        http_request_method: 'GET',
      }) ?? 0;
    const ports = await keepAliveGets(app.info.port, ['/', '/', '/']);
    expect(ports.size).to.equal(1);
    const after = sampleValue(await app.scrape(), COUNT, {
      http_response_status_code: '200',
      error_type: undefined,
      http_request_method: 'GET',
    });
    expect(after - before).to.equal(3);
  });

  it('records body sizes from Content-Length, and leaves chunked responses out of the response size', async () => {
    const sum = (text, name) =>
      findSamples(text, name, { http_request_method: 'POST' }).reduce((s, x) => s + x.value, 0);
    const before = await app.scrape();
    await (await fetch(`${base}/status/200`, { method: 'POST', body: 'x'.repeat(1234) })).text();
    await (await fetch(`${base}/big`)).arrayBuffer();
    const responseCountBefore = findSamples(before, 'http_server_response_body_size_bytes_count').reduce(
      (s, x) => s + x.value,
      0,
    );
    await (await fetch(`${base}/stream`)).text();
    const text = await app.scrape();
    expect(
      sum(text, 'http_server_request_body_size_bytes_sum') - sum(before, 'http_server_request_body_size_bytes_sum'),
    ).to.equal(1234);
    expect(findSamples(text, 'http_server_response_body_size_bytes_bucket', { le: '65536' }).length).to.be.greaterThan(
      0,
    );
    const big =
      findSamples(text, 'http_server_response_body_size_bytes_sum').reduce((s, x) => s + x.value, 0) -
      findSamples(before, 'http_server_response_body_size_bytes_sum').reduce((s, x) => s + x.value, 0);
    expect(big).to.equal(100000 + 6); // /big, plus 'status' from the POST
    const responseCount = findSamples(text, 'http_server_response_body_size_bytes_count').reduce(
      (s, x) => s + x.value,
      0,
    );
    expect(responseCount - responseCountBefore).to.equal(2); // the POST and /big; /stream is chunked
  });

  it('keeps the series count unchanged across 10 000 distinct random paths', async function () {
    this.timeout(60000);
    await (await fetch(`${base}/warm-up`)).text();
    const before = seriesCount(await app.scrape(), 'http_server_');
    const paths = Array.from(
      { length: 10000 },
      () => `/${Math.random().toString(36).slice(2)}/${Math.random().toString(36).slice(2)}`,
    );
    for (let i = 0; i < paths.length; i += 50) {
      await Promise.all(paths.slice(i, i + 50).map(async (p) => (await fetch(base + p)).text()));
    }
    const text = await app.scrape();
    expect(seriesCount(text, 'http_server_')).to.equal(before);
    expect(text).not.to.include(paths[0].slice(1, 8));
  });
});

describe('HTTP server requests on an https server', function () {
  let app;
  let dir;
  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch (error) {
      if (process.env.CI) throw error;
      this.skip();
    }
    app = await startApp('test-fixtures/apps/http-app.js', {
      env: { TLS_KEY: path.join(dir, 'key.pem'), TLS_CERT: path.join(dir, 'cert.pem') },
    });
  });
  after(async () => {
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('labels requests url_scheme="https"', async () => {
    await new Promise((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: app.info.port, path: '/', rejectUnauthorized: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    const text = await scrapeUntil(app, (t) => sampleValue(t, COUNT, { url_scheme: 'https' }) === 1);
    expect(sampleValue(text, COUNT, { url_scheme: 'https', http_response_status_code: '200' })).to.equal(1);
  });
});

describe('a fault inside nodeprom', function () {
  it('never reaches the app: every request is answered and the fault is logged once', async () => {
    const app = await startApp('test-fixtures/apps/fault-app.js');
    try {
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`http://127.0.0.1:${app.info.port}/`);
        expect(await response.text()).to.equal('fine');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(app.stderr.match(/injected recorder fault/g)).to.have.length(1);
      expect(app.stderr).to.include('[nodeprom] error: http: recording a request failed');
    } finally {
      await app.stop();
    }
  });
});
