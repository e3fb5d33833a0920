// @ts-check

/**
 * The drift report is answered from memory (DriftReportIndex), which reads the rows by id; what
 * the database kept only for answering the report in SQL goes:
 *
 * - `platform_drift_counts` (20261122200000), kept up with every write of rows;
 * - `platform_repositories.reference_count` and `platform_drift_rows.search` (20261122200000) and
 *   `platform_drift_rows.version_key` (20261122000000), written with every row;
 * - the indexes for filters and orders of the report (20261122000000 … 20261122200300).
 *
 * Writers still find a repository's rows by entity: (entity_ref) replaces the wider
 * (entity_ref, file, line, id). `down` puts everything back, filled from the rows.
 */

const ROWS = 'platform_drift_rows';

/** Plain indexes of the report, as 20261122200300 left them. */
const REPORT_INDEXES = {
  platform_drift_rows_module_idx: ['module'],
  platform_drift_rows_module_verdict_entity_idx: [
    'module',
    'verdict',
    'entity_ref',
  ],
  platform_drift_rows_module_environment_entity_idx: [
    'module',
    'environment',
    'entity_ref',
  ],
  platform_drift_rows_verdict_idx: ['verdict', 'entity_ref'],
  platform_drift_rows_owner_idx: ['owner', 'entity_ref'],
  platform_drift_rows_entity_file_line_idx: [
    'entity_ref',
    'file',
    'line',
    'id',
  ],
  platform_drift_rows_verdict_order_idx: [
    'severity',
    'verdict',
    'entity_ref',
    'file',
    'line',
    'id',
  ],
  platform_drift_rows_file_order_idx: ['file', 'line', 'entity_ref', 'id'],
};

/**
 * Expression indexes of the nullable sorts (20261122200300), SQLite and PostgreSQL only.
 *
 * @type {Array<[string[], string]>}
 */
const ORDERS = [
  [['owner'], 'platform_drift_rows_owner_order'],
  [['module'], 'platform_drift_rows_module_order'],
  [['environment'], 'platform_drift_rows_environment_order'],
  [['version_key', 'version'], 'platform_drift_rows_version_order'],
];
const DIRECTIONS = ['asc', 'desc'];

/** @param {import('knex').Knex} knex */
function hasExpressionIndexes(knex) {
  const dialect = knex.client.dialect;
  return dialect === 'sqlite3' || dialect === 'postgresql';
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (hasExpressionIndexes(knex)) {
    for (const [, name] of ORDERS) {
      for (const direction of DIRECTIONS) {
        await knex.raw('drop index if exists ??', [`${name}_${direction}_idx`]);
      }
    }
  }
  await knex.schema.alterTable(ROWS, table => {
    for (const name of Object.keys(REPORT_INDEXES)) {
      table.dropIndex([], name);
    }
  });
  await knex.schema.alterTable(ROWS, table => {
    table.index(['entity_ref'], 'platform_drift_rows_entity_ref_idx');
  });
  await knex.schema.alterTable(ROWS, table => {
    table.dropColumn('search');
    table.dropColumn('version_key');
  });
  await knex.schema.alterTable('platform_repositories', table => {
    table.dropColumn('reference_count');
  });
  await knex.schema.dropTable('platform_drift_counts');
};

/**
 * The sort key of 20261122000000 (DatabaseDriftStore's versionKey when it was written): zero-
 * padded major, minor and patch, then `~` for a release or `-prerelease`.
 *
 * @param {string | null} version
 * @returns {string | null}
 */
function versionKey(version) {
  const match = version
    ? /^v?(\d{1,12})\.(\d{1,12})\.(\d{1,12})(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(
        version,
      )
    : null;
  if (!match) {
    return null;
  }
  /** @param {string} part */
  const pad = part => part.padStart(12, '0');
  const suffix = match[4] ? `-${match[4]}` : '~';
  return `${pad(match[1])}.${pad(match[2])}.${pad(match[3])}${suffix}`.slice(
    0,
    255,
  );
}

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
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
      ROWS,
      'owner',
      'module',
      'verdict',
      'environment',
      'kind',
    ],
  );

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
      .from(ROWS)
      .where(
        `${ROWS}.entity_ref`,
        knex.ref('platform_repositories.entity_ref'),
      ),
  });

  await knex.schema.alterTable(ROWS, table => {
    table
      .string('version_key', 255)
      .nullable()
      .comment('The version padded for sorting in semver order');
    table
      .text('search')
      .nullable()
      .comment(
        'Lower-cased entity, module, source, file and explanation, one per line',
      );
  });
  await knex(ROWS).update({
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
  const versions = await knex(ROWS).distinct('version').whereNotNull('version');
  for (const { version } of versions) {
    const key = versionKey(version);
    if (key !== null) {
      await knex(ROWS).where({ version }).update({ version_key: key });
    }
  }

  await knex.schema.alterTable(ROWS, table => {
    table.dropIndex([], 'platform_drift_rows_entity_ref_idx');
  });
  await knex.schema.alterTable(ROWS, table => {
    for (const [name, columns] of Object.entries(REPORT_INDEXES)) {
      table.index(columns, name);
    }
  });
  if (hasExpressionIndexes(knex)) {
    for (const [columns, name] of ORDERS) {
      for (const direction of DIRECTIONS) {
        const sorted = columns.map(
          () => `(case when ?? is null then 1 else 0 end), ?? ${direction}`,
        );
        await knex.raw(
          `create index ?? on ?? (${sorted.join(', ')}, ??, ??, ??, ??)`,
          [
            `${name}_${direction}_idx`,
            ROWS,
            ...columns.flatMap(column => [column, column]),
            'entity_ref',
            'file',
            'line',
            'id',
          ],
        );
      }
    }
  }
};
