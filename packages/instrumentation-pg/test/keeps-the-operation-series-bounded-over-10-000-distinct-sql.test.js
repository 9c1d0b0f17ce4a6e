'use strict';
// The pg layer: keeps the operation series bounded over 10 000 distinct SQL texts.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('keeps the operation series bounded over 10 000 distinct SQL texts', async function () {
    this.timeout(120000);
    const labelSets = (text) => findSamples(text, `${DURATION}_count`).length;
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after } = await around(app, () => app.call('distinct', 10000));
    expect(labelSets(after)).to.be.at.most(labelSets(before) + 1);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(10000);
  });
});
