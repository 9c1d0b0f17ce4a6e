'use strict';
// An async migration with two statements: ALTER, then a data fix.
exports.up = async (knex) => {
  await knex.schema.alterTable('knexl_posts', (table) => table.text('body'));
  await knex('knexl_posts').update({ body: '' });
};
exports.down = (knex) => knex.schema.alterTable('knexl_posts', (table) => table.dropColumn('body'));
