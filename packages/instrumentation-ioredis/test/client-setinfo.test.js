'use strict';
// ioredis sends CLIENT SETINFO when it connects and ignores its failure (Redis below 7.2 rejects
// it). Those commands are the driver's, not the app's: nodeprom leaves them out of the operations.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples, ROOT } = require('@nodeprom/test-utils');

describe('ioredis layer: CLIENT SETINFO sent by ioredis while connecting', function () {
  let app;
  before(async function () {
    await requireService(this, 'redis');
    app = await startApp(path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-app.js'));
  });
  after(async () => app?.stop());

  it('is not counted as an operation or an error, on connect and reconnect', async () => {
    await app.call('run', 'set', 'rsi:key', 'v');
    // Its own connection only: the Redis server is shared.
    const id = await app.call('run', 'client', 'id');
    await app.call('run', 'client', 'kill', 'id', String(id), 'skipme', 'no').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.call('run', 'get', 'rsi:key');
    const text = await app.scrape();
    const client = findSamples(text, 'db_client_operation_duration_seconds_count', { db_operation_name: 'CLIENT' });
    // The only CLIENT operations are the app's own CLIENT ID and CLIENT KILL.
    expect(client.map((s) => s.labels.error_type ?? 'ok')).to.deep.equal(['ok']);
    expect(client[0].value).to.equal(2);
    // The kill made it connect again.
    const attempts = findSamples(text, 'db_client_connection_create_time_seconds_count', {
      db_system_name: 'redis',
      error_type: undefined,
    });
    expect(attempts.reduce((total, s) => total + s.value, 0)).to.be.at.least(2);
    await app.call('run', 'del', 'rsi:key');
  });
});
