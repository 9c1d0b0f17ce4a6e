'use strict';
// The mysql2 layer, on every release and mechanism: passes Buffer parameters through and records the statement.
const { expect } = require('chai');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('passes Buffer parameters through and records the statement', async () => {
      const grew = await growth(
        app,
        (t) => count(t, ok()),
        async () => {
          const data = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
          await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name, data) VALUES (?, ?, ?)', [
            301,
            'bin',
            { buffer: data },
          ]);
          expect(
            await app.call('run', 'callback', 'execute', 'SELECT id FROM myl_items WHERE data = ?', [{ buffer: data }]),
          ).to.deep.equal({ rows: 1 });
        },
      );
      expect(grew).to.equal(2);
    });
  });
}
