'use strict';
const { expect } = require('chai');
const net = require('node:net');
const { startApp } = require('@nodeprom/test-utils');
const { get, requestTotal, scrapeText } = require('./helpers');

function canBind(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first port of `count` consecutive free ports. */
async function freeRange(count) {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    let free = true;
    for (let port = base; port < base + count && free; port++) free = await canBind(port);
    if (free) return base;
  }
}

// NODEPROM_PORT_RANGE: for a Prometheus that scrapes each process and labels it, every process serves
// only itself on the first free port of the range.
describe('NODEPROM_PORT_RANGE with 3 processes', function () {
  const apps = [];
  let base;
  before(async () => {
    base = await freeRange(3);
    // Started one after the other: each takes the first port the previous ones left free.
    for (let i = 0; i < 3; i++) {
      apps.push(
        await startApp('test-fixtures/apps/http-app.js', {
          env: { NODEPROM_PORT_RANGE: `${base}-${base + 2}`, NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
        }),
      );
    }
  });
  after(async () => Promise.all(apps.map((app) => app.stop())));

  it('serves each process on its own port with its own series', async () => {
    for (let i = 0; i < 3; i++) {
      for (let n = 0; n <= i; n++) await get(apps[i].info.port);
    }
    for (let i = 0; i < 3; i++) {
      expect(requestTotal(await scrapeText(`http://127.0.0.1:${base + i}/metrics`)), `port ${base + i}`).to.equal(
        i + 1,
      );
    }
    for (const app of apps) expect(app.stderr).to.equal('');
  });
});
