'use strict';
// One public way to name a pool, the same for pg, mysql2 and knex: namePool(pool, name) from
// @nodeprom/core. pg's older pool option nodepromPoolName still works.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');

describe('pg layer: a pool named with namePool', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'));
  });
  after(async () => app?.stop());

  it('reports the pool under the given name, and the older nodepromPoolName option as an alias', async () => {
    await app.call('poolQuery', 'a', 'namePool', 'pgnp_orders', 'SELECT 1');
    await app.call('poolQuery', 'b', 'option', 'pgnp_legacy', 'SELECT 1');
    const text = await app.scrape();
    for (const name of ['pgnp_orders', 'pgnp_legacy']) {
      const labels = { db_system_name: 'postgresql', db_client_connection_pool_name: name };
      expect(findSamples(text, 'db_client_connections', labels), name).to.have.length(2);
      expect(findSamples(text, 'db_client_connection_create_time_seconds_count', labels), name).to.have.length(1);
    }
  });
});
