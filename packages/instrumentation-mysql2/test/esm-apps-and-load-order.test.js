'use strict';
// The mysql2 layer: mysql2 layer: ESM apps and load order.
const { expect } = require('chai');
const { requireService, startApp } = require('@nodeprom/test-utils');
const { OLD, PATHS, total, count, ok } = require('./helpers');

describe('mysql2 layer: ESM apps and load order', function () {
  this.timeout(60000);
  before(async function () {
    await requireService(this, 'mariadb');
  });

  for (const path of PATHS.filter((p) => p.options === undefined)) {
    it(`measures an ESM app (import mysql from 'mysql2/promise', --import, no loader hook) on the ${path.title}`, async () => {
      const app = await startApp('packages/instrumentation-mysql2/test/fixtures/mysql2-esm.mjs', {
        preload: 'import',
        env: path.env,
      });
      try {
        await app.call('query', 'SELECT 1');
        await app.call('execute', 'SELECT ? AS v', [1]);
        await app.call('poolQuery', 'SELECT 1');
        const text = await app.scrape();
        expect(count(text, ok())).to.equal(3);
        expect(
          total(text, 'db_client_connection_wait_time_seconds_count', {
            db_client_connection_pool_name: '127.0.0.1:3306/test',
          }),
        ).to.equal(1);
        expect(app.stderr).to.not.include('mysql2');
      } finally {
        await app.stop();
      }
    });
  }

  for (const [release, env] of [
    ['3.11', { MYSQL2_DIR: OLD }],
    ['3.24', {}],
  ]) {
    it(`warns once, naming mysql2, when mysql2 ${release} (patched) was loaded before nodeprom`, async () => {
      const app = await startApp('packages/instrumentation-mysql2/test/fixtures/mysql2-early.js', {
        preload: 'none',
        env,
      });
      try {
        await app.call('query', 'SELECT 1');
        const warnings = app.stderr.split('\n').filter((line) => line.includes('mysql2'));
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.include('mysql2 was loaded before nodeprom');
      } finally {
        await app.stop();
      }
    });
  }
});
