'use strict';
// The pg layer: records a transaction on pool.connect() + release(): BEGIN, INSERT and COMMIT, one wait.
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, WAIT, SERVER, DEFAULT_POOL, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records a transaction on pool.connect() + release(): BEGIN, INSERT and COMMIT, one wait', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: DEFAULT_POOL };
    const op = (name, collection) => ({
      ...SERVER,
      db_operation_name: name,
      db_collection_name: collection,
      error_type: undefined,
    });
    const { before, after } = await around(app, () => app.call('transaction', 'default', 300));
    for (const [name, collection] of [
      ['BEGIN', undefined],
      ['INSERT', 'pgl_items'],
      ['COMMIT', undefined],
    ]) {
      expect(
        count(after, DURATION, op(name, collection)) - count(before, DURATION, op(name, collection)),
        name,
      ).to.equal(1);
    }
    expect(count(after, WAIT, pool) - count(before, WAIT, pool)).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(0);
  });
});
