'use strict';
// The pg layer: counts a refused connection on create_time with error_type ECONNREFUSED, and the app gets the socket error.
const { expect } = require('chai');
const { freePort } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, CREATE, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('counts a refused connection on create_time with error_type ECONNREFUSED, and the app gets the socket error', async () => {
    const port = await freePort();
    const labels = {
      db_system_name: 'postgresql',
      server_address: '127.0.0.1',
      db_client_connection_pool_name: undefined,
      error_type: 'ECONNREFUSED',
    };
    const { before, after, value } = await around(app, () => app.call('unreachable', port));
    expect(value).to.deep.equal({ code: 'ECONNREFUSED', constructorName: 'Error' });
    expect(count(after, CREATE, labels) - count(before, CREATE, labels)).to.equal(1);
  });
});
