// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_upgrade_campaigns', table => {
    table.comment(
      'Upgrades of one module to one release across many services, tracked until merged',
    );
    table.string('id', 36).primary().notNullable();
    table.string('module', 200).notNullable();
    table.string('version', 100).notNullable();
    table
      .string('environment', 200)
      .notNullable()
      .defaultTo('')
      .comment('empty for every environment');
    table.string('created_by', 400).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['module'], 'platform_upgrade_campaigns_module_idx');
  });

  await knex.schema.createTable('platform_upgrade_changes', table => {
    table.comment(
      'One change per service, module, target release and environment: a branch, and a pull request where the host has them',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('campaign_id', 36)
      .nullable()
      .references('id')
      .inTable('platform_upgrade_campaigns')
      .onDelete('SET NULL');
    table.string('entity_ref', 400).notNullable();
    table.string('module', 200).notNullable();
    table.string('version', 100).notNullable();
    // Not null, so that the unique key also holds for changes of every environment.
    table
      .string('environment', 200)
      .notNullable()
      .defaultTo('')
      .comment('empty for every environment');
    table.string('branch', 400).notNullable();
    table.string('commit', 64).nullable();
    table.text('url').nullable();
    table.integer('pull_request').nullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('open, merged, closed or failed');
    table.text('error').nullable();
    table.string('created_by', 400).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'module', 'version', 'environment'], {
      indexName: 'platform_upgrade_changes_key',
    });
    table.index(['campaign_id'], 'platform_upgrade_changes_campaign_idx');
    table.index(['module'], 'platform_upgrade_changes_module_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_upgrade_changes');
  await knex.schema.dropTable('platform_upgrade_campaigns');
};
