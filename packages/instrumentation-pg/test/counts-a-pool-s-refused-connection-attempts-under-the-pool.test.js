'use strict';
// The pg layer: counts a pool's refused connection attempts under the pool with error_type ECONNREFUSED.
const { expect } = require('chai');
const { freePort } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, CREATE, WAIT, count } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it("counts a pool's refused connection attempts under the pool with error_type ECONNREFUSED", async () => {
    const port = await freePort();
    const error = await app.call('poolQuery', 'refused', { port, nodepromPoolName: 'pgl_refused' }, 'SELECT 1').then(
      () => undefined,
      (e) => e,
    );
    expect(error).to.include({ code: 'ECONNREFUSED' });
    const text = await app.scrape();
    expect(
      count(text, CREATE, {
        db_client_connection_pool_name: 'pgl_refused',
        server_address: '127.0.0.1',
        error_type: 'ECONNREFUSED',
      }),
    ).to.equal(1);
    expect(count(text, WAIT, { db_client_connection_pool_name: 'pgl_refused' })).to.equal(0);
  });
});
