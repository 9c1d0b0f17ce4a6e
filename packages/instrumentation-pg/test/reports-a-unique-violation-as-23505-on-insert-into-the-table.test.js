'use strict';
// The pg layer: reports a unique violation as 23505 on INSERT into the table.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER, count } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('reports a unique violation as 23505 on INSERT into the table', async () => {
    const labels = { ...SERVER, db_operation_name: 'INSERT', db_collection_name: 'pgl_items', error_type: '23505' };
    await app.call('text', "INSERT INTO pgl_items (id, name) VALUES (200, 'first')");
    const before = await app.scrape();
    const error = await app.call('config', 'INSERT INTO pgl_items (id, name) VALUES ($1, $2)', [200, 'again']).then(
      () => undefined,
      (e) => e,
    );
    const after = await app.scrape();
    expect(error).to.include({ code: '23505', constructorName: 'DatabaseError' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });
});
