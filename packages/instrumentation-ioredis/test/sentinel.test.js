'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { expect } = require('chai');
const { requireService, startApp, sampleValue, freePort, reachable, ROOT } = require('@nodeprom/test-utils');
const { startRedis, redisServerAvailable, waitFor, ops, lookups, CONNECTIONS } = require('./helpers');

const APP = path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-app.js');

describe('ioredis layer: Redis Sentinel (private master and sentinel)', function () {
  this.timeout(60000);
  let app;
  let master;
  let sentinel;
  let sentinelPort;

  before(async function () {
    await requireService(this, 'redis');
    if (!redisServerAvailable()) {
      if (process.env.CI) throw new Error('redis-server is not installed');
      this.skip();
    }
    master = await startRedis();
    sentinelPort = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdl-sentinel-'));
    const config = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(
      config,
      `port ${sentinelPort}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor rdlmaster 127.0.0.1 ${master.port} 1\n`,
    );
    sentinel = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    await waitFor(() => reachable(sentinelPort), { what: 'sentinel' });
    app = await startApp(APP);
  });
  after(async () => {
    await app?.stop();
    sentinel?.kill('SIGKILL');
    await master?.kill();
  });

  it("counts the master's commands under the master's address and the sentinel's under its own", async () => {
    await app.call('open', 'viaSentinel', {
      sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
      name: 'rdlmaster',
      host: undefined,
    });
    await app.call('runOn', 'viaSentinel', 'set', 'rdl:sentinel', 'v');
    expect(await app.call('runOn', 'viaSentinel', 'get', 'rdl:sentinel')).to.equal('v');
    const text = await app.scrape();
    const atMaster = { server_address: '127.0.0.1', server_port: String(master.port), db_namespace: '7' };
    expect(ops(text, 'SET', atMaster)).to.equal(1);
    expect(ops(text, 'GET', atMaster)).to.equal(1);
    expect(lookups(text, 'GET', 'hit')).to.be.at.least(1);
    expect(ops(text, 'SENTINEL', { server_port: String(sentinelPort) })).to.be.at.least(1);
    expect(
      sampleValue(text, CONNECTIONS, {
        db_client_connection_pool_name: `127.0.0.1:${master.port}/7`,
        db_client_connection_state: 'used',
      }),
    ).to.equal(1);
    await app.call('quit', 'viaSentinel');
  });
});
