'use strict';
// Fails in the database: the table it alters does not exist (SQLSTATE 42P01 / ER_NO_SUCH_TABLE).
exports.up = (knex) => knex.raw('ALTER TABLE knexl_no_such_table ADD COLUMN knexl_x INTEGER');
exports.down = () => Promise.resolve();
