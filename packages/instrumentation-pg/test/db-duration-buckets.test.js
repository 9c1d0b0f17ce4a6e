'use strict';
// NODEPROM_DB_DURATION_BUCKETS sets the buckets of db_client_operation_duration_seconds.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');

describe('pg layer: NODEPROM_DB_DURATION_BUCKETS', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'), {
      env: { NODEPROM_DB_DURATION_BUCKETS: '0.0005,0.002,0.5' },
    });
  });
  after(async () => app?.stop());

  it('uses the given buckets for operation durations only', async () => {
    await app.call('query', 'SELECT 1');
    const text = await app.scrape();
    const buckets = findSamples(text, 'db_client_operation_duration_seconds_bucket', {
      db_operation_name: 'SELECT',
    }).map((s) => s.labels.le);
    expect(buckets).to.deep.equal(['0.0005', '0.002', '0.5', '+Inf']);
    // Connection timings keep their own (semantic-convention) buckets.
    expect(findSamples(text, 'db_client_connection_create_time_seconds_bucket').map((s) => s.labels.le)).to.include(
      '0.001',
    );
  });
});
