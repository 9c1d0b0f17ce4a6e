'use strict';
// The mysql2 layer, on every release and mechanism: shows an exhausted pool (connectionLimit 1): one used, one pending, then the wait of the second query.
const { expect } = require('chai');
const { PATHS, total, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('shows an exhausted pool (connectionLimit 1): one used, one pending, then the wait of the second query', async () => {
      await app.call('createPool', 'single', { connectionLimit: 1, name: 'myl-single' });
      const pool = { db_client_connection_pool_name: 'myl-single' };
      const waits = (t) => total(t, 'db_client_connection_wait_time_seconds_count', pool);
      const waited = (t) => total(t, 'db_client_connection_wait_time_seconds_sum', pool);
      await app.call('poolQuery', 'single', 'SELECT 1');
      const before = await app.scrape();
      const running = app.call('poolConcurrent', 'single', 'SELECT SLEEP(0.6)', 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await app.scrape();
      expect(total(during, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(1);
      expect(total(during, 'db_client_connections', { ...pool, db_client_connection_state: 'idle' })).to.equal(0);
      expect(total(during, 'db_client_connection_pending_requests', pool)).to.equal(1);
      expect(total(during, 'db_client_connection_max', pool)).to.equal(1);
      await running;
      const after = await app.scrape();
      expect(waits(after) - waits(before)).to.equal(2);
      expect(waited(after) - waited(before)).to.be.above(0.5);
      expect(total(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
      await app.call('endPool', 'single');
    });
  });
}
