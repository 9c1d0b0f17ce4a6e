'use strict';
// The pg layer: counts returned rows for SELECT and INSERT ... RETURNING, not for INSERT without RETURNING.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, ROWS, count, sum, around } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('counts returned rows for SELECT and INSERT ... RETURNING, not for INSERT without RETURNING', async () => {
    const select = {
      db_system_name: 'postgresql',
      db_namespace: 'test',
      db_operation_name: 'SELECT',
      db_collection_name: undefined,
    };
    const insert = {
      db_system_name: 'postgresql',
      db_namespace: 'test',
      db_operation_name: 'INSERT',
      db_collection_name: 'pgl_items',
    };
    let { before, after } = await around(app, () => app.call('text', 'SELECT generate_series(1, 7) AS n'));
    expect(count(after, ROWS, select) - count(before, ROWS, select)).to.equal(1);
    expect(sum(after, ROWS, select) - sum(before, ROWS, select)).to.equal(7);

    ({ before, after } = await around(app, () =>
      app.call('text', "INSERT INTO pgl_items (id, name) VALUES (101, 'a'), (102, 'b')"),
    ));
    expect(
      count(after, DURATION, { ...insert, error_type: undefined }) -
        count(before, DURATION, { ...insert, error_type: undefined }),
    ).to.equal(1);
    expect(count(after, ROWS, insert)).to.equal(count(before, ROWS, insert));

    ({ before, after } = await around(app, () =>
      app.call('text', "INSERT INTO pgl_items (id, name) VALUES (103, 'c'), (104, 'd') RETURNING id"),
    ));
    expect(count(after, ROWS, insert) - count(before, ROWS, insert)).to.equal(1);
    expect(sum(after, ROWS, insert) - sum(before, ROWS, insert)).to.equal(2);
  });
});
