// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_release_services', table => {
    table.comment(
      'Services that declare release channels, with their overall skew verdict',
    );
    table.string('entity_ref', 400).primary().notNullable();
    table.string('owner', 400).nullable();
    table.string('system', 400).nullable();
    table
      .string('verdict', 32)
      .notNullable()
      .comment('in-sync, lagging, missing-publish or unreachable');
    table
      .integer('severity')
      .notNullable()
      .comment('how much the verdict matters, for sorting');
    table.string('newest_version', 255).nullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.index(
      ['severity', 'entity_ref'],
      'platform_release_services_sev_idx',
    );
    table.index(['owner'], 'platform_release_services_owner_idx');
  });

  await knex.schema.createTable('platform_release_channels', table => {
    table.comment('The current reading of each channel of each service');
    table
      .string('entity_ref', 400)
      .notNullable()
      .references('entity_ref')
      .inTable('platform_release_services')
      .onDelete('CASCADE');
    table.string('kind', 32).notNullable();
    table.text('target').notNullable();
    table.string('latest_version', 255).nullable();
    table.string('latest_published_as', 255).nullable();
    table.timestamp('latest_published_at', { useTz: true }).nullable();
    table.text('latest_url').nullable();
    table.integer('release_count').notNullable().defaultTo(0);
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.string('problem_code', 32).nullable();
    table.text('problem_message').nullable();
    table.string('verdict', 32).notNullable();
    table.text('explanation').notNullable();
    table.integer('behind_by').nullable();
    table.primary(['entity_ref', 'kind'], 'platform_release_channels_pk');
  });

  await knex.schema.createTable('platform_release_history', table => {
    table.comment(
      'Every latest version a channel has had, with when a reading first saw it',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 400).notNullable();
    table.string('kind', 32).notNullable();
    table
      .string('target_hash', 64)
      .notNullable()
      .comment('sha256 of the target, so that the unique key stays short');
    table.text('target').notNullable();
    table.string('version', 255).notNullable();
    table.string('published_as', 255).notNullable();
    table.timestamp('published_at', { useTz: true }).nullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'kind', 'target_hash', 'version'], {
      indexName: 'platform_release_history_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_release_history');
  await knex.schema.dropTable('platform_release_channels');
  await knex.schema.dropTable('platform_release_services');
};
