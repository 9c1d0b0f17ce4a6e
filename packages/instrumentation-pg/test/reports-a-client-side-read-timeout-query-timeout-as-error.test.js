'use strict';
// The pg layer: reports a client-side read timeout (query_timeout) as error_type timeout.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('reports a client-side read timeout (query_timeout) as error_type timeout', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: 'timeout' };
    const { before, after, value } = await around(app, () => app.call('readTimeout'));
    expect(value).to.deep.equal({ message: 'Query read timeout' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
