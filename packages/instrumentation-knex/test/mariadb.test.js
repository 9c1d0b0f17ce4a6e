'use strict';
const knex = require('knex');
const { resetMariadb } = require('./helpers');
const { lifecycleSuite } = require('./lifecycle');

lifecycleSuite('knex 3 on MariaDB (mysql2): migration lifecycle', {
  service: 'mariadb',
  reset: () => resetMariadb('knexl_a'),
  env: { KNEX_CLIENT: 'mysql2', KNEX_DATABASES: 'knexl_a' },
  labels: { db_system_name: 'mariadb', db_namespace: 'knexl_a' },
  knexMajor: 3,
  other: () =>
    knex({
      client: 'mysql2',
      connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'knexl_a' },
      pool: { min: 0, max: 2 },
    }),
});
