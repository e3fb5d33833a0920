import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  NotificationStore,
  PinEventInput,
  StoredPinEvent,
} from './NotificationStore';

const migrationsDir = resolvePackagePath(
  '@platform-portal/plugin-platform-backend',
  'migrations',
);

const EVENTS = 'platform_notification_events';
const MARKERS = 'platform_notification_markers';
const BASELINE = 'baseline';
/** Rows per insert: 14 columns each stays under SQLite's 999 bound variables. */
const INSERT_BATCH = 50;

/** The length of the subject column. */
const SUBJECT_LENGTH = 400;

type EventStatus = 'known' | 'pending' | 'sent';

interface EventRow {
  id: string;
  owner: string;
  kind: StoredPinEvent['kind'];
  platform: string;
  module: string;
  subject: string;
  severity: StoredPinEvent['severity'];
  title: string;
  description: string;
  link: string;
  status: EventStatus;
  created_at: Date | string | number;
  sent_at: Date | string | number | null;
}

/** PostgreSQL answers timestamps as dates, SQLite as the milliseconds or text it stored. */
function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

/** The same event of the same owner always has the same id, whatever its text says. */
export function pinEventId(
  event: Pick<
    PinEventInput,
    'owner' | 'kind' | 'platform' | 'module' | 'subject'
  >,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        event.owner,
        event.kind,
        event.platform,
        event.module,
        event.subject,
      ]),
    )
    .digest('hex');
}

function toRow(
  event: PinEventInput,
  status: EventStatus,
  at: Date,
): Omit<EventRow, 'sent_at'> {
  return {
    id: pinEventId(event),
    owner: event.owner,
    kind: event.kind,
    platform: event.platform,
    module: event.module,
    // The id holds the whole subject; the column only shows it (a range is free text).
    subject: event.subject.slice(0, SUBJECT_LENGTH),
    severity: event.severity,
    title: event.title,
    description: event.description,
    link: event.link,
    status,
    created_at: at,
  };
}

function toEvent(row: EventRow): StoredPinEvent {
  return {
    id: row.id,
    owner: row.owner,
    kind: row.kind,
    platform: row.platform,
    module: row.module,
    subject: row.subject,
    severity: row.severity,
    title: row.title,
    description: row.description,
    link: row.link,
    createdAt: iso(row.created_at),
  };
}

/**
 * {@link NotificationStore} in the plugin's database.
 *
 * @internal
 */
export class DatabaseNotificationStore implements NotificationStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseNotificationStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseNotificationStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async hasBaseline(): Promise<boolean> {
    const marker = await this.db(MARKERS).where({ name: BASELINE }).first();
    return marker !== undefined;
  }

  async takeBaseline(events: PinEventInput[], at: Date): Promise<void> {
    await this.db.transaction(async tx => {
      await this.insertNew(tx, events, 'known', at);
      await tx(MARKERS)
        .insert({ name: BASELINE, at })
        .onConflict('name')
        .ignore();
    });
  }

  async recordEvents(events: PinEventInput[], at: Date): Promise<number> {
    return this.db.transaction(tx => this.insertNew(tx, events, 'pending', at));
  }

  async listPending(): Promise<StoredPinEvent[]> {
    const rows = await this.db<EventRow>(EVENTS)
      .where({ status: 'pending' })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toEvent);
  }

  async markSent(ids: string[], at: Date): Promise<number> {
    let updated = 0;
    for (let i = 0; i < ids.length; i += INSERT_BATCH) {
      updated += await this.db<EventRow>(EVENTS)
        .whereIn('id', ids.slice(i, i + INSERT_BATCH))
        .andWhere({ status: 'pending' })
        .update({ status: 'sent', sent_at: at });
    }
    return updated;
  }

  /** Inserts the events whose id is not stored yet; an event seen before keeps its status. */
  private async insertNew(
    tx: Knex.Transaction,
    events: PinEventInput[],
    status: EventStatus,
    at: Date,
  ): Promise<number> {
    const rows = [
      ...new Map(
        events.map(event => {
          const row = toRow(event, status, at);
          return [row.id, row];
        }),
      ).values(),
    ];
    let inserted = 0;
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      const known = new Set(
        (
          await tx<EventRow>(EVENTS)
            .whereIn(
              'id',
              batch.map(row => row.id),
            )
            .select('id')
        ).map(row => row.id),
      );
      const fresh = batch.filter(row => !known.has(row.id));
      if (fresh.length > 0) {
        // Another instance may record the same event at the same moment: its row stands.
        await tx(EVENTS).insert(fresh).onConflict('id').ignore();
        inserted += fresh.length;
      }
    }
    return inserted;
  }
}
