'use strict';
// The mysql2 layer, on every release and mechanism: records one wait per acquisition whether the app uses pool.query, pool.execute or getConnection.
const { expect } = require('chai');
const { PATHS, total, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('records one wait per acquisition whether the app uses pool.query, pool.execute or getConnection', async () => {
      await app.call('createPool', 'mix', { connectionLimit: 1, name: 'myl-mix' });
      const waits = (t) =>
        total(t, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'myl-mix' });
      const grew = await growth(app, waits, async () => {
        await app.call('poolQuery', 'mix', 'SELECT 1');
        await app.call('poolQuery', 'mix', 'SELECT 1', 'execute');
        await app.call('poolHold', 'mix', 'SELECT 2');
        // Two at a time on one connection: the second of each pair waits in the queue.
        await app.call('poolConcurrent', 'mix', 'SELECT SLEEP(0.05)', 2);
      });
      expect(grew).to.equal(5);
      await app.call('endPool', 'mix');
    });
  });
}
