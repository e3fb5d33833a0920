// @ts-check

/**
 * What owners were told about their pins: one row per owner and event (a deprecation, an end of
 * support, a new major), so that nothing is sent twice, across restarts and backend instances.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_notification_events', table => {
    table.comment(
      'Events about pinned module versions, one per owner, with whether the owner was told',
    );
    table
      .string('id', 64)
      .primary()
      .notNullable()
      .comment('sha256 of owner, kind, platform, module and subject');
    table.string('owner', 400).notNullable();
    table
      .string('kind', 32)
      .notNullable()
      .comment('deprecated, unsupported or new-major');
    table.string('platform', 200).notNullable();
    table.string('module', 200).notNullable();
    table
      .string('subject', 400)
      .notNullable()
      .comment('the deprecated range, the unsupported major or the new major');
    table.string('severity', 16).notNullable();
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.text('link').notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'known (already true when notifications were switched on, never sent), pending or sent',
      );
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('sent_at', { useTz: true }).nullable();
    table.index(['status', 'owner'], 'platform_notification_events_status_idx');
  });

  await knex.schema.createTable('platform_notification_markers', table => {
    table.comment(
      'Moments the notifier records once, such as when it first took stock of what was already true',
    );
    table.string('name', 100).primary().notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_notification_markers');
  await knex.schema.dropTable('platform_notification_events');
};
