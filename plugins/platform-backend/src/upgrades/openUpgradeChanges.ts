import { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseUpgradeStore } from './DatabaseUpgradeStore';
import { UpgradeChange } from './types';

/**
 * Reads the open upgrade changes for the drift report straight from the upgrades' store: the
 * upgrade service reads the report, so the report reads the store, never the service, and no
 * read runs in a circle. The states are those stored: a change merged or closed on its host shows
 * as such once the changes are next listed, and a row already at the change's release is not
 * marked by the report anyway.
 *
 * @internal
 */
export function openUpgradeChanges(options: {
  database: DatabaseService;
}): () => Promise<UpgradeChange[]> {
  let store: Promise<DatabaseUpgradeStore> | undefined;
  return async () => {
    // Opened on first use, after the upgrade service has migrated the tables.
    store ??= DatabaseUpgradeStore.create({
      database: options.database,
      skipMigrations: true,
    });
    const changes = await (await store).listChanges({});
    return changes.filter(change => change.state === 'open');
  };
}
