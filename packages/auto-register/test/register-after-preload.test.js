'use strict';
// registerInstrumentations({ ... }) in an app already started with the preload: its options cannot
// apply (nodeprom already runs), and the app is told so with a warning naming them.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { expect } = require('chai');
const { ROOT } = require('@nodeprom/test-utils');

describe('registerInstrumentations called after the preload', function () {
  it('warns once, naming the options it ignores, and the app keeps running', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-rap-'));
    const app = path.join(dir, 'app.js');
    fs.writeFileSync(
      app,
      "const { registerInstrumentations } = require('@nodeprom/core');\nregisterInstrumentations({ port: 9999, prefix: 'shop' });\nconsole.log('app ran');\nprocess.exit(0);\n",
    );
    const run = spawnSync(process.execPath, ['--require', '@nodeprom/auto-register', app], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        NODEPROM_PORT: '0',
        NODEPROM_HOST: '127.0.0.1',
      },
    });
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('app ran');
    const warnings = run.stderr.split('\n').filter((line) => line.includes('registerInstrumentations'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('port, prefix').and.include('ignored');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
