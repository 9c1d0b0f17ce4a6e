'use strict';
// Prints name and length of every driver function nodeprom wraps, after the drivers are loaded and
// used once (some wrappers are installed on first use), for the test that compares them with and
// without the preload.
const path = require('node:path');
const util = require('node:util');

// Internal files, by path: the drivers' package exports do not list them.
const internal = (name, file) => require(path.join(path.dirname(require.resolve(`${name}/package.json`)), file));

async function main() {
  const pg = require('pg');
  const Pool = require('pg-pool');
  const mysql2Connection = internal('mysql2', 'lib/connection.js');
  const mysql2Pool = internal('mysql2', 'lib/pool.js');
  const handshake = internal('mysql2', 'lib/commands/client_handshake.js');
  const Redis = require('ioredis');
  const knexModule = require('knex');
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();

  const functions = {};
  const add = (name, fn) => {
    functions[name] = typeof fn === 'function' ? `${fn.name}/${fn.length} ${util.inspect(fn)}` : String(fn);
  };
  for (const method of ['query', '_connect']) add(`pg.Client#${method}`, pg.Client.prototype[method]);
  for (const method of ['connect', 'newClient', '_acquireClient', 'end'])
    add(`pg-pool#${method}`, Pool.prototype[method]);
  add('pg.Query', pg.Query);
  const owner = (proto, method) => {
    for (let at = proto; at; at = Object.getPrototypeOf(at))
      if (Object.prototype.hasOwnProperty.call(at, method)) return at[method];
    return undefined;
  };
  for (const method of ['query', 'execute', '_notifyError'])
    add(`mysql2.Connection#${method}`, owner(mysql2Connection.prototype, method));
  add('mysql2.Connection.createQuery', mysql2Connection.createQuery);
  add('mysql2.Pool#getConnection', owner(mysql2Pool.prototype, 'getConnection'));
  add('mysql2.ClientHandshake#start', owner(handshake.prototype, 'start'));
  for (const method of ['sendCommand', 'setStatus', 'silentEmit'])
    add(`ioredis.Redis#${method}`, Redis.prototype[method]);
  add('knex', knexModule.knex ?? knexModule);
  const KnexClient = internal('knex', 'lib/client.js');
  add('knex.Client#acquireConnection', KnexClient.prototype.acquireConnection);
  const { Migrator } = internal('knex', 'lib/migrations/migrate/Migrator.js');
  for (const method of ['latest', 'rollback', 'list', 'status', '_waterfallBatch'])
    add(`knex.Migrator#${method}`, Migrator.prototype[method]);
  process.stdout.write(`${JSON.stringify(functions)}\n`);
}
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
