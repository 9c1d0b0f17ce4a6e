'use strict';
// The mysql2 layer, on every release and mechanism: covers query and execute through the callback and the promise APIs.
const { expect } = require('chai');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('covers query and execute through the callback and the promise APIs', async () => {
      for (const api of ['callback', 'promise']) {
        for (const method of ['query', 'execute']) {
          const grew = await growth(
            app,
            (t) => count(t, ok()),
            () => app.call('run', api, method, 'SELECT id FROM myl_items WHERE id > ?', [0]),
          );
          expect(grew, `${api} ${method}`).to.equal(1);
        }
      }
    });
  });
}
