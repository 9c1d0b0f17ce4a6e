'use strict';
exports.up = (knex) => knex.schema.createTable('knexl_posts', (table) => {
  table.increments('id');
  table.integer('user_id');
  table.string('title');
});
exports.down = (knex) => knex.schema.dropTable('knexl_posts');
