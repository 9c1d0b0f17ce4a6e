'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { expect } = require('chai');
const {
  requireService,
  startApp,
  sampleValue,
  findSamples,
  seriesCount,
  promtoolCheck,
  ROOT,
} = require('@nodeprom/test-utils');
const { ops, errors, lookups, total, waitFor, CREATE, CONNECTIONS, OP } = require('./helpers');

const APP = path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-app.js');
const ESM_APP = path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-esm.mjs');
const SERVER = { server_address: '127.0.0.1', server_port: '6379', db_namespace: '7' };

/** The suite every supported ioredis copy runs; `dir` is a test-fixtures/versions folder or '' (root). */
function coreSuite(label, dir) {
  describe(`ioredis layer: ${label}`, function () {
    this.timeout(30000);
    let app;

    before(async function () {
      await requireService(this, 'redis');
      if (dir && !fs.existsSync(path.join(ROOT, dir, 'node_modules', 'ioredis'))) {
        const message = `${dir} is not installed (npm install in that folder)`;
        if (process.env.CI) throw new Error(message);
        this.skip();
      }
      app = await startApp(APP, { env: { IOREDIS_DIR: dir ? path.join(ROOT, dir) : '' } });
      await app.call('run', 'set', 'rdl:present', 'v');
      await app.call('run', 'hset', 'rdl:hash', 'f1', 'a', 'f2', 'b');
      await app.call('run', 'del', 'rdl:absent', 'rdl:list');
    });
    after(async () => {
      await app?.call('run', 'del', 'rdl:present', 'rdl:hash', 'rdl:s', 'rdl:str').catch(() => {});
      await app?.stop();
    });

    it('times each command under its upper-case name, database index and server', async () => {
      const before = await app.scrape();
      await app.call('run', 'set', 'rdl:str', 'x');
      await app.call('run', 'get', 'rdl:str');
      const after = await app.scrape();
      expect(ops(after, 'SET', SERVER) - ops(before, 'SET', SERVER)).to.equal(1);
      expect(ops(after, 'GET', SERVER) - ops(before, 'GET', SERVER)).to.equal(1);
      const [sample] = findSamples(after, 'db_client_operation_duration_seconds_bucket', {
        db_operation_name: 'GET',
        le: '+Inf',
        error_type: undefined,
      });
      expect(sample.labels).to.include({ db_system_name: 'redis', ...SERVER });
      // Same buckets as the SQL layers (semantic-convention db buckets).
      const bounds = findSamples(after, 'db_client_operation_duration_seconds_bucket', {
        db_operation_name: 'GET',
        error_type: undefined,
      }).map((s) => s.labels.le);
      expect(bounds).to.deep.equal(['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '10', '+Inf']);
    });

    it('counts hits and misses of GET, GETEX, GETDEL, HGET, HEXISTS, EXISTS, MGET and HMGET', async () => {
      await app.call('run', 'set', 'rdl:gd', 'v');
      const before = await app.scrape();
      await app.call('run', 'get', 'rdl:present'); // hit
      await app.call('run', 'get', 'rdl:absent'); // miss
      await app.call('run', 'getex', 'rdl:present', 'EX', 100); // hit
      await app.call('run', 'getdel', 'rdl:gd'); // hit
      await app.call('run', 'getdel', 'rdl:gd'); // miss
      await app.call('run', 'hget', 'rdl:hash', 'f1'); // hit
      await app.call('run', 'hget', 'rdl:hash', 'nope'); // miss
      await app.call('run', 'hexists', 'rdl:hash', 'f2'); // hit
      await app.call('run', 'hexists', 'rdl:hash', 'nope'); // miss
      await app.call('run', 'exists', 'rdl:present'); // hit
      await app.call('run', 'exists', 'rdl:absent'); // miss
      await app.call('run', 'exists', 'rdl:present', 'rdl:absent', 'rdl:hash'); // 2 hits, 1 miss (one per key)
      await app.call('run', 'mget', 'rdl:present', 'rdl:absent', 'rdl:present'); // 2 hits, 1 miss
      await app.call('run', 'hmget', 'rdl:hash', 'f1', 'x', 'y'); // 1 hit, 2 misses
      const after = await app.scrape();
      const delta = (command, result) => lookups(after, command, result) - lookups(before, command, result);
      expect({
        GET: [delta('GET', 'hit'), delta('GET', 'miss')],
        GETEX: [delta('GETEX', 'hit'), delta('GETEX', 'miss')],
        GETDEL: [delta('GETDEL', 'hit'), delta('GETDEL', 'miss')],
        HGET: [delta('HGET', 'hit'), delta('HGET', 'miss')],
        HEXISTS: [delta('HEXISTS', 'hit'), delta('HEXISTS', 'miss')],
        EXISTS: [delta('EXISTS', 'hit'), delta('EXISTS', 'miss')],
        MGET: [delta('MGET', 'hit'), delta('MGET', 'miss')],
        HMGET: [delta('HMGET', 'hit'), delta('HMGET', 'miss')],
      }).to.deep.equal({
        GET: [1, 1],
        GETEX: [1, 0],
        GETDEL: [1, 1],
        HGET: [1, 1],
        HEXISTS: [1, 1],
        EXISTS: [3, 2],
        MGET: [2, 1],
        HMGET: [1, 2],
      });
      // Writes are not lookups.
      expect(findSamples(after, 'db_client_cache_lookups_total', { db_operation_name: 'SET' })).to.have.length(0);
    });

    it('labels a reply error by its prefix and hands the app the same error', async () => {
      const before = await app.scrape();
      const error = await app.call('run', 'hget', 'rdl:present', 'f').then(
        () => null,
        (e) => e,
      );
      // ioredis 6 throws a SimpleError (a ReplyError subclass named ReplyError): whatever the client made.
      expect(error).to.include({ name: 'ReplyError' });
      expect(error.constructorName).to.be.oneOf(['ReplyError', 'SimpleError']);
      expect(error.message).to.match(/^WRONGTYPE /);
      const after = await app.scrape();
      expect(errors(after, 'HGET', 'WRONGTYPE', SERVER) - errors(before, 'HGET', 'WRONGTYPE', SERVER)).to.equal(1);
      // An error is no lookup.
      expect(lookups(after, 'HGET', 'miss')).to.equal(lookups(before, 'HGET', 'miss'));
    });

    it('bounds command names: call() with an unknown name is OTHER, a known one in any case is itself', async () => {
      const before = await app.scrape();
      const error = await app.call('call', 'RDL_NOT_A_COMMAND_1234', 'x').then(
        () => null,
        (e) => e,
      );
      expect(error.message).to.match(/^ERR unknown command/);
      await app.call('call', 'gEt', 'rdl:present');
      const after = await app.scrape();
      expect(errors(after, 'OTHER', 'ERR') - errors(before, 'OTHER', 'ERR')).to.equal(1);
      expect(ops(after, 'GET') - ops(before, 'GET')).to.equal(1);
      expect(after).to.not.include('RDL_NOT_A_COMMAND');
    });

    it('counts each command of a pipeline, the failing one as an error', async () => {
      const before = await app.scrape();
      const result = await app.call('pipeline', [
        ['get', 'rdl:present'],
        ['hget', 'rdl:present', 'f'],
        ['get', 'rdl:absent'],
        ['incr', 'rdl:pipe-n'],
      ]);
      expect(result[1][0].error).to.match(/^WRONGTYPE/);
      const after = await app.scrape();
      expect(ops(after, 'GET') - ops(before, 'GET')).to.equal(2);
      expect(ops(after, 'INCR') - ops(before, 'INCR')).to.equal(1);
      expect(errors(after, 'HGET', 'WRONGTYPE') - errors(before, 'HGET', 'WRONGTYPE')).to.equal(1);
      expect(ops(after, 'HGET') - ops(before, 'HGET')).to.equal(0);
      expect(lookups(after, 'GET', 'hit') - lookups(before, 'GET', 'hit')).to.equal(1);
      expect(lookups(after, 'GET', 'miss') - lookups(before, 'GET', 'miss')).to.equal(1);
      await app.call('run', 'del', 'rdl:pipe-n');
    });

    it('counts each command of MULTI/EXEC with its result from EXEC (pipelined and not)', async () => {
      const before = await app.scrape();
      const result = await app.call('multi', [
        ['get', 'rdl:present'],
        ['hget', 'rdl:present', 'f'],
        ['get', 'rdl:absent'],
      ]);
      expect(result[1][0].error).to.match(/^WRONGTYPE/);
      await app.call('multiNoPipeline', [
        ['get', 'rdl:present'],
        ['get', 'rdl:absent'],
      ]);
      const after = await app.scrape();
      expect(ops(after, 'MULTI') - ops(before, 'MULTI')).to.equal(2);
      expect(ops(after, 'EXEC') - ops(before, 'EXEC')).to.equal(2);
      expect(ops(after, 'GET') - ops(before, 'GET')).to.equal(4);
      expect(errors(after, 'HGET', 'WRONGTYPE') - errors(before, 'HGET', 'WRONGTYPE')).to.equal(1);
      // Lookups read EXEC's results, not the QUEUED replies.
      expect(lookups(after, 'GET', 'hit') - lookups(before, 'GET', 'hit')).to.equal(2);
      expect(lookups(after, 'GET', 'miss') - lookups(before, 'GET', 'miss')).to.equal(2);
    });

    it('covers the callback API, Buffer variants, scripts, a blocking timeout and pub/sub', async () => {
      const before = await app.scrape();
      expect(await app.call('runCallback', 'get', 'rdl:present')).to.equal('v');
      expect(await app.call('run', 'getBuffer', 'rdl:present')).to.deep.equal({
        buffer: Buffer.from('v').toString('base64'),
      });
      await app.call('script', 'rdl:s', 'one');
      expect(await app.call('script', 'rdl:s', 'two')).to.equal('one');
      expect(await app.call('run', 'blpop', 'rdl:list', 0.1)).to.equal(null);
      expect(await app.call('pubsub', 'rdl:channel')).to.equal('hello');
      const after = await app.scrape();
      expect(ops(after, 'GET') - ops(before, 'GET')).to.equal(2);
      expect(lookups(after, 'GET', 'hit') - lookups(before, 'GET', 'hit')).to.equal(2);
      const scripts = ops(after, 'EVALSHA') + ops(after, 'EVAL') - ops(before, 'EVALSHA') - ops(before, 'EVAL');
      expect(scripts).to.equal(2);
      expect(ops(after, 'BLPOP') - ops(before, 'BLPOP')).to.equal(1);
      expect(lookups(after, 'BLPOP', 'miss') - lookups(before, 'BLPOP', 'miss')).to.equal(1);
      expect(total(after, OP, { db_operation_name: 'BLPOP', error_type: 'timeout' })).to.equal(0);
      expect(ops(after, 'SUBSCRIBE') - ops(before, 'SUBSCRIBE')).to.equal(1);
      expect(ops(after, 'UNSUBSCRIBE') - ops(before, 'UNSUBSCRIBE')).to.equal(1);
      expect(ops(after, 'PUBLISH') - ops(before, 'PUBLISH')).to.equal(1);
      expect(findSamples(after, 'db_client_cache_lookups_total', { db_operation_name: 'SUBSCRIBE' })).to.have.length(0);
    });

    it('counts auto-pipelined commands one by one', async () => {
      await app.call('open', 'auto', { port: 6379, enableAutoPipelining: true });
      const before = await app.scrape();
      const result = await app.call('concurrent', 'auto', [
        ['get', 'rdl:present'],
        ['get', 'rdl:absent'],
        ['hget', 'rdl:hash', 'f1'],
        ['exists', 'rdl:present'],
      ]);
      expect(result).to.deep.equal(['v', null, 'a', 1]);
      const after = await app.scrape();
      expect(ops(after, 'GET') - ops(before, 'GET')).to.equal(2);
      expect(lookups(after, 'GET', 'miss') - lookups(before, 'GET', 'miss')).to.equal(1);
      expect(lookups(after, 'HGET', 'hit') - lookups(before, 'HGET', 'hit')).to.equal(1);
      expect(lookups(after, 'EXISTS', 'hit') - lookups(before, 'EXISTS', 'hit')).to.equal(1);
      await app.call('quit', 'auto');
    });

    it('reports a command timeout (commandTimeout) as error_type timeout, the app sees its own error', async () => {
      await app.call('open', 'slow', { port: 6379, commandTimeout: 100 });
      const before = await app.scrape();
      const error = await app.call('runOn', 'slow', 'blpop', 'rdl:list', 1).then(
        () => null,
        (e) => e,
      );
      expect(error.message).to.equal('Command timed out');
      const after = await app.scrape();
      expect(errors(after, 'BLPOP', 'timeout') - errors(before, 'BLPOP', 'timeout')).to.equal(1);
      await app.call('quit', 'slow');
    });

    it('reports a command cut by disconnect() as connection_closed', async () => {
      await app.call('open', 'cut', { port: 6379 });
      const before = await app.scrape();
      expect(await app.call('disconnectDuring', 'cut')).to.equal('Connection is closed.');
      const after = await app.scrape();
      expect(errors(after, 'BLPOP', 'connection_closed') - errors(before, 'BLPOP', 'connection_closed')).to.equal(1);
    });

    it('reports clients in ready state per host:port/db and every connection attempt', async () => {
      const before = await app.scrape();
      const pool = `127.0.0.1:6379/${7}`;
      const used = (text) =>
        sampleValue(text, CONNECTIONS, { db_client_connection_pool_name: pool, db_client_connection_state: 'used' });
      await app.call('open', 'extra', { port: 6379 });
      const during = await app.scrape();
      expect(used(during)).to.equal(used(before) + 1);
      expect(
        sampleValue(during, CONNECTIONS, { db_client_connection_pool_name: pool, db_client_connection_state: 'idle' }),
      ).to.equal(0);
      expect(
        total(during, CREATE, { db_system_name: 'redis', server_address: '127.0.0.1', error_type: undefined }) -
          total(before, CREATE, { db_system_name: 'redis', server_address: '127.0.0.1', error_type: undefined }),
      ).to.equal(1);
      await app.call('quit', 'extra');
      // QUIT's reply comes before the socket closes: the gauge follows the close.
      await waitFor(async () => used(await app.scrape()) === used(before), { what: 'the gauge to drop back' });
    });
  });
}

coreSuite('ioredis 5.11 (root)', '');
coreSuite('ioredis 5.3 (no tracing channels)', 'test-fixtures/versions/ioredis-5.3');
coreSuite('ioredis 6', 'test-fixtures/versions/ioredis-6');

describe('ioredis layer: values never reach labels', function () {
  this.timeout(60000);
  let app;
  before(async function () {
    await requireService(this, 'redis');
    app = await startApp(APP);
  });
  after(async () => {
    await app?.stop();
  });

  it('keeps secret keys and values, 1 MB values and binary keys out of the exposition', async function () {
    await app.call('run', 'set', 'rdl:secret-key-Zq8Vx', 'secret-value-Kp3Wm');
    expect(await app.call('run', 'get', 'rdl:secret-key-Zq8Vx')).to.equal('secret-value-Kp3Wm');
    expect(await app.call('bigValue', 'rdl:big', 1024 * 1024)).to.equal(1024 * 1024);
    const key = Buffer.from([0x72, 0x64, 0x6c, 0x3a, 0x00, 0xff, 0xfe, 0x0a, 0x22]);
    const value = Buffer.from([0x00, 0x01, 0x80, 0xff]);
    expect(await app.call('binary', key.toString('base64'), value.toString('base64'))).to.deep.equal({
      buffer: value.toString('base64'),
    });
    const text = await app.scrape();
    expect(text).to.not.match(/secret-key|secret-value|Zq8Vx|Kp3Wm|rdl:/);
    expect(ops(text, 'SET')).to.be.at.least(3);
    expect(promtoolCheck(this, text)).to.equal('');
    await app.call('run', 'del', 'rdl:secret-key-Zq8Vx', 'rdl:big', key);
  });

  it('never puts a script-made error prefix (redis.error_reply(ARGV[1])) in a label: it is ReplyError', async () => {
    const script = "return redis.error_reply(ARGV[1] .. ' made up by a script')";
    for (let i = 0; i < 5; i++) {
      const error = await app.call('run', 'eval', script, 0, `RDLX${i}`).then(
        () => null,
        (e) => e,
      );
      expect(error.message).to.equal(`RDLX${i} made up by a script`);
    }
    await app.call('run', 'eval', script, 0, 'lower-case').catch(() => {});
    // A prefix Redis itself defines is still told apart, also when a script sends it.
    await app.call('run', 'eval', "return redis.error_reply('WRONGTYPE ' .. ARGV[1])", 0, 'RDLY').catch(() => {});
    const text = await app.scrape();
    const types = new Set(
      findSamples(text, OP, { db_operation_name: 'EVAL' })
        .map((s) => s.labels.error_type)
        .filter(Boolean),
    );
    expect([...types].sort()).to.deep.equal(['ReplyError', 'WRONGTYPE']);
    expect(text).to.not.include('RDLX').and.to.not.include('RDLY').and.to.not.include('lower-case');
  });

  it('leaves the series count unchanged by 100 000 distinct keys', async () => {
    await app.call('manyKeys', 'rdl:warm:', 10);
    const before = await app.scrape();
    await app.call('manyKeys', 'rdl:many:', 100000);
    const after = await app.scrape();
    expect(seriesCount(after, 'db_client')).to.equal(seriesCount(before, 'db_client'));
    expect(lookups(after, 'GET', 'miss') - lookups(before, 'GET', 'miss')).to.equal(100000);
  });
});

describe('ioredis layer: ESM app', function () {
  this.timeout(30000);
  let app;
  before(async function () {
    await requireService(this, 'redis');
    app = await startApp(ESM_APP, { preload: 'import' });
  });
  after(async () => {
    await app?.stop();
  });

  it('is covered with --import and no loader hook', async function () {
    await app.call('run', 'set', 'rdl:esm', '1');
    expect(await app.call('run', 'get', 'rdl:esm')).to.equal('1');
    await app.call('run', 'get', 'rdl:esm-absent');
    const text = await app.scrape();
    expect(ops(text, 'SET', SERVER)).to.equal(1);
    expect(ops(text, 'GET', SERVER)).to.equal(2);
    expect(lookups(text, 'GET', 'hit')).to.equal(1);
    expect(lookups(text, 'GET', 'miss')).to.equal(1);
    expect(promtoolCheck(this, text)).to.equal('');
    await app.call('run', 'del', 'rdl:esm');
  });
});
