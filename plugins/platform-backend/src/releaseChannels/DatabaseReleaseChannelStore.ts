import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ChannelProblemCode,
  ChannelSkewVerdict,
  ChannelVersionSeen,
  EntityReleaseChannels,
  ReleaseChannelKind,
  ReleaseChannelStatus,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  ServiceReleaseChannelsItem,
  channelSkewSeverity,
} from '@platform-portal/plugin-platform-common';
import { Knex } from 'knex';
import {
  ReleaseChannelStore,
  ServiceReleaseChannelsInput,
} from './ReleaseChannelStore';

const migrationsDir = resolvePackagePath(
  '@platform-portal/plugin-platform-backend',
  'migrations',
);

const SERVICES = 'platform_release_services';
const CHANNELS = 'platform_release_channels';
const HISTORY = 'platform_release_history';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const DEFAULT_HISTORY_LIMIT = 50;
/** Entity refs per `IN (...)` list, well within SQLite's bound variable limit. */
const BATCH_SIZE = 500;

type Timestamp = Date | string | number;

type ServiceRow = {
  entity_ref: string;
  owner: string | null;
  system: string | null;
  verdict: ChannelSkewVerdict;
  severity: number | string;
  newest_version: string | null;
  checked_at: Timestamp;
};

type ChannelRow = {
  entity_ref: string;
  kind: ReleaseChannelKind;
  target: string;
  latest_version: string | null;
  latest_published_as: string | null;
  latest_published_at: Timestamp | null;
  latest_url: string | null;
  release_count: number | string;
  checked_at: Timestamp;
  problem_code: ChannelProblemCode | null;
  problem_message: string | null;
  verdict: ChannelSkewVerdict;
  explanation: string;
  behind_by: number | string | null;
};

type HistoryRow = {
  entity_ref: string;
  kind: ReleaseChannelKind;
  target_hash: string;
  target: string;
  version: string;
  published_as: string;
  published_at: Timestamp | null;
  first_seen_at: Timestamp;
};

// SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates.
function toIso(value: Timestamp): string {
  return new Date(value).toISOString();
}

function toDate(value: string | undefined): Date | null {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function hashTarget(target: string): string {
  return createHash('sha256').update(target).digest('hex');
}

function toChannel(row: ChannelRow): ReleaseChannelStatus {
  const channel: ReleaseChannelStatus = {
    kind: row.kind,
    target: row.target,
    releaseCount: Number(row.release_count),
    checkedAt: toIso(row.checked_at),
    verdict: row.verdict,
    explanation: row.explanation,
  };
  if (row.latest_version) {
    channel.latest = {
      version: row.latest_version,
      versionAsPublished: row.latest_published_as ?? row.latest_version,
      ...(row.latest_published_at
        ? { publishedAt: toIso(row.latest_published_at) }
        : {}),
      ...(row.latest_url ? { url: row.latest_url } : {}),
    };
  }
  if (row.problem_code) {
    channel.problem = {
      code: row.problem_code,
      message: row.problem_message ?? '',
    };
  }
  if (row.behind_by !== null && row.behind_by !== undefined) {
    channel.behindBy = Number(row.behind_by);
  }
  return channel;
}

function toService(
  row: ServiceRow,
  channels: ReleaseChannelStatus[],
): ServiceReleaseChannelsItem {
  return {
    entityRef: row.entity_ref,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.system ? { system: row.system } : {}),
    ...(row.newest_version ? { newestVersion: row.newest_version } : {}),
    verdict: row.verdict,
    channels,
    checkedAt: toIso(row.checked_at),
  };
}

function chunks<T>(items: T[], size: number = BATCH_SIZE): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** Channels in the order the annotations are documented, so every page lists them alike. */
const KIND_ORDER: ReleaseChannelKind[] = [
  'github-releases',
  'git-tags',
  'oci',
  'helm',
  'terraform-registry',
  'pypi',
  'npm',
];

function byKind(a: { kind: string }, b: { kind: string }): number {
  return (
    KIND_ORDER.indexOf(a.kind as ReleaseChannelKind) -
    KIND_ORDER.indexOf(b.kind as ReleaseChannelKind)
  );
}

/**
 * The release channel store on the plugin's database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseReleaseChannelStore implements ReleaseChannelStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseReleaseChannelStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseReleaseChannelStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async replaceService(service: ServiceReleaseChannelsInput): Promise<void> {
    const checkedAt = toDate(service.checkedAt) ?? new Date();
    const serviceRow: ServiceRow = {
      entity_ref: service.entityRef,
      owner: service.owner ?? null,
      system: service.system ?? null,
      verdict: service.verdict,
      severity: channelSkewSeverity(service.verdict),
      newest_version: service.newestVersion ?? null,
      checked_at: checkedAt,
    };
    const channelRows: ChannelRow[] = service.channels.map(channel => ({
      entity_ref: service.entityRef,
      kind: channel.kind,
      target: channel.target,
      latest_version: channel.latest?.version ?? null,
      latest_published_as: channel.latest?.versionAsPublished ?? null,
      latest_published_at: toDate(channel.latest?.publishedAt),
      latest_url: channel.latest?.url ?? null,
      release_count: channel.releaseCount,
      checked_at: toDate(channel.checkedAt) ?? checkedAt,
      problem_code: channel.problem?.code ?? null,
      problem_message: channel.problem?.message ?? null,
      verdict: channel.verdict,
      explanation: channel.explanation,
      behind_by: channel.behindBy ?? null,
    }));
    const historyRows: HistoryRow[] = service.channels.flatMap(channel =>
      channel.latest
        ? [
            {
              entity_ref: service.entityRef,
              kind: channel.kind,
              target_hash: hashTarget(channel.target),
              target: channel.target,
              version: channel.latest.version,
              published_as: channel.latest.versionAsPublished,
              published_at: toDate(channel.latest.publishedAt),
              first_seen_at: toDate(channel.checkedAt) ?? checkedAt,
            },
          ]
        : [],
    );

    await this.db.transaction(async trx => {
      await trx(SERVICES)
        .insert(serviceRow)
        .onConflict('entity_ref')
        .merge([
          'owner',
          'system',
          'verdict',
          'severity',
          'newest_version',
          'checked_at',
        ]);
      await trx(CHANNELS).where({ entity_ref: service.entityRef }).delete();
      if (channelRows.length) {
        await trx(CHANNELS).insert(channelRows);
      }
      if (historyRows.length) {
        // The first reading that saw a version keeps its time.
        await trx(HISTORY)
          .insert(historyRows)
          .onConflict(['entity_ref', 'kind', 'target_hash', 'version'])
          .ignore();
      }
    });
  }

  async retainServices(entityRefs: string[]): Promise<void> {
    const keep = new Set(entityRefs);
    await this.db.transaction(async trx => {
      const known = (await trx(SERVICES).select('entity_ref')) as Array<{
        entity_ref: string;
      }>;
      const gone = known.map(row => row.entity_ref).filter(r => !keep.has(r));
      for (const batch of chunks(gone)) {
        await trx(CHANNELS).whereIn('entity_ref', batch).delete();
        await trx(SERVICES).whereIn('entity_ref', batch).delete();
      }
    });
  }

  async listServices(
    query: ReleaseChannelsQuery,
  ): Promise<ReleaseChannelsPage> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(
      MAX_LIMIT,
      Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)),
    );
    const byOwner = (builder: Knex.QueryBuilder) => {
      if (query.owner?.length) {
        builder.whereIn('owner', query.owner);
      }
      return builder;
    };
    const filtered = () => {
      const builder = byOwner(this.db(SERVICES));
      if (query.verdict?.length) {
        builder.whereIn('verdict', query.verdict);
      }
      return builder;
    };

    const [countRow] = await filtered().count({ count: '*' });
    const rows = (await filtered()
      .select('*')
      .orderBy([
        { column: 'severity', order: 'desc' },
        { column: 'entity_ref', order: 'asc' },
      ])
      .offset(offset)
      .limit(limit)) as ServiceRow[];
    const verdictCounts = (await byOwner(this.db(SERVICES))
      .select('verdict')
      .count({ count: '*' })
      .groupBy('verdict')) as Array<{
      verdict: ChannelSkewVerdict;
      count: number | string;
    }>;
    const owners = (await this.db(SERVICES)
      .distinct('owner')
      .whereNotNull('owner')
      .orderBy('owner')) as Array<{ owner: string }>;

    const channels = await this.channelsOf(rows.map(row => row.entity_ref));
    return {
      items: rows.map(row =>
        toService(row, channels.get(row.entity_ref) ?? []),
      ),
      totalCount: Number(countRow?.count ?? 0),
      offset,
      limit,
      counts: Object.fromEntries(
        verdictCounts.map(row => [row.verdict, Number(row.count)]),
      ),
      owners: owners.map(row => row.owner),
    };
  }

  async getService(
    entityRef: string,
    options: { historyLimit?: number } = {},
  ): Promise<EntityReleaseChannels | undefined> {
    const row = (await this.db(SERVICES)
      .where({ entity_ref: entityRef })
      .first()) as ServiceRow | undefined;
    if (!row) {
      return undefined;
    }
    const channels = await this.channelsOf([entityRef]);
    const history = (await this.db(HISTORY)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'first_seen_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.historyLimit ?? DEFAULT_HISTORY_LIMIT)) as HistoryRow[];
    return {
      ...toService(row, channels.get(entityRef) ?? []),
      history: history.map(
        (entry): ChannelVersionSeen => ({
          kind: entry.kind,
          target: entry.target,
          version: entry.version,
          versionAsPublished: entry.published_as,
          ...(entry.published_at
            ? { publishedAt: toIso(entry.published_at) }
            : {}),
          firstSeenAt: toIso(entry.first_seen_at),
        }),
      ),
    };
  }

  private async channelsOf(
    entityRefs: string[],
  ): Promise<Map<string, ReleaseChannelStatus[]>> {
    const result = new Map<string, ReleaseChannelStatus[]>();
    for (const batch of chunks(entityRefs)) {
      const rows = (await this.db(CHANNELS).whereIn(
        'entity_ref',
        batch,
      )) as ChannelRow[];
      for (const row of rows) {
        const list = result.get(row.entity_ref) ?? [];
        list.push(toChannel(row));
        result.set(row.entity_ref, list);
      }
    }
    for (const list of result.values()) {
      list.sort(byKind);
    }
    return result;
  }
}
