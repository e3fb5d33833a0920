/* eslint-disable no-console */
/*
 * node --require @backstage/cli/config/nodeTransform.cjs plugins/platform-backend/bench/replicate.ts
 *   --pg URL --repos M
 *
 * Fills a PostgreSQL database that `yarn bench:scan --pg URL --repos N` left with N scanned
 * services up to M services (svc-N … svc-(M-1)), by copying what the scan wrote for svc-i to
 * svc-(i + k·N): the repository, its drift rows, problems and promotion lags, with the service's
 * name changed where it appears (entity ref, URL, links, explanations) and its system taken as
 * bench:scan's corpus gives it (index mod 150; the owner, index mod 20, is the same already).
 *
 * What for: bench:api and bench:ui at M services on a machine where scanning M repositories
 * takes longer than there is time for. They read only the database, so the rows are what a real
 * scan writes for that many services; what this does not measure is the scan itself, whose
 * figures come from bench:scan alone. The copies are marked as checked now, as by the scan.
 */
import { createKnex, parseArgs } from './benchKit';

const OLD_NAME = `substring(r.entity_ref from 'svc-[0-9]+$')`;

async function main() {
  const { values } = parseArgs(process.argv.slice(2));
  const pg = values.get('pg');
  const target = Number(values.get('repos'));
  if (!pg || !Number.isInteger(target) || target < 1) {
    throw new Error('usage: replicate.ts --pg URL --repos M');
  }
  const knex = createKnex({ pg });
  try {
    const [{ count }] = await knex('platform_repositories').count({
      count: '*',
    });
    const scanned = Number(count);
    if (scanned === 0 || scanned >= target) {
      throw new Error(
        `the database holds ${scanned} services: scan fewer than ${target} first`,
      );
    }
    const copies = Math.ceil(target / scanned) - 1;
    // Integers checked above, written into the SQL: knex would read ':default' in the entity
    // refs' text as a named binding.
    /** The copy's index of service svc-i, for the k-th copy (k ≥ 1) of N services. */
    const NEW_INDEX = `(k * ${scanned} + cast(substring(r.entity_ref from 'svc-([0-9]+)$') as integer))`;
    const NEW_NAME = `('svc-' || lpad(cast(${NEW_INDEX} as text), 5, '0'))`;
    const renamed = (column: string) =>
      `replace(r.${column}, ${OLD_NAME}, ${NEW_NAME})`;
    const copiesOf = `cross join generate_series(1, ${copies}) k
      where r.entity_ref ~ '^component:default/svc-[0-9]+$' and ${NEW_INDEX} < ${target}`;
    const from = `from platform_repositories r ${copiesOf}`;
    const started = Date.now();
    await knex.transaction(async trx => {
      await trx.raw(
        `insert into platform_repositories (entity_ref, url, owner, system, commit, branch,
           platform_fingerprint, scanned_at, checked_at, status, error, files_scanned)
         select 'component:default/' || ${NEW_NAME}, ${renamed('url')}, r.owner,
           'system-' || (${NEW_INDEX} % 150), r.commit, r.branch, r.platform_fingerprint,
           r.scanned_at, now(), r.status, r.error, r.files_scanned
         ${from}`,
      );
      // The child tables, joined to the repository each row belongs to.
      const copyRows = (table: string, columns: string, select: string) =>
        trx.raw(
          `insert into ${table} (entity_ref, ${columns})
           select 'component:default/' || ${NEW_NAME}, ${select}
           from ${table} c join platform_repositories r on r.entity_ref = c.entity_ref
           ${copiesOf}`,
        );
      await copyRows(
        'platform_drift_rows',
        `owner, system, platform, module, kind, environment, file, line, "column", source,
         name, pin, ref, version, latest, releases_behind, verdict, severity, explanation,
         scm_url, call_status, call_check`,
        `c.owner, 'system-' || (${NEW_INDEX} % 150), c.platform, c.module, c.kind,
         c.environment, c.file, c.line, c."column", c.source, c.name, c.pin, c.ref, c.version,
         c.latest, c.releases_behind, c.verdict, c.severity,
         replace(c.explanation, ${OLD_NAME}, ${NEW_NAME}),
         replace(c.scm_url, ${OLD_NAME}, ${NEW_NAME}), c.call_status, c.call_check`,
      );
      await copyRows(
        'platform_scan_problems',
        'file, line, "column", message',
        'c.file, c.line, c."column", c.message',
      );
      await copyRows(
        'platform_promotion_lags',
        'platform, module, environment, since',
        'c.platform, c.module, c.environment, c.since',
      );
      // A new generation: a backend's report index and read cache see the rows as changed.
      await trx('platform_report_state').increment('generation', 1);
    });
    await knex.raw('analyze');
    const [{ services }] = await knex('platform_repositories').count({
      services: '*',
    });
    const [{ rows }] = await knex('platform_drift_rows').count({ rows: '*' });
    console.log(
      `replicated ${scanned} scanned services to ${services} services, ${rows} drift rows, in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
