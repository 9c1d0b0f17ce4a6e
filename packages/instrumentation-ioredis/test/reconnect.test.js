'use strict';
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, sampleValue, ROOT } = require('@nodeprom/test-utils');
const { startRedis, redisServerAvailable, waitFor, ops, errors, total, CREATE, CONNECTIONS } = require('./helpers');

const APP = path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-app.js');

describe('ioredis layer: a Redis server restarted mid-run', function () {
  this.timeout(60000);
  let app;
  let server;

  before(async function () {
    await requireService(this, 'redis');
    if (!redisServerAvailable()) {
      if (process.env.CI) throw new Error('redis-server is not installed');
      this.skip();
    }
    server = await startRedis();
    app = await startApp(APP);
  });
  after(async () => {
    await app?.stop();
    await server?.kill();
  });

  it('counts reconnects and failed attempts, fails queued commands with their class, counts a resent command once, and the gauge follows', async () => {
    const { port } = server;
    const pool = `127.0.0.1:${port}/7`;
    const at = { server_port: String(port) };
    const used = (text) =>
      sampleValue(text, CONNECTIONS, { db_client_connection_pool_name: pool, db_client_connection_state: 'used' });
    const created = (text, errorType) =>
      total(text, CREATE, { db_system_name: 'redis', server_address: '127.0.0.1', error_type: errorType });

    await app.call('open', 'short', { port, retryDelayMs: 50, maxRetriesPerRequest: 1 });
    await app.call('open', 'patient', { port, retryDelayMs: 50, maxRetriesPerRequest: null });
    await app.call('runOn', 'short', 'set', 'rdl:r', '1');
    const start = await app.scrape();
    expect(used(start)).to.equal(2);

    await server.kill();
    await waitFor(
      async () => (await app.call('status', 'short')) !== 'ready' && (await app.call('status', 'patient')) !== 'ready',
      { what: 'clients to notice' },
    );
    await waitFor(async () => created(await app.scrape(), 'ECONNREFUSED') >= created(start, 'ECONNREFUSED') + 2, {
      what: 'failed attempts',
    });
    const down = await app.scrape();
    expect(used(down)).to.equal(0);

    // While the server is down: one client gives up after its retries, the other queues.
    const error = await app.call('runOn', 'short', 'get', 'rdl:r').then(
      () => null,
      (e) => e,
    );
    expect(error).to.include({ name: 'MaxRetriesPerRequestError' });
    const queued = await app.call('start', 'patient', 'set', 'rdl:r', '2');

    server = await startRedis({ port, dir: server.dir });
    await waitFor(
      async () => (await app.call('status', 'short')) === 'ready' && (await app.call('status', 'patient')) === 'ready',
      { what: 'reconnects' },
    );
    expect(await app.call('settle', queued)).to.equal('OK');
    expect(await app.call('runOn', 'short', 'get', 'rdl:r')).to.equal('2');

    const end = await app.scrape();
    expect(
      errors(end, 'GET', 'MaxRetriesPerRequestError', at) - errors(start, 'GET', 'MaxRetriesPerRequestError', at),
    ).to.equal(1);
    // The queued SET went through sendCommand twice (offline queue, then flush): counted once.
    expect(ops(end, 'SET', at) - ops(start, 'SET', at)).to.equal(1);
    expect(ops(end, 'GET', at) - ops(start, 'GET', at)).to.equal(1);
    expect(created(end, undefined) - created(start, undefined)).to.equal(2);
    expect(used(end)).to.equal(2);
    expect(app.stderr).to.not.include('[nodeprom]');
    await app.call('quit', 'short');
    await app.call('quit', 'patient');
    await waitFor(async () => used(await app.scrape()) === 0, { what: 'the gauge to reach 0' });
  });
});
