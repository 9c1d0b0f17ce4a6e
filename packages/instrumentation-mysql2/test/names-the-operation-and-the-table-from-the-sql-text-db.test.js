'use strict';
// The mysql2 layer, on every release and mechanism: names the operation and the table from the SQL text (db_operation_name, db_collection_name).
const { expect } = require('chai');
const { PATHS, total, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('names the operation and the table from the SQL text (db_operation_name, db_collection_name)', async () => {
      const labels = ok({ db_operation_name: 'SELECT', db_collection_name: 'myl_items' });
      const grew = await growth(
        app,
        (t) => count(t, labels),
        () => app.call('run', 'promise', 'execute', 'SELECT name FROM myl_items WHERE id = ?', [1]),
      );
      expect(grew).to.equal(1);
      const rows = await growth(
        app,
        (t) =>
          total(t, 'db_client_response_returned_rows_count', {
            db_operation_name: 'SELECT',
            db_collection_name: 'myl_items',
          }),
        () => app.call('run', 'callback', 'query', 'SELECT name FROM myl_items WHERE id = ?', [1]),
      );
      expect(rows).to.equal(1);
      const insert = ok({ db_operation_name: 'INSERT', db_collection_name: 'myl_items' });
      expect(
        await growth(
          app,
          (t) => count(t, insert),
          () => app.call('run', 'callback', 'query', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [401, 'x']),
        ),
      ).to.equal(1);
    });
  });
}
