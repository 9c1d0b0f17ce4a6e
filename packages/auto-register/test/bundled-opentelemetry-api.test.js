'use strict';
// A bundled app (esbuild, webpack, Next.js's `next/dist/compiled/@opentelemetry/api`) carries its
// own copy of @opentelemetry/api that is never loaded as `@opentelemetry/api` from node_modules.
// nodeprom sets the global MeterProvider when the API is first used rather than at start-up
// (issue 11 §7), so it must see that copy's first use too: otherwise the app's metrics go to the
// API's no-op provider and never reach the scrape.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe("a bundled app's own copy of @opentelemetry/api", () => {
  let bundleDir;
  before(() => {
    // What a bundler does: the API's code, in the app's own files, outside any node_modules.
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-bundle-'));
    const apiBuild = path.join(path.dirname(require.resolve('@opentelemetry/api')));
    fs.cpSync(apiBuild, path.join(bundleDir, 'vendor', 'otel-api'), { recursive: true });
    fs.writeFileSync(
      path.join(bundleDir, 'bundle.js'),
      `
const { metrics } = require('./vendor/otel-api');
const orders = metrics.getMeter('shop').createCounter('shop.orders');
orders.add(2, { channel: 'bundle' });
globalThis[Symbol.for('nodeprom.handle')].scrape().then((text) => {
  process.stdout.write(text);
  process.exit(0);
});
`,
    );
  });
  after(() => fs.rmSync(bundleDir, { recursive: true, force: true }));

  it("reaches the scrape: a meter it takes at module load gets nodeprom's global MeterProvider", () => {
    const result = spawnSync(
      process.execPath,
      ['--require', '@nodeprom/auto-register', path.join(bundleDir, 'bundle.js')],
      {
        cwd: ROOT,
        env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).to.equal('');
    expect(sampleValue(result.stdout, 'shop_orders_total', { channel: 'bundle' })).to.equal(2);
  });
});
