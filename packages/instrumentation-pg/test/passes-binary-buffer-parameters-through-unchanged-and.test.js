'use strict';
// The pg layer: passes binary (Buffer) parameters through unchanged and records the statements.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('passes binary (Buffer) parameters through unchanged and records the statements', async () => {
    const insert = { ...SERVER, db_operation_name: 'INSERT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(app, () => app.call('binary', 400, [0, 1, 2, 255, 0, 128]));
    expect(value).to.deep.equal({ equal: true });
    expect(count(after, DURATION, insert) - count(before, DURATION, insert)).to.equal(1);
  });
});
