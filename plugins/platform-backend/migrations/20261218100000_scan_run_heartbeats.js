// @ts-check

/**
 * Scan runs renewed by the backend instance running them, so that any other instance can tell
 * a run whose instance stopped and mark it interrupted; and one running run per scope across
 * every instance on the database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_scan_runs', table => {
    table
      .timestamp('heartbeat_at', { useTz: true })
      .nullable()
      .comment('When the instance running the run last renewed it');
    table
      .string('running_scope', 255)
      .nullable()
      .comment(
        'What a running run covers (* for every service, else the entity ref); null once it ended',
      );
    table.unique(['running_scope'], {
      indexName: 'platform_scan_runs_running_scope_uq',
    });
  });
  // Runs left running by a backend before this migration count as renewed when they started,
  // so the first check after the upgrade marks them interrupted.
  await knex('platform_scan_runs')
    .where('status', 'running')
    .update({ heartbeat_at: knex.ref('started_at') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('platform_scan_runs')
    .where('status', 'interrupted')
    .update({ status: 'failed' });
  await knex.schema.alterTable('platform_scan_runs', table => {
    table.dropUnique(['running_scope'], 'platform_scan_runs_running_scope_uq');
    table.dropColumn('running_scope');
    table.dropColumn('heartbeat_at');
  });
};
