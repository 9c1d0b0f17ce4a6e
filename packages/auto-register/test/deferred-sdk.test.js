'use strict';
// Start-up loads no OpenTelemetry SDK (issue 11 §7): the global MeterProvider builds it on the first
// getMeter (or the first scrape builds it), and a meter taken at module load still reaches the scrape.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');

const ROOT = path.resolve(__dirname, '..', '..', '..');

// What the app checks, in the order a user's module would do it.
const APP = `
const sdkLoaded = () => Object.keys(require.cache).some((file) => file.includes('@opentelemetry/sdk-metrics'));
const atStart = sdkLoaded();
const { metrics } = require('@opentelemetry/api');
const orders = metrics.getMeter('shop').createCounter('shop.orders');
const afterGetMeter = sdkLoaded();
orders.add(2, { channel: 'web' });
globalThis[Symbol.for('nodeprom.handle')].scrape().then((text) => {
  process.stdout.write(JSON.stringify({ atStart, afterGetMeter, text }));
  process.exit(0);
});
`;

// The same in an ESM app: its import of @opentelemetry/api (a CommonJS package) is what sets the
// global MeterProvider, before the app's code runs; the preload itself loads no part of OpenTelemetry.
const ESM_APP = `
import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
const require = createRequire(import.meta.url);
const orders = metrics.getMeter('shop').createCounter('shop.orders');
orders.add(3, { channel: 'esm' });
const text = await globalThis[Symbol.for('nodeprom.handle')].scrape();
process.stdout.write(JSON.stringify({ text, layers: Object.keys(require.cache).filter((file) => file.includes('@opentelemetry/instrumentation')) }));
process.exit(0);
`;

describe('the OpenTelemetry SDK is built when first needed, not at start-up', () => {
  it('is not loaded by the preload, and a meter taken at module load reaches the scrape', () => {
    const result = spawnSync(process.execPath, ['--require', '@nodeprom/auto-register', '-e', APP], {
      cwd: ROOT,
      env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' },
      encoding: 'utf8',
    });
    expect(result.stderr).to.equal('');
    const { atStart, afterGetMeter, text } = JSON.parse(result.stdout);
    expect(atStart).to.equal(false);
    expect(afterGetMeter).to.equal(true);
    expect(sampleValue(text, 'shop_orders_total', { channel: 'web' })).to.equal(2);
  });

  it("in an ESM app, the app's import of @opentelemetry/api sets the global MeterProvider: its meter reaches the scrape", () => {
    const result = spawnSync(
      process.execPath,
      ['--import', '@nodeprom/auto-register', '--input-type=module', '-e', ESM_APP],
      { cwd: ROOT, env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' }, encoding: 'utf8' },
    );
    expect(result.stderr).to.equal('');
    const { text, layers } = JSON.parse(result.stdout);
    expect(sampleValue(text, 'shop_orders_total', { channel: 'esm' })).to.equal(3);
    expect(layers).to.deep.equal([]);
  });
});
