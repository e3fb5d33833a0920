import { ReactElement } from 'react';
import { PlatformApi } from '../../../api';
import { renderPlatformPage } from '../../../__testUtils__/renderPage';
import { ModulePage } from '../ModulePage';

const pending = () => new Promise<never>(() => {});

/**
 * Renders the module page at `path` (a module's page, /platform/modules/<name>). Each section the
 * test does not answer for in `api` stays loading, and no upgrade campaign exists, so a test sees
 * only the section it is about.
 */
export function renderModulePage(
  api: Partial<PlatformApi>,
  path: string,
  element: ReactElement = <ModulePage />,
) {
  return renderPlatformPage(element, {
    mountPath: '/platform/modules/:name',
    path,
    api: {
      getModuleInterface: pending,
      getModuleInterfaceDiff: pending,
      getModuleReleases: pending,
      listUpgrades: async () => [],
      ...api,
    },
  });
}
