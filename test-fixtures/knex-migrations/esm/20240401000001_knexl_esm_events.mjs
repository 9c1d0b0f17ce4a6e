export function up(knex) {
  return knex.schema.createTable('knexl_esm_events', (table) => {
    table.increments('id');
    table.string('kind');
  });
}
export function down(knex) {
  return knex.schema.dropTable('knexl_esm_events');
}
