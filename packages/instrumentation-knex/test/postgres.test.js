'use strict';
const knex = require('knex');
const { resetPostgres, KNEX_2_DIR } = require('./helpers');
const { lifecycleSuite } = require('./lifecycle');

const other = () =>
  knex({
    client: 'pg',
    connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'knexl_a' },
    pool: { min: 0, max: 2 },
  });

lifecycleSuite('knex 3 on PostgreSQL: migration lifecycle', {
  service: 'postgres',
  reset: () => resetPostgres('knexl_a'),
  env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a' },
  labels: { db_system_name: 'postgresql', db_namespace: 'knexl_a' },
  other,
  knexMajor: 3,
});

lifecycleSuite('knex 2 on PostgreSQL: migration lifecycle', {
  service: 'postgres',
  reset: () => resetPostgres('knexl_a'),
  env: { KNEX_CLIENT: 'pg', KNEX_DATABASES: 'knexl_a', KNEX_DIR: KNEX_2_DIR },
  labels: { db_system_name: 'postgresql', db_namespace: 'knexl_a' },
  other,
  knexMajor: 2,
});
