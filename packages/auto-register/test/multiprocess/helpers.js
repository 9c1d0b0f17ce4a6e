'use strict';
// Shared by the multi-process scenarios: requests on fresh connections (so that node:cluster spreads
// them over its workers) and the request total as a scrape reports it.
const http = require('node:http');
const { findSamples } = require('@nodeprom/test-utils');

const COUNT = 'http_server_request_duration_seconds_count';

/** One GET on a new connection; resolves with the body (the worker's pid in the cluster fixtures). */
function get(port, path = '/') {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

/** Sends `count` requests, `parallel` at a time; resolves with how many each responder answered. */
async function sendRequests(port, count, parallel = 4) {
  const byResponder = new Map();
  let sent = 0;
  async function lane() {
    while (sent < count) {
      sent++;
      const body = await get(port);
      byResponder.set(body, (byResponder.get(body) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return byResponder;
}

/** Requests counted by the HTTP layer in a scrape, over every series. */
function requestTotal(text) {
  return findSamples(text, COUNT).reduce((total, sample) => total + sample.value, 0);
}

async function scrapeText(url) {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`scrape ${url}: HTTP ${response.status}`);
  return response.text();
}

/** Retries `check` until it stops throwing (a process that starts, a leader that takes over), up to `ms`. */
async function eventually(check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

module.exports = { COUNT, get, sendRequests, requestTotal, scrapeText, eventually };
