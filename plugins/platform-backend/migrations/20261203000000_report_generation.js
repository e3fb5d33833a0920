// @ts-check

/**
 * One row whose generation goes up with every write that changes what the drift report shows
 * (results, repositories' owners, platform modules). A backend keeps the report in memory and
 * asks this row whether another instance has written since it read the rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_report_state', table => {
    table.comment('The generation of the drift report data');
    table.integer('id').primary().notNullable();
    table.bigInteger('generation').notNullable().defaultTo(0);
  });
  await knex('platform_report_state').insert({ id: 1, generation: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_report_state');
};
