'use strict';
// The pg layer: records named prepared statements each time they run, also when run again by name alone.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records named prepared statements each time they run, also when run again by name alone', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(app, () =>
      app.call('prepared', 'pgl_by_id', 'SELECT * FROM pgl_items WHERE id = $1', [7], 2),
    );
    expect(value).to.have.length(3);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(3);
  });
});
