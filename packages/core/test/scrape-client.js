'use strict';
// A scrape client that shows what fetch hides: the raw headers and the body as sent (fetch would
// decompress gzip and add its own Accept-Encoding).
const http = require('node:http');
const https = require('node:https');
const zlib = require('node:zlib');

/** Prometheus 2.42's Accept header. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/**
 * GETs `url` (or `options.method`) with exactly `headers`; resolves with status, headers, the raw
 * body Buffer and `text` (gunzipped when the response says gzip). `onFirstChunk(request)` runs
 * when the first body bytes arrive.
 */
function scrape(url, headers = {}, { method = 'GET', onFirstChunk, agentOptions } = {}) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method, headers, ...agentOptions }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => {
        if (chunks.length === 0 && onFirstChunk) onFirstChunk(request);
        chunks.push(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        const gzip = response.headers['content-encoding'] === 'gzip' && body.length > 0;
        resolve({
          status: response.statusCode,
          headers: response.headers,
          body,
          text: (gzip ? zlib.gunzipSync(body) : body).toString('utf8'),
        });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

module.exports = { scrape, PROMETHEUS_ACCEPT };
