'use strict';
// The pg layer: records a failing pg-query-stream with the SQLSTATE, and the stream still errors for the app.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records a failing pg-query-stream with the SQLSTATE, and the stream still errors for the app', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_missing', error_type: '42P01' };
    const { before, after, value } = await around(app, () => app.call('streamError', 'SELECT * FROM pgl_missing'));
    expect(value).to.deep.equal({ code: '42P01' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
