'use strict';
// The pg layer: records callback queries and keeps pg's callback contract: no promise returned, (null, result) passed.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it("records callback queries and keeps pg's callback contract: no promise returned, (null, result) passed", async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(app, () => app.call('callback', 'SELECT $1::int AS n', [3]));
    expect(value).to.deep.equal({
      returned: true,
      result: [{ command: 'SELECT', rowCount: 1, rows: 1, isResult: true }],
      args: 2,
    });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
