'use strict';
// The pg layer: records each query of a pipelined client (several in flight at once) with its own outcome.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records each query of a pipelined client (several in flight at once) with its own outcome', async () => {
    const select = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const before = await app.scrape();
    const value = await app.call('pipelined', ['SELECT 1', 'SELECT generate_series(1, 3)', 'SELEC', 'SELECT 2']);
    const after = await app.scrape();
    expect(value).to.deep.equal([1, 3, '42601', 1]);
    expect(count(after, DURATION, select) - count(before, DURATION, select)).to.equal(3);
    const failed = (text) =>
      findSamples(text, `${DURATION}_count`, { ...SERVER, error_type: '42601' }).reduce((n, s) => n + s.value, 0);
    expect(failed(after) - failed(before)).to.equal(1);
  });
});
