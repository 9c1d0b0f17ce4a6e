'use strict';
// The pg layer: pg layer: the oldest supported pg, 8.0.3 (test-fixtures/versions/pg-8.0).
const { expect } = require('chai');
const { requireService, startApp, findSamples, sampleValue } = require('@nodeprom/test-utils');
const { DURATION, ROWS, CREATE, WAIT, SERVER, count, sum } = require('./helpers');

describe('pg layer: the oldest supported pg, 8.0.3 (test-fixtures/versions/pg-8.0)', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('packages/instrumentation-pg/test/fixtures/pg-app.js', {
      env: { PG_DIR: 'test-fixtures/versions/pg-8.0' },
    });
    await app.call('setup');
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('records promise and callback queries, their rows, and a server error', async () => {
    const select = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    await app.call('text', 'SELECT generate_series(1, 6) AS n');
    await app.call('callback', 'SELECT $1::int AS n', [3]);
    const error = await app.call('text', 'SELEC 1').then(
      () => undefined,
      (e) => e,
    );
    expect(error).to.include({ code: '42601' });
    const text = await app.scrape();
    expect(count(text, DURATION, select)).to.equal(2);
    expect(sum(text, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined })).to.equal(7);
    expect(findSamples(text, `${DURATION}_count`, { error_type: '42601' })).to.have.length(1);
    expect(
      count(text, CREATE, {
        db_system_name: 'postgresql',
        server_address: '127.0.0.1',
        db_client_connection_pool_name: undefined,
        error_type: undefined,
      }),
    ).to.equal(1);
  });

  it("records a pool at its max: waits, pending gauge, and the pool's connections", async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: 'pgl_old' };
    expect(await app.call('holdAndQueue', 'old', { nodepromPoolName: 'pgl_old' }, 'SELECT 1 AS one')).to.deep.equal({
      waiting: 1,
    });
    const waiting = await app.scrape();
    expect(sampleValue(waiting, 'db_client_connection_pending_requests', pool)).to.equal(1);
    expect(sampleValue(waiting, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(1);
    await app.call('releaseHeld', 50);
    const after = await app.scrape();
    expect(count(after, WAIT, pool)).to.equal(2);
    expect(count(after, CREATE, { ...pool, server_address: '127.0.0.1', error_type: undefined })).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'idle' })).to.equal(1);
  });
});
