// @ts-check

/**
 * A platform module keeps the wiring its manifest declares (which of its inputs another module's
 * output or the project feeds), so that the module list the Create form reads carries it. Modules
 * stored before have none until the next scan writes the platform's modules again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_modules', table => {
    table
      .text('wiring')
      .nullable()
      .comment('JSON array of { input, from }; null when none was declared');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_modules', table => {
    table.dropColumn('wiring');
  });
};
