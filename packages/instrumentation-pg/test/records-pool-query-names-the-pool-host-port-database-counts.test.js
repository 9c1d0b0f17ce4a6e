'use strict';
// The pg layer: records pool.query, names the pool host:port/database, counts its new connection and reads its gauges at scrape time.
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, CREATE, WAIT, DEFAULT_POOL, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records pool.query, names the pool host:port/database, counts its new connection and reads its gauges at scrape time', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: DEFAULT_POOL };
    const { after, value } = await around(app, () =>
      app.call('poolQuery', 'default', {}, 'SELECT $1::text AS v', ['x']),
    );
    expect(value[0].rows).to.equal(1);
    expect(count(after, CREATE, { ...pool, server_address: '127.0.0.1', error_type: undefined })).to.equal(1);
    expect(count(after, WAIT, pool)).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'idle' })).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(0);
    expect(sampleValue(after, 'db_client_connection_max', pool)).to.equal(10);
    expect(sampleValue(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
  });
});
