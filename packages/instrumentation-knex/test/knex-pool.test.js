'use strict';
// knex's own pool (tarn), where knex runs its queries, is reported like pg's and mysql2's pools:
// connections used and idle, max, pending requests, and the time requests waited, under the name
// given with namePool(knex, name) or host:port/database.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples, sampleValue } = require('@nodeprom/test-utils');

describe("knex layer: knex's own pool", function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp(path.join(__dirname, 'fixtures/pool-app.js'));
  });
  after(async () => app?.stop());

  it('reports used, idle, max and the waits of a pool named with namePool', async () => {
    await app.call('concurrent', 'named', 3, 'SELECT pg_sleep(0.05)');
    const text = await app.scrape();
    const labels = { db_system_name: 'postgresql', db_client_connection_pool_name: 'knexp_orders' };
    const states = findSamples(text, 'db_client_connections', labels)
      .map((s) => [s.labels.db_client_connection_state, s.value])
      .sort();
    expect(states).to.deep.equal([
      ['idle', 1],
      ['used', 0],
    ]);
    expect(sampleValue(text, 'db_client_connection_max', labels)).to.equal(1);
    expect(sampleValue(text, 'db_client_connection_pending_requests', labels)).to.equal(0);
    // Three requests for the one connection: each waited, two of them for a query to end.
    expect(sampleValue(text, 'db_client_connection_wait_time_seconds_count', labels)).to.equal(3);
    expect(sampleValue(text, 'db_client_connection_wait_time_seconds_sum', labels)).to.be.above(0.05);
  });

  it("names a pool the app did not name after its host:port/database, like pg's own pools", async () => {
    await app.call('concurrent', 'unnamed', 2, 'SELECT 1');
    const text = await app.scrape();
    const labels = { db_system_name: 'postgresql', db_client_connection_pool_name: '127.0.0.1:5432/test' };
    expect(sampleValue(text, 'db_client_connection_max', labels)).to.equal(3);
    expect(sampleValue(text, 'db_client_connection_wait_time_seconds_count', labels)).to.equal(2);
  });
});
