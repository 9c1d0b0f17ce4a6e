'use strict';
// One public way to name a pool, the same for pg, mysql2 and knex: namePool(pool, name). The older
// pool[Symbol.for('nodeprom.pool.name')] still works.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');

describe('mysql2 layer: a pool named with namePool', function () {
  let app;
  before(async function () {
    await requireService(this, 'mariadb');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'));
  });
  after(async () => app?.stop());

  it('reports the pool under the given name, and the older symbol as an alias', async () => {
    await app.call('poolQuery', 'a', 'namePool', 'mynp_orders', 'SELECT 1');
    await app.call('poolQuery', 'b', 'symbol', 'mynp_legacy', 'SELECT 1');
    const text = await app.scrape();
    for (const name of ['mynp_orders', 'mynp_legacy']) {
      const samples = findSamples(text, 'db_client_connections', { db_client_connection_pool_name: name });
      expect(samples, name).to.have.length(2);
      expect(
        findSamples(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: name }),
        name,
      ).to.have.length(1);
    }
  });
});
