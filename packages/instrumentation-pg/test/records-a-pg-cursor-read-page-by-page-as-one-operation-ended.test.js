'use strict';
// The pg layer: records a pg-cursor read page by page as one operation, ended when the cursor closes.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, ROWS, SERVER, count, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('records a pg-cursor read page by page as one operation, ended when the cursor closes', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(app, () =>
      app.call('cursor', 'SELECT generate_series(1, 25) AS n', 10),
    );
    expect(value).to.deep.equal({ same: true, rows: 25 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    // Cursors fetch at the app's pace and may close early: their rows are not recorded.
    expect(count(after, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined })).to.equal(
      count(before, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined }),
    );
  });
});
