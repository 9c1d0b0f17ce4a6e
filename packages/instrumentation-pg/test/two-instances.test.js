'use strict';
// One way to turn a layer on and off, in core: disabling one PgInstrumentation does not silence another.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, sampleValue } = require('@nodeprom/test-utils');

describe('pg layer: two PgInstrumentation instances', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'), {
      preload: 'none',
      env: { PROGRAMMATIC: '1' },
    });
  });
  after(async () => app?.stop());

  it('keeps recording once one of them is disabled, and counts each query once', async () => {
    const labels = { db_operation_name: 'SELECT', db_collection_name: 'pg_class', error_type: undefined };
    const count = (text) => sampleValue(text, 'db_client_operation_duration_seconds_count', labels) ?? 0;
    await app.call('query', 'SELECT 1 FROM pg_class LIMIT 1');
    const first = count(await app.scrape());
    expect(first).to.equal(1);
    await app.call('disable', 1);
    await app.call('query', 'SELECT 1 FROM pg_class LIMIT 1');
    expect(count(await app.scrape())).to.equal(2);
  });
});
