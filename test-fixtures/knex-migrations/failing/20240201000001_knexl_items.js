'use strict';
exports.up = (knex) => knex.schema.createTable('knexl_items', (table) => table.increments('id'));
exports.down = (knex) => knex.schema.dropTable('knexl_items');
