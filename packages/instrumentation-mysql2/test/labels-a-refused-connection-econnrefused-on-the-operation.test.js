'use strict';
// The mysql2 layer, on every release and mechanism: labels a refused connection ECONNREFUSED on the operation and counts it as a failed connection attempt.
const { expect } = require('chai');
const { PATHS, total, count, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('labels a refused connection ECONNREFUSED on the operation and counts it as a failed connection attempt', async () => {
      const text0 = await app.scrape();
      const error = await app.call('connectTo', 1).then(
        () => null,
        (e) => e,
      );
      expect(error).to.include({ code: 'ECONNREFUSED' });
      const text1 = await app.scrape();
      const refused = { server_address: '127.0.0.1', server_port: '1', error_type: 'ECONNREFUSED' };
      expect(count(text1, refused) - count(text0, refused)).to.equal(1);
      const attempts = (t) =>
        total(t, 'db_client_connection_create_time_seconds_count', {
          error_type: 'ECONNREFUSED',
          db_client_connection_pool_name: undefined,
        });
      expect(attempts(text1) - attempts(text0)).to.equal(1);
    });
  });
}
