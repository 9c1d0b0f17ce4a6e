'use strict';
const { expect } = require('chai');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, freePort } = require('@nodeprom/test-utils');
const { sendRequests, requestTotal, scrapeText, eventually, get } = require('./helpers');

// NODE_OPTIONS reaches npm's own process before the app's: npm must neither take the port nor load
// layers, and the app it starts serves its own metrics as usual.
describe('NODE_OPTIONS=--require @nodeprom/auto-register npm start', function () {
  let npm;
  let stderr = '';
  let appPort;
  let metricsUrl;
  let dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-npm-'));
    appPort = await freePort();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    npm = spawn('npm', ['start'], {
      cwd: path.join(ROOT, 'test-fixtures', 'npm-start'),
      env: {
        ...process.env,
        NODE_OPTIONS: '--require @nodeprom/auto-register',
        NODEPROM_MULTIPROCESS_DIR: dir,
        APP_PORT: String(appPort),
        NODEPROM_PORT: String(metricsPort),
        NODEPROM_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: npm, its shell and the app stop together
    });
    npm.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await eventually(() => get(appPort));
  });
  after(async () => {
    if (npm && npm.exitCode === null) {
      const exited = new Promise((resolve) => npm.once('exit', resolve));
      process.kill(-npm.pid, 'SIGTERM');
      await exited;
    }
    // The app writes its last state as it exits: give it the moment it needs before removing the directory.
    if (dir) await eventually(() => fs.rmSync(dir, { recursive: true, force: true }), 5000);
  });

  it("serves the app's metrics on the port, not npm's", async () => {
    const before = requestTotal(await eventually(() => scrapeText(metricsUrl))); // the readiness probe
    expect(before).to.equal(1);
    await sendRequests(appPort, 30);
    expect(requestTotal(await scrapeText(metricsUrl))).to.equal(31);
    expect(stderr).not.to.include('[nodeprom]');
    // Only the app joined: npm's process loaded nothing and registered nothing.
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.sock'))).to.have.length(1);
  });
});
