'use strict';
// The mysql2 layer against the local MariaDB, through both mechanisms: the require-time patches
// (the default, on 3.24, 3.11 and 3.0) and mysql2 3.24's tracing channels (mechanism 'channels'). Each suite runs an app the way a
// user does (node --require @nodeprom/auto-register) and asserts on the scraped exposition text.
const { expect } = require('chai');
const { requireService, startApp, findSamples, promtoolCheck, seriesCount } = require('@nodeprom/test-utils');

const APP = 'test-fixtures/apps/mysql2-app.js';
const OLD = 'test-fixtures/versions/mysql2-3.11';
const TARGET = { db_system_name: 'mariadb', server_address: '127.0.0.1', server_port: '3306' };

/** Sum of the values of every sample of `name` whose labels include `labels`. */
function total(text, name, labels = {}) {
  return findSamples(text, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}

const count = (text, labels) => total(text, 'db_client_operation_duration_seconds_count', labels);
const ok = (labels) => ({ ...TARGET, db_namespace: 'test', error_type: undefined, ...labels });
const failed = (errorType, labels) => ({ ...TARGET, error_type: errorType, ...labels });

/** Runs `action` and returns how much `measure(exposition)` grew meanwhile. */
async function growth(app, measure, action) {
  const before = measure(await app.scrape());
  await action();
  return measure(await app.scrape()) - before;
}

const PATHS = [
  { title: 'patch path (mysql2 3.24, the default)', env: {}, version: /^3\.(2\d|[3-9]\d)\./ },
  { title: 'patch path (mysql2 3.11, require-time patches)', env: { MYSQL2_DIR: OLD }, version: /^3\.11\./ },
  // The oldest of the range, from before lib/base/: the patch finds the methods on lib/connection.js.
  { title: 'patch path (mysql2 3.0, require-time patches)', env: { MYSQL2_DIR: 'test-fixtures/versions/mysql2-3.0' }, version: /^3\.0\./ },
  // 3.24 through its diagnostics channels (mechanism 'channels'), the variant the benchmark compares.
  {
    title: 'channel path on mysql2 3.24 (mechanism channels)',
    env: {},
    version: /^3\.(2\d|[3-9]\d)\./,
    options: { preload: 'none', execArgv: ['--require', './test-fixtures/apps/mysql2-channels-preload.js'] },
  },
];

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    let app;

    before(async function () {
      await requireService(this, 'mariadb');
      app = await startApp(APP, { env: path.env, ...path.options });
      expect(await app.call('version')).to.match(path.version);
      await app.call('setup');
      await app.call('connect');
    });
    after(async () => {
      await app?.stop();
    });

    it('labels operations with db_system_name mariadb (from the handshake), the namespace, server address and port', async () => {
      const grew = await growth(app, (t) => count(t, ok()), () => app.call('run', 'callback', 'query', 'SELECT 1'));
      expect(grew).to.equal(1);
      expect(findSamples(await app.scrape(), 'db_client_operation_duration_seconds_count', { db_system_name: 'mysql', server_port: '3306' })).to.have.length(0);
    });

    it('names the operation and the table from the SQL text (db_operation_name, db_collection_name)', async () => {
      const labels = ok({ db_operation_name: 'SELECT', db_collection_name: 'myl_items' });
      const grew = await growth(app, (t) => count(t, labels), () => app.call('run', 'promise', 'execute', 'SELECT name FROM myl_items WHERE id = ?', [1]));
      expect(grew).to.equal(1);
      const rows = await growth(app, (t) => total(t, 'db_client_response_returned_rows_count', { db_operation_name: 'SELECT', db_collection_name: 'myl_items' }),
        () => app.call('run', 'callback', 'query', 'SELECT name FROM myl_items WHERE id = ?', [1]));
      expect(rows).to.equal(1);
      const insert = ok({ db_operation_name: 'INSERT', db_collection_name: 'myl_items' });
      expect(await growth(app, (t) => count(t, insert), () => app.call('run', 'callback', 'query', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [401, 'x']))).to.equal(1);
    });

    it('covers query and execute through the callback and the promise APIs', async () => {
      for (const api of ['callback', 'promise']) {
        for (const method of ['query', 'execute']) {
          const grew = await growth(app, (t) => count(t, ok()), () => app.call('run', api, method, 'SELECT id FROM myl_items WHERE id > ?', [0]));
          expect(grew, `${api} ${method}`).to.equal(1);
        }
      }
    });

    it('records returned rows for a SELECT and none for an INSERT (OkPacket)', async () => {
      const rowsCount = (t) => total(t, 'db_client_response_returned_rows_count', { db_namespace: 'test' });
      const rowsSum = (t) => total(t, 'db_client_response_returned_rows_sum', { db_namespace: 'test' });
      const before = await app.scrape();
      for (const id of [101, 102, 103]) await app.call('run', 'callback', 'query', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [id, 'row']);
      const afterInserts = await app.scrape();
      expect(count(afterInserts, ok()) - count(before, ok())).to.equal(3);
      expect(rowsCount(afterInserts)).to.equal(rowsCount(before));
      const result = await app.call('run', 'promise', 'execute', 'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103');
      expect(result).to.deep.equal({ rows: 3 });
      const afterSelect = await app.scrape();
      expect(rowsCount(afterSelect) - rowsCount(afterInserts)).to.equal(1);
      expect(rowsSum(afterSelect) - rowsSum(afterInserts)).to.equal(3);
    });

    it('times a streamed query().stream() and an event-emitter query', async () => {
      const grew = await growth(app, (t) => count(t, ok()), async () => {
        expect(await app.call('stream', 'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103')).to.equal(3);
        expect(await app.call('emitter', 'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103')).to.equal(3);
      });
      expect(grew).to.equal(2);
    });

    it('moves the namespace with changeUser to another database, and back', async () => {
      const other = (t) => count(t, ok({ db_namespace: 'myl_second' }));
      await app.call('changeUser', 'myl_second');
      expect(await growth(app, other, () => app.call('run', 'callback', 'query', 'SELECT * FROM myl_other'))).to.equal(1);
      await app.call('changeUser', 'test');
      expect(await growth(app, other, () => app.call('run', 'callback', 'query', 'SELECT 1'))).to.equal(0);
    });

    it('labels a syntax error ER_PARSE_ERROR and a duplicate key ER_DUP_ENTRY, and the app gets its error unchanged', async () => {
      const parse = await growth(app, (t) => count(t, failed('ER_PARSE_ERROR')), async () => {
        const error = await app.call('run', 'callback', 'query', 'SELEC oops').then(() => null, (e) => e);
        expect(error).to.include({ code: 'ER_PARSE_ERROR', constructorName: 'Error' });
      });
      expect(parse).to.equal(1);
      const duplicate = await growth(app, (t) => count(t, failed('ER_DUP_ENTRY')), async () => {
        await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [201, 'a']);
        const error = await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [201, 'a']).then(() => null, (e) => e);
        expect(error).to.include({ code: 'ER_DUP_ENTRY' });
      });
      expect(duplicate).to.equal(1);
    });

    it('labels a refused connection ECONNREFUSED on the operation and counts it as a failed connection attempt', async () => {
      const text0 = await app.scrape();
      const error = await app.call('connectTo', 1).then(() => null, (e) => e);
      expect(error).to.include({ code: 'ECONNREFUSED' });
      const text1 = await app.scrape();
      const refused = { server_address: '127.0.0.1', server_port: '1', error_type: 'ECONNREFUSED' };
      expect(count(text1, refused) - count(text0, refused)).to.equal(1);
      const attempts = (t) => total(t, 'db_client_connection_create_time_seconds_count', { error_type: 'ECONNREFUSED', db_client_connection_pool_name: undefined });
      expect(attempts(text1) - attempts(text0)).to.equal(1);
    });

    it('labels a query whose connection is KILLed mid-flight with the error the app received', async () => {
      const error = await app.call('killMidQuery').then(() => null, (e) => e);
      expect(error).to.have.property('code').that.is.a('string');
      const text = await app.scrape();
      expect(count(text, failed(error.code))).to.be.at.least(1);
    });

    it('counts a refused pooled connection attempt under the pool\'s name, and the app gets ECONNREFUSED', async () => {
      await app.call('createPool', 'refused', { port: 1, connectionLimit: 1 });
      const attempts = (t) => total(t, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: '127.0.0.1:1/test', error_type: 'ECONNREFUSED' });
      const grew = await growth(app, attempts, async () => {
        const error = await app.call('poolQuery', 'refused', 'SELECT 1').then(() => null, (e) => e);
        expect(error).to.include({ code: 'ECONNREFUSED' });
      });
      expect(grew).to.equal(1);
      await app.call('endPool', 'refused');
    });

    it('counts one connection attempt per new connection, per pool', async () => {
      await app.call('createPool', 'three', { connectionLimit: 3, name: 'myl-three' });
      const attempts = (t) => total(t, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: 'myl-three', db_system_name: 'mariadb', error_type: undefined });
      const grew = await growth(app, attempts, () => app.call('poolConcurrent', 'three', 'SELECT SLEEP(0.1)', 3));
      expect(grew).to.equal(3);
      // A second round reuses them.
      expect(await growth(app, attempts, () => app.call('poolConcurrent', 'three', 'SELECT SLEEP(0.05)', 3))).to.equal(0);
      await app.call('endPool', 'three');
    });

    it('shows an exhausted pool (connectionLimit 1): one used, one pending, then the wait of the second query', async () => {
      await app.call('createPool', 'single', { connectionLimit: 1, name: 'myl-single' });
      const pool = { db_client_connection_pool_name: 'myl-single' };
      const waits = (t) => total(t, 'db_client_connection_wait_time_seconds_count', pool);
      const waited = (t) => total(t, 'db_client_connection_wait_time_seconds_sum', pool);
      await app.call('poolQuery', 'single', 'SELECT 1');
      const before = await app.scrape();
      const running = app.call('poolConcurrent', 'single', 'SELECT SLEEP(0.6)', 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await app.scrape();
      expect(total(during, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(1);
      expect(total(during, 'db_client_connections', { ...pool, db_client_connection_state: 'idle' })).to.equal(0);
      expect(total(during, 'db_client_connection_pending_requests', pool)).to.equal(1);
      expect(total(during, 'db_client_connection_max', pool)).to.equal(1);
      await running;
      const after = await app.scrape();
      expect(waits(after) - waits(before)).to.equal(2);
      expect(waited(after) - waited(before)).to.be.above(0.5);
      expect(total(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
      await app.call('endPool', 'single');
    });

    it('records one wait per acquisition whether the app uses pool.query, pool.execute or getConnection', async () => {
      await app.call('createPool', 'mix', { connectionLimit: 1, name: 'myl-mix' });
      const waits = (t) => total(t, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'myl-mix' });
      const grew = await growth(app, waits, async () => {
        await app.call('poolQuery', 'mix', 'SELECT 1');
        await app.call('poolQuery', 'mix', 'SELECT 1', 'execute');
        await app.call('poolHold', 'mix', 'SELECT 2');
        // Two at a time on one connection: the second of each pair waits in the queue.
        await app.call('poolConcurrent', 'mix', 'SELECT SLEEP(0.05)', 2);
      });
      expect(grew).to.equal(5);
      await app.call('endPool', 'mix');
    });

    it('counts several pools apart: named ones by their name, unnamed ones as host:port/database', async () => {
      await app.call('createPool', 'orders', { connectionLimit: 4, name: 'orders' });
      await app.call('createPool', 'second', { connectionLimit: 2, database: 'myl_second', promise: true });
      await app.call('poolQuery', 'orders', 'SELECT 1');
      await app.call('poolHold', 'orders', 'SELECT 2');
      await app.call('poolQuery', 'second', 'SELECT * FROM myl_other');
      const text = await app.scrape();
      expect(total(text, 'db_client_connection_max', { db_client_connection_pool_name: 'orders' })).to.equal(4);
      expect(total(text, 'db_client_connection_max', { db_client_connection_pool_name: '127.0.0.1:3306/myl_second' })).to.equal(2);
      expect(total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'orders' })).to.equal(2);
      expect(total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: '127.0.0.1:3306/myl_second' })).to.equal(1);
      expect(total(text, 'db_client_connections', { db_system_name: 'mariadb', db_client_connection_pool_name: 'orders', db_client_connection_state: 'idle' })).to.equal(1);
      expect(count(text, ok({ db_namespace: 'myl_second' }))).to.be.at.least(1);
    });

    it('stops reporting a pool\'s gauges once pool.end() closed it', async () => {
      await app.call('endPool', 'orders');
      await app.call('endPool', 'second');
      const text = await app.scrape();
      expect(findSamples(text, 'db_client_connections', { db_client_connection_pool_name: 'orders' })).to.have.length(0);
      expect(findSamples(text, 'db_client_connection_max', { db_client_connection_pool_name: '127.0.0.1:3306/myl_second' })).to.have.length(0);
      // Histograms keep what they measured.
      expect(total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: 'orders' })).to.equal(2);
    });

    it('reports each pool of a pool cluster apart', async () => {
      const waitsOf = (prefix) => (t) => findSamples(t, 'db_client_connection_wait_time_seconds_count')
        .filter((s) => s.labels.db_client_connection_pool_name.startsWith(prefix))
        .reduce((sum, s) => sum + s.value, 0);
      const before = await app.scrape();
      await app.call('cluster', 'SELECT 1', 4);
      const text = await app.scrape();
      const names = findSamples(text, 'db_client_connection_max').map((s) => s.labels.db_client_connection_pool_name);
      expect(names.filter((name) => name.startsWith('127.0.0.1:3306/myl_second'))).to.have.length(1);
      expect(names.filter((name) => name.startsWith('127.0.0.1:3306/test'))).to.have.length.at.least(1);
      expect(waitsOf('127.0.0.1:3306/myl_second')(text) - waitsOf('127.0.0.1:3306/myl_second')(before)).to.equal(2);
      expect(waitsOf('127.0.0.1:3306/test')(text) - waitsOf('127.0.0.1:3306/test')(before)).to.equal(2);
    });

    it('passes Buffer parameters through and records the statement', async () => {
      const grew = await growth(app, (t) => count(t, ok()), async () => {
        const data = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
        await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name, data) VALUES (?, ?, ?)', [301, 'bin', { buffer: data }]);
        expect(await app.call('run', 'callback', 'execute', 'SELECT id FROM myl_items WHERE data = ?', [{ buffer: data }])).to.deep.equal({ rows: 1 });
      });
      expect(grew).to.equal(2);
    });

    it('records a 1 MB SQL text', async () => {
      const grew = await growth(app, (t) => count(t, ok()), async () => {
        expect(await app.call('bigSql', 1 << 20)).to.equal(1 << 20);
      });
      expect(grew).to.equal(1);
    });
  });
}

describe('mysql2 layer: bounded and secret-free exposition', function () {
  this.timeout(120000);
  let app;

  before(async function () {
    await requireService(this, 'mariadb');
    app = await startApp(APP);
    await app.call('setup');
    await app.call('connect');
  });
  after(async () => {
    await app?.stop();
  });

  it('keeps the series count bounded over 10 000 distinct SQL texts', async () => {
    await app.call('distinct', 20);
    const before = seriesCount(await app.scrape(), 'db_client_');
    expect(await app.call('distinct', 10000)).to.equal(10000);
    const text = await app.scrape();
    expect(seriesCount(text, 'db_client_')).to.equal(before);
    expect(count(text, ok())).to.be.at.least(10020);
  });

  it('never exposes a secret sent as a SQL literal or as a parameter, even in a failing statement', async () => {
    await app.call('run', 'callback', 'query', "SELECT * FROM myl_items WHERE name = 'myl-secret-literal-7f3a'");
    await app.call('run', 'callback', 'query', 'SELECT * FROM myl_items WHERE name = ?', ['myl-secret-query-param-4d1e']);
    await app.call('run', 'promise', 'execute', 'SELECT * FROM myl_items WHERE name = ?', ['myl-secret-param-9b2c']);
    await app.call('run', 'callback', 'query', "SELEC 'myl-secret-in-error-2a9c'").catch(() => {});
    const text = await app.scrape();
    expect(count(text, ok())).to.be.at.least(3);
    expect(text).to.not.include('myl-secret');
  });

  it('passes promtool check metrics', async function () {
    await app.call('createPool', 'p', { connectionLimit: 2 });
    await app.call('poolQuery', 'p', 'SELECT 1');
    expect(promtoolCheck(this, await app.scrape())).to.equal('');
  });
});

describe('mysql2 layer: ESM apps and load order', function () {
  this.timeout(60000);
  before(async function () {
    await requireService(this, 'mariadb');
  });

  for (const path of PATHS.filter((p) => p.options === undefined)) {
    it(`measures an ESM app (import mysql from 'mysql2/promise', --import, no loader hook) on the ${path.title}`, async () => {
      const app = await startApp('test-fixtures/apps/mysql2-esm.mjs', { preload: 'import', env: path.env });
      try {
        await app.call('query', 'SELECT 1');
        await app.call('execute', 'SELECT ? AS v', [1]);
        await app.call('poolQuery', 'SELECT 1');
        const text = await app.scrape();
        expect(count(text, ok())).to.equal(3);
        expect(total(text, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: '127.0.0.1:3306/test' })).to.equal(1);
        expect(app.stderr).to.not.include('mysql2');
      } finally {
        await app.stop();
      }
    });
  }

  for (const [release, env] of [['3.11', { MYSQL2_DIR: OLD }], ['3.24', {}]]) {
    it(`warns once, naming mysql2, when mysql2 ${release} (patched) was loaded before nodeprom`, async () => {
      const app = await startApp('test-fixtures/apps/mysql2-early.js', { preload: 'none', env });
      try {
        await app.call('query', 'SELECT 1');
        const warnings = app.stderr.split('\n').filter((line) => line.includes('mysql2'));
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.include('mysql2 was loaded before nodeprom');
      } finally {
        await app.stop();
      }
    });
  }
});
