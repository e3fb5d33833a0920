// @ts-check

/**
 * A drift row keeps how its call fares against the interface of the release it pins: the status
 * (filtered on, so a column of its own) and the findings and upgrade judgement as one JSON text,
 * which only the row's reader takes apart. Rows written before stay without a check (null) until
 * the next scan, which the scanner's engine version makes redo every repository.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_drift_rows', table => {
    table
      .string('call_status', 32)
      .nullable()
      .comment(
        'ok, broken or breaking-upgrade; null when the call was not checked',
      );
    table
      .text('call_check')
      .nullable()
      .comment(
        'JSON object: findings (array) and upgrade (to, breaking, needs)',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.dropColumn('call_check');
    table.dropColumn('call_status');
  });
};
