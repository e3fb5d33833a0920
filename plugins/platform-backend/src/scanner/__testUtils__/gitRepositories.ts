import path from 'node:path';
import {
  createBareRepository,
  HistoryStep,
} from '@platform-portal/plugin-platform-engine/testUtils';

/**
 * Makes the bare repository `<root>/acme/<name>.git` from a history, as the demo lays out its
 * repositories (so that the demo's hosts read it as `https://github.com/acme/<name>`).
 */
export async function makeBareRepository(
  root: string,
  name: string,
  history: HistoryStep[],
): Promise<void> {
  createBareRepository(path.join(root, 'acme', `${name}.git`), history);
}
