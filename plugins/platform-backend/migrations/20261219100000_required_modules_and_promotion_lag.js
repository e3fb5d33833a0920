// @ts-check

/**
 * A platform module keeps whether every service must use it (and at which releases), so that
 * the report can name the services that miss it; modules stored before are not required until
 * the next scan writes the platform's modules again.
 *
 * Promotion lag gets a history: per service, module and lagging environment, the first scan at
 * which the environment was seen behind an earlier one, kept while the lag lasts, so the report
 * can say for how long prod has waited. Lags of services scanned before start at their next scan.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_modules', table => {
    table
      .text('required')
      .nullable()
      .comment('JSON { versions? } when every service must use the module');
  });
  await knex.schema.createTable('platform_promotion_lags', table => {
    table.comment(
      'Since when an environment of a service has lagged an earlier one on a module',
    );
    table.string('entity_ref', 255).notNullable();
    table
      .string('platform', 255)
      .notNullable()
      .comment("Manifest name; '' for none");
    table.string('module', 255).notNullable();
    table.string('environment', 255).notNullable();
    table
      .timestamp('since', { useTz: true })
      .notNullable()
      .comment('The first scan at which the lag was seen');
    table.primary(['entity_ref', 'platform', 'module', 'environment']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_promotion_lags');
  await knex.schema.alterTable('platform_modules', table => {
    table.dropColumn('required');
  });
};
