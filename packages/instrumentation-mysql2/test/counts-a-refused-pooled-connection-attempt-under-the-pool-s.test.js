'use strict';
// The mysql2 layer, on every release and mechanism: counts a refused pooled connection attempt under the pool's name, and the app gets ECONNREFUSED.
const { expect } = require('chai');
const { PATHS, total, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it("counts a refused pooled connection attempt under the pool's name, and the app gets ECONNREFUSED", async () => {
      await app.call('createPool', 'refused', { port: 1, connectionLimit: 1 });
      const attempts = (t) =>
        total(t, 'db_client_connection_create_time_seconds_count', {
          db_client_connection_pool_name: '127.0.0.1:1/test',
          error_type: 'ECONNREFUSED',
        });
      const grew = await growth(app, attempts, async () => {
        const error = await app.call('poolQuery', 'refused', 'SELECT 1').then(
          () => null,
          (e) => e,
        );
        expect(error).to.include({ code: 'ECONNREFUSED' });
      });
      expect(grew).to.equal(1);
      await app.call('endPool', 'refused');
    });
  });
}
