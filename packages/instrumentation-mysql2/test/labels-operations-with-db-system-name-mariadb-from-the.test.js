'use strict';
// The mysql2 layer, on every release and mechanism: labels operations with db_system_name mariadb (from the handshake), the namespace, server address and port.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('labels operations with db_system_name mariadb (from the handshake), the namespace, server address and port', async () => {
      const grew = await growth(
        app,
        (t) => count(t, ok()),
        () => app.call('run', 'callback', 'query', 'SELECT 1'),
      );
      expect(grew).to.equal(1);
      expect(
        findSamples(await app.scrape(), 'db_client_operation_duration_seconds_count', {
          db_system_name: 'mysql',
          server_port: '3306',
        }),
      ).to.have.length(0);
    });
  });
}
