'use strict';
// The pg layer: counts several pools apart, a pool named with nodepromPoolName under that name.
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, CREATE, WAIT, DEFAULT_POOL, count } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('counts several pools apart, a pool named with nodepromPoolName under that name', async () => {
    await app.call('poolQuery', 'default', {}, 'SELECT 1');
    await app.call('poolQuery', 'orders', { nodepromPoolName: 'orders', max: 3 }, 'SELECT 1');
    await app.call('poolQuery', 'reports', { nodepromPoolName: 'reports', max: 5 }, 'SELECT 1');
    const text = await app.scrape();
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: 'orders' })).to.equal(3);
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: 'reports' })).to.equal(5);
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: DEFAULT_POOL })).to.equal(
      10,
    );
    expect(count(text, WAIT, { db_system_name: 'postgresql', db_client_connection_pool_name: 'orders' })).to.equal(1);
    expect(
      count(text, CREATE, {
        db_system_name: 'postgresql',
        db_client_connection_pool_name: 'reports',
        server_address: '127.0.0.1',
        error_type: undefined,
      }),
    ).to.equal(1);
  });
});
