'use strict';
const http = require('node:http');
const net = require('node:net');

/** Sends raw bytes on a new connection; resolves with what the server answered before closing. */
function rawRequest(port, payload, { closeAfterMs } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(payload);
    if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
  });
}

/** GETs several paths over one keep-alive connection; resolves with the local ports used. */
async function keepAliveGets(port, paths) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const localPorts = new Set();
  for (const path of paths) {
    await new Promise((resolve, reject) => {
      http
        .get({ port, host: '127.0.0.1', path, agent }, (res) => {
          localPorts.add(res.socket.localPort);
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  }
  agent.destroy();
  return localPorts;
}

/** Polls the scrape until `predicate(text)` holds (responses close asynchronously). */
async function scrapeUntil(app, predicate, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let text = await app.scrape();
  while (!predicate(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    text = await app.scrape();
  }
  return text;
}

module.exports = { rawRequest, keepAliveGets, scrapeUntil };
