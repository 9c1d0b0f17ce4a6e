'use strict';
// The mysql2 layer, on every release and mechanism: stops reporting a pool's gauges once pool.end() closed it.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { PATHS, total, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it("stops reporting a pool's gauges once pool.end() closed it", async () => {
      await app.call('createPool', 'orders', { connectionLimit: 4, name: 'orders' });
      await app.call('createPool', 'second', { connectionLimit: 2, database: 'myl_second', promise: true });
      await app.call('poolQuery', 'orders', 'SELECT 1');
      await app.call('poolQuery', 'orders', 'SELECT 2');
      await app.call('poolQuery', 'second', 'SELECT * FROM myl_other');
      const open = await app.scrape();
      expect(findSamples(open, 'db_client_connections', { db_client_connection_pool_name: 'orders' })).to.have.length(
        2,
      );
      await app.call('endPool', 'orders');
      await app.call('endPool', 'second');
      const text = await app.scrape();
      expect(findSamples(text, 'db_client_connections', { db_client_connection_pool_name: 'orders' })).to.have.length(
        0,
      );
      expect(
        findSamples(text, 'db_client_connection_max', { db_client_connection_pool_name: '127.0.0.1:3306/myl_second' }),
      ).to.have.length(0);
      // Histograms keep what they measured.
      expect(
        total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'orders' }),
      ).to.equal(2);
    });
  });
}
