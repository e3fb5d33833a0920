import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  UPGRADE_CHANGE_STATES,
  UpgradeCampaign,
  UpgradeChange,
  UpgradeChangeState,
} from './types';
import {
  UpgradeChangeInput,
  UpgradeChangeKey,
  UpgradeStore,
} from './UpgradeStore';

const migrationsDir = resolvePackagePath(
  '@platform-portal/plugin-platform-backend',
  'migrations',
);

const CAMPAIGNS = 'platform_upgrade_campaigns';
const CHANGES = 'platform_upgrade_changes';

interface CampaignRow {
  id: string;
  module: string;
  version: string;
  environment: string;
  created_by: string;
  created_at: Date | string | number;
}

interface ChangeRow {
  id: string;
  campaign_id: string | null;
  entity_ref: string;
  module: string;
  version: string;
  environment: string;
  branch: string;
  commit: string | null;
  url: string | null;
  pull_request: number | null;
  state: UpgradeChangeState;
  error: string | null;
  created_by: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
}

/** PostgreSQL answers timestamps as dates, SQLite as the milliseconds or text it stored. */
function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

function toChange(row: ChangeRow): UpgradeChange {
  return {
    id: row.id,
    ...(row.campaign_id && { campaignId: row.campaign_id }),
    entityRef: row.entity_ref,
    module: row.module,
    version: row.version,
    ...(row.environment && { environment: row.environment }),
    branch: row.branch,
    ...(row.commit && { commit: row.commit }),
    ...(row.url && { url: row.url }),
    ...(row.pull_request !== null && { pullRequest: row.pull_request }),
    state: row.state,
    ...(row.error && { error: row.error }),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function keyOf(key: UpgradeChangeKey) {
  return {
    entity_ref: key.entityRef,
    module: key.module,
    version: key.version,
    environment: key.environment ?? '',
  };
}

/**
 * Campaigns and changes in the plugin's database (SQLite or PostgreSQL).
 *
 * @internal
 */
export class DatabaseUpgradeStore implements UpgradeStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseUpgradeStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseUpgradeStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async createCampaign(campaign: {
    module: string;
    version: string;
    environment?: string;
    createdBy: string;
  }): Promise<UpgradeCampaign> {
    const id = randomUUID();
    await this.db<CampaignRow>(CAMPAIGNS).insert({
      id,
      module: campaign.module,
      version: campaign.version,
      environment: campaign.environment ?? '',
      created_by: campaign.createdBy,
      created_at: new Date(),
    });
    return (await this.getCampaign(id))!;
  }

  async getCampaign(id: string): Promise<UpgradeCampaign | undefined> {
    const row = await this.db<CampaignRow>(CAMPAIGNS).where({ id }).first();
    if (!row) {
      return undefined;
    }
    const counted = (await this.db(CHANGES)
      .where({ campaign_id: id })
      .groupBy('state')
      .select('state')
      .count({ count: '*' })) as Array<{
      state: UpgradeChangeState;
      count: number | string;
    }>;
    const counts = Object.fromEntries(
      UPGRADE_CHANGE_STATES.map(state => [state, 0]),
    ) as Record<UpgradeChangeState, number>;
    for (const { state, count } of counted) {
      counts[state] = Number(count);
    }
    return {
      id: row.id,
      module: row.module,
      version: row.version,
      ...(row.environment && { environment: row.environment }),
      createdBy: row.created_by,
      createdAt: iso(row.created_at),
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      counts,
    };
  }

  async getChange(key: UpgradeChangeKey): Promise<UpgradeChange | undefined> {
    const row = await this.db<ChangeRow>(CHANGES).where(keyOf(key)).first();
    return row && toChange(row);
  }

  async recordChange(change: UpgradeChangeInput): Promise<UpgradeChange> {
    const now = new Date();
    const values = {
      branch: change.branch,
      commit: change.commit ?? null,
      url: change.url ?? null,
      pull_request: change.pullRequest ?? null,
      state: change.state,
      error: change.error ?? null,
      updated_at: now,
    };
    await this.db.transaction(async tx => {
      const updated = await tx<ChangeRow>(CHANGES)
        .where(keyOf(change))
        .update({
          ...values,
          // Asked again outside a campaign, the change stays in the campaign it belongs to.
          ...(change.campaignId && { campaign_id: change.campaignId }),
        });
      if (!updated) {
        await tx<ChangeRow>(CHANGES).insert({
          id: randomUUID(),
          campaign_id: change.campaignId ?? null,
          ...keyOf(change),
          ...values,
          created_by: change.createdBy,
          created_at: now,
        });
      }
    });
    return (await this.getChange(change))!;
  }

  async listChanges(filter: {
    module?: string;
    entityRef?: string;
    campaignId?: string;
  }): Promise<UpgradeChange[]> {
    const query = this.db<ChangeRow>(CHANGES);
    if (filter.module !== undefined) {
      query.where('module', filter.module);
    }
    if (filter.entityRef !== undefined) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.campaignId !== undefined) {
      query.where('campaign_id', filter.campaignId);
    }
    const rows = await query.orderBy([
      { column: 'entity_ref' },
      { column: 'module' },
      { column: 'version' },
      { column: 'environment' },
    ]);
    return rows.map(toChange);
  }

  async setState(id: string, state: UpgradeChangeState): Promise<void> {
    await this.db<ChangeRow>(CHANGES)
      .where({ id })
      .update({ state, updated_at: new Date() });
  }
}
