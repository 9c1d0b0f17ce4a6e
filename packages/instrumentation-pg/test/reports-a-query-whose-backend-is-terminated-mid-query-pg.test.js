'use strict';
// The pg layer: reports a query whose backend is terminated mid-query (pg_terminate_backend) with SQLSTATE 57P01.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, sum, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('reports a query whose backend is terminated mid-query (pg_terminate_backend) with SQLSTATE 57P01', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: '57P01' };
    const { before, after, value } = await around(app, () => app.call('terminated'));
    expect(value.code).to.equal('57P01');
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(sum(after, DURATION, labels) - sum(before, DURATION, labels)).to.be.above(0.1);
  });
});
