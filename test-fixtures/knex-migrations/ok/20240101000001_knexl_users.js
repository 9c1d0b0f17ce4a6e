'use strict';
exports.up = (knex) => knex.schema.createTable('knexl_users', (table) => {
  table.increments('id');
  table.string('name');
});
exports.down = (knex) => knex.schema.dropTable('knexl_users');
