'use strict';
// The mysql2 layer, on every release and mechanism: moves the namespace with changeUser to another database, and back.
const { expect } = require('chai');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('moves the namespace with changeUser to another database, and back', async () => {
      const other = (t) => count(t, ok({ db_namespace: 'myl_second' }));
      await app.call('changeUser', 'myl_second');
      expect(await growth(app, other, () => app.call('run', 'callback', 'query', 'SELECT * FROM myl_other'))).to.equal(
        1,
      );
      await app.call('changeUser', 'test');
      expect(await growth(app, other, () => app.call('run', 'callback', 'query', 'SELECT 1'))).to.equal(0);
    });
  });
}
