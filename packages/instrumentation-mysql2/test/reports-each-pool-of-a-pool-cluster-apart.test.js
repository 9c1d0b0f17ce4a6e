'use strict';
// The mysql2 layer, on every release and mechanism: reports each pool of a pool cluster apart.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { PATHS, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('reports each pool of a pool cluster apart', async () => {
      const waitsOf = (prefix) => (t) =>
        findSamples(t, 'db_client_connection_wait_time_seconds_count')
          .filter((s) => s.labels.db_client_connection_pool_name.startsWith(prefix))
          .reduce((sum, s) => sum + s.value, 0);
      const before = await app.scrape();
      await app.call('cluster', 'SELECT 1', 4);
      const text = await app.scrape();
      const names = findSamples(text, 'db_client_connection_max').map((s) => s.labels.db_client_connection_pool_name);
      expect(names.filter((name) => name.startsWith('127.0.0.1:3306/myl_second'))).to.have.length(1);
      expect(names.filter((name) => name.startsWith('127.0.0.1:3306/test'))).to.have.length.at.least(1);
      expect(waitsOf('127.0.0.1:3306/myl_second')(text) - waitsOf('127.0.0.1:3306/myl_second')(before)).to.equal(2);
      expect(waitsOf('127.0.0.1:3306/test')(text) - waitsOf('127.0.0.1:3306/test')(before)).to.equal(2);
    });
  });
}
