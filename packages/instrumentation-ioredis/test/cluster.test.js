'use strict';
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { expect } = require('chai');
const { requireService, startApp, sampleValue, findSamples, promtoolCheck, ROOT } = require('@nodeprom/test-utils');
const { startRedis, redisServerAvailable, waitFor, ops, lookups, CONNECTIONS, OP } = require('./helpers');

const APP = path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-app.js');

describe('ioredis layer: Redis Cluster (3 private nodes)', function () {
  this.timeout(60000);
  let app;
  const nodes = [];

  before(async function () {
    await requireService(this, 'redis');
    if (!redisServerAvailable()) {
      if (process.env.CI) throw new Error('redis-server is not installed');
      this.skip();
    }
    for (let i = 0; i < 3; i++) {
      nodes.push(
        await startRedis({
          extra: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
        }),
      );
    }
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { stdio: 'ignore' },
    );
    await waitFor(
      () =>
        nodes.every((n) =>
          execFileSync('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).includes(
            'cluster_state:ok',
          ),
        ),
      { what: 'cluster_state:ok', timeoutMs: 20000, stepMs: 200 },
    );
    app = await startApp(APP);
    await app.call(
      'cluster',
      nodes.map((n) => n.port),
    );
  });
  after(async () => {
    await app?.stop();
    for (const node of nodes) await node.kill();
  });

  it("counts each node's commands and connection under its own address", async function () {
    for (let i = 0; i < 30; i++) await app.call('clusterRun', 'set', `rdl:c:${i}`, 'v');
    for (let i = 0; i < 30; i++) await app.call('clusterRun', 'get', `rdl:c:${i}`);
    await app.call('clusterRun', 'get', 'rdl:c:absent');
    const text = await app.scrape();
    let sets = 0;
    for (const { port } of nodes) {
      const at = { server_address: '127.0.0.1', server_port: String(port), db_namespace: '0' };
      const here = ops(text, 'SET', at);
      expect(here, `SETs on node ${port}`).to.be.above(0);
      sets += here;
      expect(
        sampleValue(text, CONNECTIONS, {
          db_client_connection_pool_name: `127.0.0.1:${port}/0`,
          db_client_connection_state: 'used',
        }),
      ).to.equal(1);
    }
    // Each command counted once, on the node that answered it (no MOVED redirects once slots are known).
    expect(sets).to.equal(30);
    expect(lookups(text, 'GET', 'hit')).to.equal(30);
    expect(lookups(text, 'GET', 'miss')).to.equal(1);
    expect(promtoolCheck(this, text)).to.equal('');
  });

  it('labels a MOVED reply to a plain client with error_type MOVED', async () => {
    // A plain client on each node in turn: the nodes not owning the key's slot answer MOVED.
    for (const { port } of nodes) await app.call('open', `plain-${port}`, { port, db: 0 });
    const outcomes = [];
    for (const { port } of nodes) {
      outcomes.push(
        await app.call('runOn', `plain-${port}`, 'get', 'rdl:c:moved').then(
          () => 'ok',
          (e) => e.message.split(' ')[0],
        ),
      );
    }
    expect(outcomes.filter((o) => o === 'MOVED')).to.have.length(2);
    const text = await app.scrape();
    expect(
      findSamples(text, OP, { db_operation_name: 'GET', error_type: 'MOVED' }).reduce((sum, s) => sum + s.value, 0),
    ).to.equal(2);
  });
});
