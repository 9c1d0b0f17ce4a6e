export const config = { transaction: false };
export async function up(knex) {
  await knex.schema.createTable('knexl_esm_tags', (table) => table.string('tag'));
}
export async function down(knex) {
  await knex.schema.dropTable('knexl_esm_tags');
}
