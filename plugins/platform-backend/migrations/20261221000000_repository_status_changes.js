// @ts-check

/**
 * A change number for repository statuses, so that a backend keeping every repository's status
 * and problems in memory reads again only the repositories that changed instead of both tables
 * whole (50,000 statuses took a second to read, which every answer waited for under load):
 *
 * - `platform_report_state.status_seq` goes up by one with every transaction that writes a
 *   repository's status or its problems; the transaction moves it last, after the rows it
 *   locks, so that on PostgreSQL its value orders the commits.
 * - `platform_repositories.change_seq` holds the `status_seq` of the transaction that last
 *   wrote the repository's status or problems (0 for rows written before this migration).
 * - `platform_report_state.status_removal_seq` is the `status_seq` of the last transaction
 *   that removed repositories, which a reader cannot find among the rows: it reads all again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_report_state', table => {
    table
      .bigInteger('status_seq')
      .notNullable()
      .defaultTo(0)
      .comment('Counts the writes of repository statuses and problems');
    table
      .bigInteger('status_removal_seq')
      .notNullable()
      .defaultTo(0)
      .comment('The status_seq of the last write that removed repositories');
  });
  await knex.schema.alterTable('platform_repositories', table => {
    table
      .bigInteger('change_seq')
      .notNullable()
      .defaultTo(0)
      .comment(
        'The status_seq of the write that last changed this status or its problems',
      );
    table.index(['change_seq'], 'platform_repositories_change_seq_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_repositories', table => {
    table.dropIndex(['change_seq'], 'platform_repositories_change_seq_idx');
    table.dropColumn('change_seq');
  });
  await knex.schema.alterTable('platform_report_state', table => {
    table.dropColumn('status_removal_seq');
    table.dropColumn('status_seq');
  });
};
