'use strict';
// DbClientRecorder: what every data layer records through. A counting sink shows which cells the
// recorder resolves (attribute sets), and how often: once per series, never per operation.
const { expect } = require('chai');
const { DbClientRecorder, summarizeSql, MAX_TABLES_PER_DATABASE, setLogLevel } = require('@nodeprom/core');

function countingSink() {
  const resolved = [];
  const records = [];
  const gauges = new Map();
  const instrument = (name) => ({
    cell(attributes) {
      resolved.push({ name, attributes: { ...attributes } });
      return {
        record: (value) => records.push({ name, attributes, value }),
        add: (value) => records.push({ name, attributes, value }),
      };
    },
  });
  return {
    resolved,
    records,
    sink: {
      histogram: (definition) => instrument(definition.name),
      counter: (definition) => instrument(definition.name),
      upDownCounter: (definition) => instrument(definition.name),
      gauge: (definition, callback) => {
        gauges.set(definition.name, callback);
        return () => gauges.delete(definition.name);
      },
    },
    observe(name) {
      const seen = [];
      gauges.get(name)((value, attributes) => seen.push({ value, attributes }));
      return seen;
    },
  };
}

describe('DbClientRecorder', () => {
  before(() => setLogLevel('none'));
  after(() => setLogLevel('warn'));

  it('resolves a series once and then only records into it', () => {
    const { sink, resolved, records } = countingSink();
    const recorder = new DbClientRecorder(sink);
    const target = recorder.target('postgresql', 'shop', '127.0.0.1', 5432);
    const summary = summarizeSql('SELECT * FROM orders');
    for (let i = 0; i < 5; i++) recorder.operation(target, summary, 0.01, undefined, 1);
    const durationCells = resolved.filter((cell) => cell.name === 'db.client.operation.duration');
    expect(durationCells).to.have.length(1);
    expect(durationCells[0].attributes).to.deep.equal({
      'db.system.name': 'postgresql',
      'db.namespace': 'shop',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'orders',
      'server.address': '127.0.0.1',
      'server.port': 5432,
    });
    expect(records.filter((r) => r.name === 'db.client.operation.duration')).to.have.length(5);
    expect(resolved.filter((cell) => cell.name === 'db.client.response.returned_rows')).to.have.length(1);
  });

  it('interns targets: the same settings give the same object', () => {
    const recorder = new DbClientRecorder(countingSink().sink);
    expect(recorder.target('mysql', 'a', 'h', 1)).to.equal(recorder.target('mysql', 'a', 'h', 1));
    expect(recorder.target('mysql', 'a', 'h', 1)).to.not.equal(recorder.target('mysql', 'b', 'h', 1));
  });

  it('keeps one series per error type, apart from the successes', () => {
    const { sink, resolved } = countingSink();
    const recorder = new DbClientRecorder(sink);
    const target = recorder.target('postgresql', 'shop', undefined, undefined);
    const summary = summarizeSql('INSERT INTO orders VALUES (1)');
    recorder.operation(target, summary, 0.01, '23505', -1);
    recorder.operation(target, summary, 0.01, '23505', -1);
    recorder.operation(target, summary, 0.01, '42601', -1);
    const failed = resolved
      .filter((cell) => cell.attributes['error.type'] !== undefined)
      .map((cell) => cell.attributes['error.type']);
    expect(failed).to.deep.equal(['23505', '42601']);
  });

  it(`keeps the first ${MAX_TABLES_PER_DATABASE} tables of a database and records later ones as _OTHER`, () => {
    const { sink, resolved } = countingSink();
    const recorder = new DbClientRecorder(sink);
    const target = recorder.target('postgresql', 'tables_cap', '127.0.0.1', 5432);
    const other = recorder.target('postgresql', 'another_db', '127.0.0.1', 5432);
    for (let i = 0; i < MAX_TABLES_PER_DATABASE + 20; i++)
      recorder.operation(target, summarizeSql(`SELECT * FROM rtcap_${i}`), 0.001, undefined, -1);
    recorder.operation(other, summarizeSql('SELECT * FROM rtcap_500'), 0.001, undefined, -1);
    const tables = resolved
      .filter(
        (cell) => cell.name === 'db.client.operation.duration' && cell.attributes['db.namespace'] === 'tables_cap',
      )
      .map((cell) => cell.attributes['db.collection.name']);
    expect(new Set(tables).size).to.equal(MAX_TABLES_PER_DATABASE + 1);
    expect(tables).to.include('_OTHER');
    expect(tables).to.not.include(`rtcap_${MAX_TABLES_PER_DATABASE}`);
    // Another database has its own allowance.
    expect(
      resolved.some(
        (cell) =>
          cell.attributes['db.namespace'] === 'another_db' && cell.attributes['db.collection.name'] === 'rtcap_500',
      ),
    ).to.equal(true);
  });

  it('reports a registered pool at every scrape until it is closed, and records its waits and attempts under its name', () => {
    const { sink, records, observe } = countingSink();
    const recorder = new DbClientRecorder(sink);
    const pool = { used: 2, idle: 1 };
    const registered = recorder.registerPool('postgresql', 'orders', '127.0.0.1', pool, (p) => ({
      used: p.used,
      idle: p.idle,
      max: 10,
      pending: 0,
    }));
    recorder.poolWait(registered, 0.5);
    recorder.connectionAttempt('postgresql', registered, undefined, 0.02, undefined);
    recorder.connectionAttempt('postgresql', registered, undefined, 0.03, 'ECONNREFUSED');
    const connections = observe('db.client.connections');
    expect(connections.map((o) => [o.attributes['db.client.connection.state'], o.value])).to.deep.equal([
      ['idle', 1],
      ['used', 2],
    ]);
    expect(observe('db.client.connection.max')[0]).to.deep.equal({
      value: 10,
      attributes: { 'db.system.name': 'postgresql', 'db.client.connection.pool.name': 'orders' },
    });
    const wait = records.find((r) => r.name === 'db.client.connection.wait_time');
    expect(wait.attributes['db.client.connection.pool.name']).to.equal('orders');
    const attempts = records.filter((r) => r.name === 'db.client.connection.create_time');
    expect(attempts.map((r) => r.attributes['error.type'])).to.deep.equal([undefined, 'ECONNREFUSED']);
    expect(
      attempts.every(
        (r) =>
          r.attributes['db.client.connection.pool.name'] === 'orders' && r.attributes['server.address'] === '127.0.0.1',
      ),
    ).to.equal(true);
    recorder.closePool(registered);
    expect(observe('db.client.connections')).to.have.length(0);
  });

  it("records cache hits and misses of a read command on the command's series", () => {
    const { sink, records } = countingSink();
    const recorder = new DbClientRecorder(sink);
    const target = recorder.target('redis', '0', '127.0.0.1', 6379);
    const get = { key: 'GET', operation: 'GET', collection: undefined };
    recorder.operation(target, get, 0.001, undefined, -1);
    recorder.cacheLookups(target, get, 1, 0);
    recorder.operation(target, get, 0.001, undefined, -1);
    recorder.cacheLookups(target, get, 0, 1);
    const lookups = records
      .filter((r) => r.name === 'db.client.cache.lookups')
      .map((r) => [r.attributes['cache.result'], r.value]);
    expect(lookups).to.deep.equal([
      ['hit', 1],
      ['miss', 1],
    ]);
  });
});
