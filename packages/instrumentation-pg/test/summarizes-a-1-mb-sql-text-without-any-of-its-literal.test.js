'use strict';
// The pg layer: summarizes a 1 MB SQL text without any of its literal reaching the exposition.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('summarizes a 1 MB SQL text without any of its literal reaching the exposition', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(app, () => app.call('big', 1024 * 1024));
    expect(value[0].rows).to.equal(1);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(after).to.not.include('xxxxxxxx');
  });
});
