'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { expect } = require('chai');
const { startApp, reachable } = require('@nodeprom/test-utils');

async function eventually(check, what) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('an unusable NODEPROM_WEB_CONFIG_FILE', function () {
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-webcfg-'));
    fs.writeFileSync(path.join(dir, 'bad.yml'), 'basic_auth_users:\n  prom: not-a-hash-Tr0ub4dor\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [name, file, reason] of [
    ['a file that does not exist', 'missing.yml', /cannot read it \(ENOENT\)/],
    ['a file with a plain-text password', 'bad.yml', /"prom" is not a bcrypt hash/],
  ]) {
    it(`gives one warning and no endpoint at all, never an open one, for ${name}; the app keeps serving`, async () => {
      const app = await startApp('test-fixtures/apps/scrape-app.js', {
        env: { NODEPROM_WEB_CONFIG_FILE: path.join(dir, file) },
      });
      try {
        await eventually(() => app.stderr.includes('NODEPROM_WEB_CONFIG_FILE'), 'a warning');
        const lines = app.stderr.split('\n').filter((line) => line.includes('[nodeprom]'));
        expect(lines).to.have.length(1);
        expect(lines[0])
          .to.match(/warn: metrics endpoint not started: NODEPROM_WEB_CONFIG_FILE=/)
          .and.match(reason);
        expect(app.stderr).not.to.include('Tr0ub4dor');
        expect(await reachable(app.metricsPort)).to.equal(false);
        expect(await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text()).to.equal('app');
      } finally {
        await app.stop();
      }
    });
  }
});
