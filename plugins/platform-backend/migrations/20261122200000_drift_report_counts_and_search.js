// @ts-check

/**
 * What the drift report reads at 10,000 services (200,000 drift rows) without going over every
 * row (found with `yarn bench:api` and EXPLAIN QUERY PLAN / EXPLAIN ANALYZE):
 *
 * - `platform_drift_counts`: how many rows there are per owner, module, verdict, environment and
 *   kind ('' where a row has none), kept by the store in the transaction that writes the rows.
 *   The total of a filtered /drift page, the counts of /summary and /facets add up these few
 *   hundred rows instead of counting 200,000 (hundreds of milliseconds each on SQLite).
 * - `platform_repositories.reference_count`: rows per repository, so that the number of services
 *   with references is read from 10,000 repositories.
 * - `platform_drift_rows.search`: the lower-cased text the `q` search matches (entity, module,
 *   source, file and explanation, one per line), one LIKE per row instead of five `lower()` calls.
 * - Filter indexes that end with the entity, so that the number of distinct services under a
 *   filter is read from the index alone.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_drift_rows', table => {
    table
      .text('search')
      .nullable()
      .comment(
        'Lower-cased entity, module, source, file and explanation, one per line',
      );
  });
  await knex('platform_drift_rows').update({
    search: knex.raw(
      "lower(?? || ? || coalesce(??, '') || ? || ?? || ? || ?? || ? || ??)",
      [
        'entity_ref',
        '\n',
        'module',
        '\n',
        'source',
        '\n',
        'file',
        '\n',
        'explanation',
      ],
    ),
  });

  await knex.schema.alterTable('platform_repositories', table => {
    table
      .integer('reference_count')
      .notNullable()
      .defaultTo(0)
      .comment('Drift rows of the repository');
  });
  await knex('platform_repositories').update({
    reference_count: knex
      .count('*')
      .from('platform_drift_rows')
      .where(
        'platform_drift_rows.entity_ref',
        knex.ref('platform_repositories.entity_ref'),
      ),
  });

  await knex.schema.createTable('platform_drift_counts', table => {
    table.comment(
      'Drift rows per owner, module, verdict, environment and kind, kept with the rows',
    );
    table.string('owner', 255).notNullable().comment("'' for none");
    table.string('module', 255).notNullable().comment("'' for none");
    table.string('verdict', 32).notNullable();
    table.string('environment', 255).notNullable().comment("'' for none");
    table.string('kind', 64).notNullable();
    table.integer('count').notNullable();
    table.primary(['owner', 'module', 'verdict', 'environment', 'kind']);
  });
  await knex.raw(
    `insert into ?? (??, ??, ??, ??, ??, ??) ` +
      `select coalesce(??, ''), coalesce(??, ''), ??, coalesce(??, ''), ??, count(*) ` +
      `from ?? group by coalesce(??, ''), coalesce(??, ''), ??, coalesce(??, ''), ??`,
    [
      'platform_drift_counts',
      'owner',
      'module',
      'verdict',
      'environment',
      'kind',
      'count',
      'owner',
      'module',
      'verdict',
      'environment',
      'kind',
      'platform_drift_rows',
      'owner',
      'module',
      'verdict',
      'environment',
      'kind',
    ],
  );

  await knex.schema.alterTable('platform_drift_rows', table => {
    table.dropIndex([], 'platform_drift_rows_module_verdict_idx');
    table.dropIndex([], 'platform_drift_rows_module_environment_idx');
    table.dropIndex([], 'platform_drift_rows_verdict_idx');
    table.dropIndex([], 'platform_drift_rows_owner_idx');
  });
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.index(
      ['module', 'verdict', 'entity_ref'],
      'platform_drift_rows_module_verdict_entity_idx',
    );
    table.index(
      ['module', 'environment', 'entity_ref'],
      'platform_drift_rows_module_environment_entity_idx',
    );
    table.index(['verdict', 'entity_ref'], 'platform_drift_rows_verdict_idx');
    table.index(
      ['owner', 'verdict', 'entity_ref'],
      'platform_drift_rows_owner_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.dropIndex([], 'platform_drift_rows_owner_idx');
    table.dropIndex([], 'platform_drift_rows_verdict_idx');
    table.dropIndex([], 'platform_drift_rows_module_environment_entity_idx');
    table.dropIndex([], 'platform_drift_rows_module_verdict_entity_idx');
  });
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.index(['owner'], 'platform_drift_rows_owner_idx');
    table.index(['verdict'], 'platform_drift_rows_verdict_idx');
    table.index(
      ['module', 'verdict'],
      'platform_drift_rows_module_verdict_idx',
    );
    table.index(
      ['module', 'environment'],
      'platform_drift_rows_module_environment_idx',
    );
  });
  await knex.schema.dropTable('platform_drift_counts');
  await knex.schema.alterTable('platform_repositories', table => {
    table.dropColumn('reference_count');
  });
  await knex.schema.alterTable('platform_drift_rows', table => {
    table.dropColumn('search');
  });
};
