'use strict';
// The mysql2 layer, on every release and mechanism: records returned rows for a SELECT and none for an INSERT (OkPacket).
const { expect } = require('chai');
const { PATHS, total, count, ok, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('records returned rows for a SELECT and none for an INSERT (OkPacket)', async () => {
      const rowsCount = (t) => total(t, 'db_client_response_returned_rows_count', { db_namespace: 'test' });
      const rowsSum = (t) => total(t, 'db_client_response_returned_rows_sum', { db_namespace: 'test' });
      const before = await app.scrape();
      for (const id of [101, 102, 103])
        await app.call('run', 'callback', 'query', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [id, 'row']);
      const afterInserts = await app.scrape();
      expect(count(afterInserts, ok()) - count(before, ok())).to.equal(3);
      expect(rowsCount(afterInserts)).to.equal(rowsCount(before));
      const result = await app.call(
        'run',
        'promise',
        'execute',
        'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103',
      );
      expect(result).to.deep.equal({ rows: 3 });
      const afterSelect = await app.scrape();
      expect(rowsCount(afterSelect) - rowsCount(afterInserts)).to.equal(1);
      expect(rowsSum(afterSelect) - rowsSum(afterInserts)).to.equal(3);
    });
  });
}
