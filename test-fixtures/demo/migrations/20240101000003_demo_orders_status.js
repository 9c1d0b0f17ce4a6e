'use strict';
exports.up = (knex) =>
  knex.schema.alterTable('demo_orders', (table) => {
    table.string('status', 16).notNullable().defaultTo('new');
    table.index(['user_id', 'status'], 'demo_orders_user_status');
  });
exports.down = (knex) =>
  knex.schema.alterTable('demo_orders', (table) => {
    table.dropIndex(['user_id', 'status'], 'demo_orders_user_status');
    table.dropColumn('status');
  });
