'use strict';
// The mysql2 layer, on every release and mechanism: records a 1 MB SQL text.
const { expect } = require('chai');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('records a 1 MB SQL text', async () => {
      const grew = await growth(
        app,
        (t) => count(t, ok()),
        async () => {
          expect(await app.call('bigSql', 1 << 20)).to.equal(1 << 20);
        },
      );
      expect(grew).to.equal(1);
    });
  });
}
