'use strict';
// The mysql2 layer, on every release and mechanism: counts one connection attempt per new connection, per pool.
const { expect } = require('chai');
const { PATHS, total, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('counts one connection attempt per new connection, per pool', async () => {
      await app.call('createPool', 'three', { connectionLimit: 3, name: 'myl-three' });
      const attempts = (t) =>
        total(t, 'db_client_connection_create_time_seconds_count', {
          db_client_connection_pool_name: 'myl-three',
          db_system_name: 'mariadb',
          error_type: undefined,
        });
      const grew = await growth(app, attempts, () => app.call('poolConcurrent', 'three', 'SELECT SLEEP(0.1)', 3));
      expect(grew).to.equal(3);
      // A second round reuses them.
      expect(await growth(app, attempts, () => app.call('poolConcurrent', 'three', 'SELECT SLEEP(0.05)', 3))).to.equal(
        0,
      );
      await app.call('endPool', 'three');
    });
  });
}
