'use strict';
// The mysql2 layer, on every release and mechanism: counts several pools apart: named ones by their name, unnamed ones as host:port/database.
const { expect } = require('chai');
const { PATHS, total, count, ok, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('counts several pools apart: named ones by their name, unnamed ones as host:port/database', async () => {
      await app.call('createPool', 'orders', { connectionLimit: 4, name: 'orders' });
      await app.call('createPool', 'second', { connectionLimit: 2, database: 'myl_second', promise: true });
      await app.call('poolQuery', 'orders', 'SELECT 1');
      await app.call('poolHold', 'orders', 'SELECT 2');
      await app.call('poolQuery', 'second', 'SELECT * FROM myl_other');
      const text = await app.scrape();
      expect(total(text, 'db_client_connection_max', { db_client_connection_pool_name: 'orders' })).to.equal(4);
      expect(
        total(text, 'db_client_connection_max', { db_client_connection_pool_name: '127.0.0.1:3306/myl_second' }),
      ).to.equal(2);
      expect(
        total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'orders' }),
      ).to.equal(2);
      expect(
        total(text, 'db_client_connection_wait_time_seconds_count', {
          db_client_connection_pool_name: '127.0.0.1:3306/myl_second',
        }),
      ).to.equal(1);
      expect(
        total(text, 'db_client_connections', {
          db_system_name: 'mariadb',
          db_client_connection_pool_name: 'orders',
          db_client_connection_state: 'idle',
        }),
      ).to.equal(1);
      expect(count(text, ok({ db_namespace: 'myl_second' }))).to.be.at.least(1);
    });
  });
}
