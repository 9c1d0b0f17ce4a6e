'use strict';
// The pg layer: records a pg.Query Submittable once and returns the same object, with its row events intact.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records a pg.Query Submittable once and returns the same object, with its row events intact', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(app, () =>
      app.call('submittableQuery', 'SELECT generate_series(1, 4) AS n'),
    );
    expect(value).to.deep.equal({ same: true, rows: 4 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
