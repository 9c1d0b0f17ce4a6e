'use strict';
// The mysql2 layer: mysql2 layer: bounded and secret-free exposition.
const { expect } = require('chai');
const { requireService, startApp, promtoolCheck, seriesCount } = require('@nodeprom/test-utils');
const { APP, count, ok } = require('./helpers');

describe('mysql2 layer: bounded and secret-free exposition', function () {
  this.timeout(120000);
  let app;

  before(async function () {
    await requireService(this, 'mariadb');
    app = await startApp(APP);
    await app.call('setup');
    await app.call('connect');
  });
  after(async () => {
    await app?.stop();
  });

  it('keeps the series count bounded over 10 000 distinct SQL texts', async () => {
    await app.call('distinct', 20);
    const before = seriesCount(await app.scrape(), 'db_client_');
    expect(await app.call('distinct', 10000)).to.equal(10000);
    const text = await app.scrape();
    expect(seriesCount(text, 'db_client_')).to.equal(before);
    expect(count(text, ok())).to.be.at.least(10020);
  });

  it('never exposes a secret sent as a SQL literal or as a parameter, even in a failing statement', async () => {
    await app.call('run', 'callback', 'query', "SELECT * FROM myl_items WHERE name = 'myl-secret-literal-7f3a'");
    await app.call('run', 'callback', 'query', 'SELECT * FROM myl_items WHERE name = ?', [
      'myl-secret-query-param-4d1e',
    ]);
    await app.call('run', 'promise', 'execute', 'SELECT * FROM myl_items WHERE name = ?', ['myl-secret-param-9b2c']);
    await app.call('run', 'callback', 'query', "SELEC 'myl-secret-in-error-2a9c'").catch(() => {});
    const text = await app.scrape();
    expect(count(text, ok())).to.be.at.least(3);
    expect(text).to.not.include('myl-secret');
  });

  it('passes promtool check metrics', async function () {
    await app.call('createPool', 'p', { connectionLimit: 2 });
    await app.call('poolQuery', 'p', 'SELECT 1');
    expect(promtoolCheck(this, await app.scrape())).to.equal('');
  });
});
