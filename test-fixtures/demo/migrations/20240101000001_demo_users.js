'use strict';
exports.up = (knex) =>
  knex.schema.createTable('demo_users', (table) => {
    table.increments('id');
    table.string('email').notNullable().unique();
    table.timestamp('created_at').defaultTo(knex.fn.now());
  });
exports.down = (knex) => knex.schema.dropTable('demo_users');
