// @ts-check

/**
 * What a running scan waits for: how many of its repositories are held by a repository host's
 * rate limit, until when and on which host, so that a first scan spread over hours says so
 * instead of looking stuck.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_scan_runs', table => {
    table
      .integer('repositories_waiting')
      .notNullable()
      .defaultTo(0)
      .comment(
        "Repositories of the run waiting for a host's rate limit, summed over every instance",
      );
    table
      .timestamp('waiting_until', { useTz: true })
      .nullable()
      .comment(
        'The latest reset those repositories wait for; null when none waits',
      );
    table
      .string('waiting_host', 255)
      .nullable()
      .comment('The host whose rate limit they wait for, e.g. github.com');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_scan_runs', table => {
    table.dropColumn('waiting_host');
    table.dropColumn('waiting_until');
    table.dropColumn('repositories_waiting');
  });
};
