'use strict';
// The pg layer: records a config-object query with values.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records a config-object query with values', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(app, () =>
      app.call('config', 'SELECT name FROM pgl_items WHERE id = $1', [1]),
    );
    expect(value[0].command).to.equal('SELECT');
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
