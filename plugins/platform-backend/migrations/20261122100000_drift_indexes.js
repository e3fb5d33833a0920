// @ts-check

/**
 * Indexes for the drift report's queries at 10,000 services (200,000 drift rows), found with
 * `yarn bench:api` (plugins/platform-backend/bench):
 *
 * - The default order of /drift pages (DatabaseDriftStore.queryDrift, sort `entity`) is
 *   `case when entity_ref is null then 1 else 0 end, entity_ref, file, line, id`: without an index
 *   on exactly that expression, every page sorted the whole table (about 100 ms on SQLite at
 *   200,000 rows, 4 ms with it). The index is used only while the store writes the same
 *   expression. SQLite and PostgreSQL only: they index expressions with this syntax.
 * - Filters on module and verdict, and the per-module counts of /summary, which read only this
 *   index: (module, verdict). The per-module counts took over a second at 200,000 rows.
 * - Filters on module and environment: (module, environment).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const dialect = knex.client.dialect;
  if (dialect === 'sqlite3' || dialect === 'postgresql') {
    await knex.raw(
      'create index ?? on ?? ((case when ?? is null then 1 else 0 end), ??, ??, ??, ??)',
      [
        'platform_drift_rows_entity_order_idx',
        'platform_drift_rows',
        'entity_ref',
        'entity_ref',
        'file',
        'line',
        'id',
      ],
    );
  }
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.index(
      ['module', 'verdict'],
      'platform_drift_rows_module_verdict_idx',
    );
    table.index(
      ['module', 'environment'],
      'platform_drift_rows_module_environment_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.dropIndex([], 'platform_drift_rows_module_environment_idx');
    table.dropIndex([], 'platform_drift_rows_module_verdict_idx');
  });
  const dialect = knex.client.dialect;
  if (dialect === 'sqlite3' || dialect === 'postgresql') {
    await knex.raw('drop index if exists ??', [
      'platform_drift_rows_entity_order_idx',
    ]);
  }
};
