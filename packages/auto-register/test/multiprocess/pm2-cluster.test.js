'use strict';
const { expect } = require('chai');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile, execFileSync } = require('node:child_process');
const { promisify } = require('node:util');
const { ROOT, freePort } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal, scrapeText, eventually, get } = require('./helpers');

const PM2 = path.join(ROOT, 'node_modules', '.bin', 'pm2');

// PM2 cluster mode, started the way its users do, with a private daemon (PM2_HOME in a temp dir).
// PM2's daemon is the cluster primary and has no preload: its workers elect the one that serves.
describe('PM2 cluster mode (pm2 start -i 2, pm2 reload)', function () {
  let home;
  let env;
  let metricsUrl;
  let appPort;
  const pm2 = (...args) =>
    execFileSync(PM2, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-pm2-'));
    appPort = await freePort();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    env = {
      ...process.env,
      PM2_HOME: home,
      APP_PORT: String(appPort),
      NODEPROM_PORT: String(metricsPort),
      NODEPROM_HOST: '127.0.0.1',
    };
    pm2(
      'start',
      'test-fixtures/apps/pm2-app.js',
      '--name',
      'mp-app',
      '-i',
      '2',
      '--node-args=--require @nodeprom/auto-register',
    );
    await eventually(async () => {
      await get(appPort);
      await scrapeText(metricsUrl);
    });
  });

  after(() => {
    if (!home) return;
    try {
      pm2('kill');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('serves both instances on one port with exact totals, which never decrease across a reload', async () => {
    const before = requestTotal(await scrapeText(metricsUrl)); // the readiness probe's request
    const N = 100;
    const byInstance = await sendRequests(appPort, N);
    expect(byInstance.size, 'requests reached both instances').to.equal(2);
    expect(requestTotal(await scrapeText(metricsUrl))).to.equal(before + N);

    // Scrape continually, as Prometheus does, while PM2 replaces both instances.
    const totals = [];
    let reloading = true;
    const scraping = (async () => {
      while (reloading) {
        // A scrape may fail while the serving instance is replaced (Prometheus records a failed scrape).
        const text = await scrapeText(metricsUrl).catch(() => undefined);
        if (text !== undefined) totals.push(requestTotal(text));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await promisify(execFile)(PM2, ['reload', 'mp-app'], { cwd: ROOT, env });
    let answered = 0;
    await eventually(async () => {
      const pids = new Set();
      for (let i = 0; i < 20; i++) {
        pids.add(await get(appPort));
        answered++;
      }
      for (const pid of byInstance.keys()) expect(pids.has(pid), 'old instances are gone').to.equal(false);
    });
    reloading = false;
    await scraping;
    const final = await eventually(async () => requestTotal(await scrapeText(metricsUrl)));
    totals.push(final);
    for (let i = 1; i < totals.length; i++)
      expect(totals[i], `scrapes ${totals.join(', ')}`).to.be.at.least(totals[i - 1]);
    expect(totals.length).to.be.greaterThan(2);
    expect(final).to.equal(before + N + answered);
  });
});
