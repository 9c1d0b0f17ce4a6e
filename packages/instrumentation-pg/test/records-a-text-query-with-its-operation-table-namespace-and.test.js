'use strict';
// The pg layer: records a text query with its operation, table, namespace and server, and the app gets pg's Result.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, sum, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it("records a text query with its operation, table, namespace and server, and the app gets pg's Result", async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(app, () => app.call('text', 'SELECT id, name FROM pgl_items'));
    expect(value).to.deep.equal([{ command: 'SELECT', rowCount: 0, rows: 0, isResult: true }]);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(sum(after, DURATION, labels)).to.be.above(sum(before, DURATION, labels));
  });
});
