// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_scan_runs', table => {
    table.comment(
      'One run of the scanner over platform and service repositories',
    );
    table.string('id', 36).primary().notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, succeeded or failed');
    table.integer('repositories_scanned').notNullable().defaultTo(0);
    table.integer('repositories_skipped').notNullable().defaultTo(0);
    table.integer('repositories_failed').notNullable().defaultTo(0);
    table.index(['started_at'], 'platform_scan_runs_started_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_scan_runs');
};
