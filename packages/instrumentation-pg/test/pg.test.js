'use strict';
const { expect } = require('chai');
const {
  requireService, startApp, findSamples, sampleValue, parseExposition, promtoolCheck, freePort,
} = require('@nodeprom/test-utils');

const DURATION = 'db_client_operation_duration_seconds';
const ROWS = 'db_client_response_returned_rows';
const CREATE = 'db_client_connection_create_time_seconds';
const WAIT = 'db_client_connection_wait_time_seconds';
const SERVER = { db_system_name: 'postgresql', db_namespace: 'test', server_address: '127.0.0.1', server_port: '5432' };
const DEFAULT_POOL = '127.0.0.1:5432/test';

/** The histogram's count for exactly these labels (`undefined` label = absent); 0 when no series. */
function count(text, name, labels) {
  return sampleValue(text, `${name}_count`, labels) ?? 0;
}
function sum(text, name, labels) {
  return sampleValue(text, `${name}_sum`, labels) ?? 0;
}

describe('pg layer: a CommonJS app with pg 8.x', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('test-fixtures/apps/pg-app.js');
    await app.call('setup');
  });

  after(async () => {
    if (app) await app.stop();
  });

  /** Runs `action` and returns the scrapes before and after it. */
  async function around(action) {
    const before = await app.scrape();
    const value = await action();
    const after = await app.scrape();
    return { before, after, value };
  }

  it('records a text query with its operation, table, namespace and server, and the app gets pg\'s Result', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(() => app.call('text', 'SELECT id, name FROM pgl_items'));
    expect(value).to.deep.equal([{ command: 'SELECT', rowCount: 0, rows: 0, isResult: true }]);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(sum(after, DURATION, labels)).to.be.above(sum(before, DURATION, labels));
  });

  it('records a config-object query with values', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(() => app.call('config', 'SELECT name FROM pgl_items WHERE id = $1', [1]));
    expect(value[0].command).to.equal('SELECT');
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('records named prepared statements each time they run, also when run again by name alone', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(() => app.call('prepared', 'pgl_by_id', 'SELECT * FROM pgl_items WHERE id = $1', [7], 2));
    expect(value).to.have.length(3);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(3);
  });

  it('records callback queries and keeps pg\'s callback contract: no promise returned, (null, result) passed', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(() => app.call('callback', 'SELECT $1::int AS n', [3]));
    expect(value).to.deep.equal({ returned: true, result: [{ command: 'SELECT', rowCount: 1, rows: 1, isResult: true }], args: 2 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('records a pg.Query Submittable once and returns the same object, with its row events intact', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(() => app.call('submittableQuery', 'SELECT generate_series(1, 4) AS n'));
    expect(value).to.deep.equal({ same: true, rows: 4 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('records a pg-cursor read page by page as one operation, ended when the cursor closes', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(() => app.call('cursor', 'SELECT generate_series(1, 25) AS n', 10));
    expect(value).to.deep.equal({ same: true, rows: 25 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    // Cursors fetch at the app's pace and may close early: their rows are not recorded.
    expect(count(after, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined }))
      .to.equal(count(before, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined }));
  });

  it('records a pg-query-stream as one operation and returns the same stream object', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(() => app.call('stream', 'SELECT generate_series(1, 35) AS n'));
    expect(value).to.deep.equal({ same: true, rows: 35 });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('records a failing pg-query-stream with the SQLSTATE, and the stream still errors for the app', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: 'pgl_missing', error_type: '42P01' };
    const { before, after, value } = await around(() => app.call('streamError', 'SELECT * FROM pgl_missing'));
    expect(value).to.deep.equal({ code: '42P01' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('counts returned rows for SELECT and INSERT ... RETURNING, not for INSERT without RETURNING', async () => {
    const select = { db_system_name: 'postgresql', db_namespace: 'test', db_operation_name: 'SELECT', db_collection_name: undefined };
    const insert = { db_system_name: 'postgresql', db_namespace: 'test', db_operation_name: 'INSERT', db_collection_name: 'pgl_items' };
    let { before, after } = await around(() => app.call('text', 'SELECT generate_series(1, 7) AS n'));
    expect(count(after, ROWS, select) - count(before, ROWS, select)).to.equal(1);
    expect(sum(after, ROWS, select) - sum(before, ROWS, select)).to.equal(7);

    ({ before, after } = await around(() => app.call('text', "INSERT INTO pgl_items (id, name) VALUES (101, 'a'), (102, 'b')")));
    expect(count(after, DURATION, { ...insert, error_type: undefined }) - count(before, DURATION, { ...insert, error_type: undefined })).to.equal(1);
    expect(count(after, ROWS, insert)).to.equal(count(before, ROWS, insert));

    ({ before, after } = await around(() => app.call('text', "INSERT INTO pgl_items (id, name) VALUES (103, 'c'), (104, 'd') RETURNING id")));
    expect(count(after, ROWS, insert) - count(before, ROWS, insert)).to.equal(1);
    expect(sum(after, ROWS, insert) - sum(before, ROWS, insert)).to.equal(2);
  });

  it('sums the rows of a multi-statement text and records it once, as a batch', async () => {
    const { before, after, value } = await around(() => app.call('text', 'SELECT 1 AS a; SELECT generate_series(1, 4) AS b'));
    expect(value.map((r) => r.rows)).to.deep.equal([1, 4]);
    const grown = (text, name, stat) => findSamples(text, `${name}_${stat}`, { db_namespace: 'test' })
      .filter((s) => s.labels.db_operation_name.startsWith('BATCH')).reduce((n, s) => n + s.value, 0);
    expect(grown(after, DURATION, 'count') - grown(before, DURATION, 'count')).to.equal(1);
    expect(grown(after, ROWS, 'sum') - grown(before, ROWS, 'sum')).to.equal(5);
  });

  it('records each query of a pipelined client (several in flight at once) with its own outcome', async () => {
    const select = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const before = await app.scrape();
    const value = await app.call('pipelined', ['SELECT 1', 'SELECT generate_series(1, 3)', 'SELEC', 'SELECT 2']);
    const after = await app.scrape();
    expect(value).to.deep.equal([1, 3, '42601', 1]);
    expect(count(after, DURATION, select) - count(before, DURATION, select)).to.equal(3);
    const failed = (text) => findSamples(text, `${DURATION}_count`, { ...SERVER, error_type: '42601' }).reduce((n, s) => n + s.value, 0);
    expect(failed(after) - failed(before)).to.equal(1);
  });

  it('reports a syntax error as 42601, and the app gets pg\'s own DatabaseError', async () => {
    const labels = { ...SERVER, error_type: '42601' };
    const before = await app.scrape();
    const error = await app.call('text', 'SELEC 1').then(() => undefined, (e) => e);
    const after = await app.scrape();
    expect(error).to.include({ code: '42601', constructorName: 'DatabaseError' });
    const grown = findSamples(after, `${DURATION}_count`, labels).reduce((n, s) => n + s.value, 0)
      - findSamples(before, `${DURATION}_count`, labels).reduce((n, s) => n + s.value, 0);
    expect(grown).to.equal(1);
  });

  it('reports a unique violation as 23505 on INSERT into the table', async () => {
    const labels = { ...SERVER, db_operation_name: 'INSERT', db_collection_name: 'pgl_items', error_type: '23505' };
    await app.call('text', "INSERT INTO pgl_items (id, name) VALUES (200, 'first')");
    const before = await app.scrape();
    const error = await app.call('config', 'INSERT INTO pgl_items (id, name) VALUES ($1, $2)', [200, 'again']).then(() => undefined, (e) => e);
    const after = await app.scrape();
    expect(error).to.include({ code: '23505', constructorName: 'DatabaseError' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('counts a refused connection on create_time with error_type ECONNREFUSED, and the app gets the socket error', async () => {
    const port = await freePort();
    const labels = { db_system_name: 'postgresql', server_address: '127.0.0.1', db_client_connection_pool_name: undefined, error_type: 'ECONNREFUSED' };
    const { before, after, value } = await around(() => app.call('unreachable', port));
    expect(value).to.deep.equal({ code: 'ECONNREFUSED', constructorName: 'Error' });
    expect(count(after, CREATE, labels) - count(before, CREATE, labels)).to.equal(1);
  });

  it('reports a query whose backend is terminated mid-query (pg_terminate_backend) with SQLSTATE 57P01', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: '57P01' };
    const { before, after, value } = await around(() => app.call('terminated'));
    expect(value.code).to.equal('57P01');
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(sum(after, DURATION, labels) - sum(before, DURATION, labels)).to.be.above(0.1);
  });

  it('reports a client-side read timeout (query_timeout) as error_type timeout', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: 'timeout' };
    const { before, after, value } = await around(() => app.call('readTimeout'));
    expect(value).to.deep.equal({ message: 'Query read timeout' });
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
  });

  it('records pool.query, names the pool host:port/database, counts its new connection and reads its gauges at scrape time', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: DEFAULT_POOL };
    const { after, value } = await around(() => app.call('poolQuery', 'default', {}, 'SELECT $1::text AS v', ['x']));
    expect(value[0].rows).to.equal(1);
    expect(count(after, CREATE, { ...pool, server_address: '127.0.0.1', error_type: undefined })).to.equal(1);
    expect(count(after, WAIT, pool)).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'idle' })).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(0);
    expect(sampleValue(after, 'db_client_connection_max', pool)).to.equal(10);
    expect(sampleValue(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
  });

  it('records a transaction on pool.connect() + release(): BEGIN, INSERT and COMMIT, one wait', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: DEFAULT_POOL };
    const op = (name, collection) => ({ ...SERVER, db_operation_name: name, db_collection_name: collection, error_type: undefined });
    const { before, after } = await around(() => app.call('transaction', 'default', 300));
    for (const [name, collection] of [['BEGIN', undefined], ['INSERT', 'pgl_items'], ['COMMIT', undefined]]) {
      expect(count(after, DURATION, op(name, collection)) - count(before, DURATION, op(name, collection)), name).to.equal(1);
    }
    expect(count(after, WAIT, pool) - count(before, WAIT, pool)).to.equal(1);
    expect(sampleValue(after, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(0);
  });

  it('makes a request wait on a pool at its max: pending gauge while it waits, wait_time once it is served', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: 'pgl_exhausted' };
    const before = await app.scrape();
    const held = await app.call('holdAndQueue', 'exhausted', { nodepromPoolName: 'pgl_exhausted' }, 'SELECT 1 AS one');
    expect(held).to.deep.equal({ waiting: 1 });
    const waiting = await app.scrape();
    expect(sampleValue(waiting, 'db_client_connection_pending_requests', pool)).to.be.at.least(1);
    expect(sampleValue(waiting, 'db_client_connections', { ...pool, db_client_connection_state: 'used' })).to.equal(1);
    expect(sampleValue(waiting, 'db_client_connection_max', pool)).to.equal(1);
    await app.call('releaseHeld', 150);
    const after = await app.scrape();
    expect(count(after, WAIT, pool) - count(before, WAIT, pool)).to.be.at.least(2);
    // The queued request waited for the release, at least 150 ms.
    expect(sampleValue(after, `${WAIT}_bucket`, { ...pool, le: '0.1' })).to.be.below(count(after, WAIT, pool));
    expect(sampleValue(after, 'db_client_connection_pending_requests', pool)).to.equal(0);
  });

  it('counts several pools apart, a pool named with nodepromPoolName under that name', async () => {
    await app.call('poolQuery', 'orders', { nodepromPoolName: 'orders', max: 3 }, 'SELECT 1');
    await app.call('poolQuery', 'reports', { nodepromPoolName: 'reports', max: 5 }, 'SELECT 1');
    const text = await app.scrape();
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: 'orders' })).to.equal(3);
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: 'reports' })).to.equal(5);
    expect(sampleValue(text, 'db_client_connection_max', { db_client_connection_pool_name: DEFAULT_POOL })).to.equal(10);
    expect(count(text, WAIT, { db_system_name: 'postgresql', db_client_connection_pool_name: 'orders' })).to.equal(1);
    expect(count(text, CREATE, { db_system_name: 'postgresql', db_client_connection_pool_name: 'reports', server_address: '127.0.0.1', error_type: undefined })).to.equal(1);
  });

  it('stops reporting a pool\'s gauges once the pool ends', async () => {
    await app.call('poolQuery', 'ending', { nodepromPoolName: 'pgl_ending' }, 'SELECT 1');
    expect(sampleValue(await app.scrape(), 'db_client_connection_max', { db_client_connection_pool_name: 'pgl_ending' })).to.equal(10);
    await app.call('endPool', 'ending');
    const text = await app.scrape();
    expect(findSamples(text, 'db_client_connections', { db_client_connection_pool_name: 'pgl_ending' })).to.have.length(0);
    expect(findSamples(text, 'db_client_connection_max', { db_client_connection_pool_name: 'pgl_ending' })).to.have.length(0);
  });

  it('counts a pool\'s refused connection attempts under the pool with error_type ECONNREFUSED', async () => {
    const port = await freePort();
    const error = await app.call('poolQuery', 'refused', { port, nodepromPoolName: 'pgl_refused' }, 'SELECT 1').then(() => undefined, (e) => e);
    expect(error).to.include({ code: 'ECONNREFUSED' });
    const text = await app.scrape();
    expect(count(text, CREATE, { db_client_connection_pool_name: 'pgl_refused', server_address: '127.0.0.1', error_type: 'ECONNREFUSED' })).to.equal(1);
    expect(count(text, WAIT, { db_client_connection_pool_name: 'pgl_refused' })).to.equal(0);
  });

  it('summarizes a 1 MB SQL text without any of its literal reaching the exposition', async () => {
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after, value } = await around(() => app.call('big', 1024 * 1024));
    expect(value[0].rows).to.equal(1);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(1);
    expect(after).to.not.include('xxxxxxxx');
  });

  it('passes binary (Buffer) parameters through unchanged and records the statements', async () => {
    const insert = { ...SERVER, db_operation_name: 'INSERT', db_collection_name: 'pgl_items', error_type: undefined };
    const { before, after, value } = await around(() => app.call('binary', 400, [0, 1, 2, 255, 0, 128]));
    expect(value).to.deep.equal({ equal: true });
    expect(count(after, DURATION, insert) - count(before, DURATION, insert)).to.equal(1);
  });

  it('keeps the operation series bounded over 10 000 distinct SQL texts', async function () {
    this.timeout(120000);
    const labelSets = (text) => findSamples(text, `${DURATION}_count`).length;
    const labels = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    const { before, after } = await around(() => app.call('distinct', 10000));
    expect(labelSets(after)).to.be.at.most(labelSets(before) + 1);
    expect(count(after, DURATION, labels) - count(before, DURATION, labels)).to.equal(10000);
  });

  it('never puts a secret sent as a literal or as a parameter into the exposition', async () => {
    const literal = 'pglSecretLiteral8842';
    const parameter = 'pglSecretParameter1193';
    await app.call('text', `SELECT '${literal}' AS s`);
    await app.call('config', 'SELECT $1::text AS s', [parameter]);
    await app.call('config', `INSERT INTO pgl_items (id, name) VALUES (500, '${literal}')`, []);
    await app.call('config', 'INSERT INTO pgl_items (id, name) VALUES ($1, $2)', [500, parameter]).catch(() => undefined);
    await app.call('text', `SELECT * FROM pgl_missing WHERE name = '${literal}'`).catch(() => undefined);
    const text = await app.scrape();
    expect(text).to.include(DURATION);
    expect(text).to.not.include(literal);
    expect(text).to.not.include(parameter);
  });

  it('passes promtool check metrics on a scrape with the pg layer on', async function () {
    const text = await app.scrape();
    expect(parseExposition(text).samples.some((s) => s.name.startsWith('db_client_'))).to.equal(true);
    expect(promtoolCheck(this, text)).to.equal('');
  });
});

describe('pg layer: the oldest supported pg, 8.0.3 (test-fixtures/versions/pg-8.0)', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('test-fixtures/apps/pg-app.js', { env: { PG_DIR: 'test-fixtures/versions/pg-8.0' } });
    await app.call('setup');
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('records promise and callback queries, their rows, and a server error', async () => {
    const select = { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined };
    await app.call('text', 'SELECT generate_series(1, 6) AS n');
    await app.call('callback', 'SELECT $1::int AS n', [3]);
    const error = await app.call('text', 'SELEC 1').then(() => undefined, (e) => e);
    expect(error).to.include({ code: '42601' });
    const text = await app.scrape();
    expect(count(text, DURATION, select)).to.equal(2);
    expect(sum(text, ROWS, { db_operation_name: 'SELECT', db_collection_name: undefined })).to.equal(7);
    expect(findSamples(text, `${DURATION}_count`, { error_type: '42601' })).to.have.length(1);
    expect(count(text, CREATE, { db_system_name: 'postgresql', server_address: '127.0.0.1', db_client_connection_pool_name: undefined, error_type: undefined })).to.equal(1);
  });

  it('records a pool at its max: waits, pending gauge, and the pool\'s connections', async () => {
    const pool = { db_system_name: 'postgresql', db_client_connection_pool_name: 'pgl_old' };
    expect(await app.call('holdAndQueue', 'old', { nodepromPoolName: 'pgl_old' }, 'SELECT 1 AS one')).to.deep.equal({ waiting: 1 });
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

describe('pg layer: an ESM app (import pg from \'pg\') with --import', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('test-fixtures/apps/pg-esm-app.mjs', { preload: 'import' });
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('records client and pool queries without a loader hook', async () => {
    expect(await app.call('text', 'SELECT generate_series(1, 3) AS n')).to.equal(3);
    expect(await app.call('poolQuery', 'SELECT 1 AS n')).to.equal(1);
    const text = await app.scrape();
    expect(count(text, DURATION, { ...SERVER, db_operation_name: 'SELECT', db_collection_name: undefined, error_type: undefined })).to.equal(2);
    expect(count(text, WAIT, { db_system_name: 'postgresql', db_client_connection_pool_name: 'esm' })).to.equal(1);
    expect(app.stderr).to.not.include('[nodeprom]');
  });
});

describe('pg layer: pg loaded before nodeprom', function () {
  let app;

  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp('test-fixtures/apps/pg-early-app.js', { preload: 'none' });
  });

  after(async () => {
    if (app) await app.stop();
  });

  it('warns once, naming pg, and the app still works', async () => {
    expect(await app.call('text', 'SELECT 1 AS n')).to.equal(1);
    const warnings = app.stderr.split('\n').filter((line) => line.includes('[nodeprom] warn'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('pg was loaded before nodeprom');
  });
});
