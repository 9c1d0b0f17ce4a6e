'use strict';
// The pg layer: sums the rows of a multi-statement text and records it once, as a batch.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, ROWS, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('sums the rows of a multi-statement text and records it once, as a batch', async () => {
    const { before, after, value } = await around(app, () =>
      app.call('text', 'SELECT 1 AS a; SELECT generate_series(1, 4) AS b'),
    );
    expect(value.map((r) => r.rows)).to.deep.equal([1, 4]);
    const grown = (text, name, stat) =>
      findSamples(text, `${name}_${stat}`, { db_namespace: 'test' })
        .filter((s) => s.labels.db_operation_name.startsWith('BATCH'))
        .reduce((n, s) => n + s.value, 0);
    expect(grown(after, DURATION, 'count') - grown(before, DURATION, 'count')).to.equal(1);
    expect(grown(after, ROWS, 'sum') - grown(before, ROWS, 'sum')).to.equal(5);
  });
});
