'use strict';
// The pg layer: makes a request wait on a pool at its max: pending gauge while it waits, wait_time once it is served.
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, WAIT, count } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('makes a request wait on a pool at its max: pending gauge while it waits, wait_time once it is served', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: 'pgl_exhausted' };
    const before = await app.scrape();
    const held = await app.call('holdAndQueue', 'exhausted', { nodepromPoolName: 'pgl_exhausted' }, 'SELECT 1 AS one');
    expect(held).to.deep.equal({ waiting: 1 });
    const waiting = await app.scrape();
    expect(sampleValue(waiting, 'db_client_connection_pending_requests', pool)).to.be.at.least(1);
    expect(sampleValue(waiting, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(1);
    expect(sampleValue(waiting, 'db_client_connection_max', pool)).to.equal(1);
    await app.call('releaseHeld', 150);
    const after = await app.scrape();
    expect(count(after, WAIT, pool) - count(before, WAIT, pool)).to.be.at.least(2);
    // The queued request waited for the release, at least 150 ms.
    expect(sampleValue(after, `${WAIT}_bucket`, { ...pool, le: '0.1' })).to.be.below(count(after, WAIT, pool));
    expect(sampleValue(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
  });
});
