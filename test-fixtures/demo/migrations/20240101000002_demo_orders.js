'use strict';
exports.up = (knex) =>
  knex.schema.createTable('demo_orders', (table) => {
    table.increments('id');
    table.integer('user_id').notNullable().references('id').inTable('demo_users');
    table.integer('total_cents').notNullable();
    table.timestamp('created_at').defaultTo(knex.fn.now());
  });
exports.down = (knex) => knex.schema.dropTable('demo_orders');
