// @ts-check

/**
 * The platform modules, the discovered service repositories, their drift rows and scan problems,
 * and daily verdict counts for trends.
 *
 * Timestamps are written from JavaScript Dates only (never database defaults), so that SQLite,
 * which stores them as epoch milliseconds through better-sqlite3, compares them consistently.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_scan_runs', table => {
    table
      .string('trigger', 16)
      .nullable()
      .comment('schedule, manual or startup');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Set when the run covers one entity only');
    table.integer('repositories_total').notNullable().defaultTo(0);
    table.text('error').nullable();
  });

  await knex.schema.createTable('platform_modules', table => {
    table.comment('The modules of each platform manifest, with their releases');
    table.string('platform', 255).notNullable().comment('Manifest name');
    table.string('name', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.text('path').notNullable();
    table.text('description').nullable();
    table.text('repository').notNullable();
    table.string('tag_pattern', 255).notNullable();
    table.string('latest', 255).nullable();
    table
      .text('versions')
      .notNullable()
      .comment('JSON array of versions, newest first');
    table.integer('supported_majors').nullable();
    table
      .text('deprecations')
      .notNullable()
      .comment('JSON array of deprecations');
    table.primary(['platform', 'name']);
  });

  await knex.schema.createTable('platform_repositories', table => {
    table.comment('The service repositories found in the catalog');
    table.string('entity_ref', 255).primary().notNullable();
    table.text('url').notNullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('commit', 64).nullable().comment('The commit last scanned');
    table.string('branch', 255).nullable();
    table
      .string('platform_fingerprint', 255)
      .nullable()
      .comment('The platform state the stored verdicts were computed against');
    table.timestamp('scanned_at', { useTz: true }).nullable();
    table.timestamp('checked_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('pending')
      .comment('pending, ok or failed');
    table.text('error').nullable();
    table.integer('files_scanned').notNullable().defaultTo(0);
    table.string('lease_holder', 255).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
  });

  await knex.schema.createTable('platform_drift_rows', table => {
    table.comment('One reference of one service, judged against the platform');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('owner', 255).nullable().comment('Copied from the repository');
    table
      .string('system', 255)
      .nullable()
      .comment('Copied from the repository');
    table.string('platform', 255).nullable();
    table.string('module', 255).nullable();
    table.string('kind', 64).notNullable();
    table.string('environment', 255).nullable();
    table.text('file').notNullable();
    table.integer('line').notNullable();
    table.integer('column').notNullable();
    table.text('source').notNullable();
    table.text('name').notNullable();
    table.string('pin', 16).notNullable();
    table.text('ref').nullable();
    table.string('version', 255).nullable();
    table
      .string('version_key', 255)
      .nullable()
      .comment('The version padded for sorting in semver order');
    table.string('latest', 255).nullable();
    table.integer('releases_behind').nullable();
    table.string('verdict', 32).notNullable();
    table.integer('severity').notNullable();
    table.text('explanation').notNullable();
    table.text('scm_url').nullable();
    table.index(['entity_ref'], 'platform_drift_rows_entity_ref_idx');
    table.index(['module'], 'platform_drift_rows_module_idx');
    table.index(['verdict'], 'platform_drift_rows_verdict_idx');
    table.index(['owner'], 'platform_drift_rows_owner_idx');
  });

  await knex.schema.createTable('platform_scan_problems', table => {
    table.comment('Files of a service repository that could not be read');
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.text('file').notNullable();
    table.integer('line').nullable();
    table.integer('column').nullable();
    table.text('message').notNullable();
    table.index(['entity_ref'], 'platform_scan_problems_entity_ref_idx');
  });

  await knex.schema.createTable('platform_daily_counts', table => {
    table.comment('Rows per module and verdict on each day, for trends');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table
      .string('module', 255)
      .notNullable()
      .defaultTo('')
      .comment("'' for rows without a module");
    table.string('verdict', 32).notNullable();
    table.integer('count').notNullable();
    table.primary(['day', 'module', 'verdict']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_daily_counts');
  await knex.schema.dropTable('platform_scan_problems');
  await knex.schema.dropTable('platform_drift_rows');
  await knex.schema.dropTable('platform_repositories');
  await knex.schema.dropTable('platform_modules');
  await knex.schema.alterTable('platform_scan_runs', table => {
    table.dropColumn('error');
    table.dropColumn('repositories_total');
    table.dropColumn('entity_ref');
    table.dropColumn('trigger');
  });
};
