'use strict';
// The pg layer: stops reporting a pool's gauges once the pool ends.
const { expect } = require('chai');
const { findSamples, sampleValue } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it("stops reporting a pool's gauges once the pool ends", async () => {
    await app.call('poolQuery', 'ending', { nodepromPoolName: 'pgl_ending' }, 'SELECT 1');
    expect(
      sampleValue(await app.scrape(), 'db_client_connection_max', { db_client_connection_pool_name: 'pgl_ending' }),
    ).to.equal(10);
    await app.call('endPool', 'ending');
    const text = await app.scrape();
    expect(findSamples(text, 'db_client_connections', { db_client_connection_pool_name: 'pgl_ending' })).to.have.length(
      0,
    );
    expect(
      findSamples(text, 'db_client_connection_max', { db_client_connection_pool_name: 'pgl_ending' }),
    ).to.have.length(0);
  });
});
