import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import platformPlugin from '@platform-portal/plugin-platform';
import type {
  DriftVerdict,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import type { TeamDriftRow } from '../shared/useTeamDrift';

/** The routes the widgets link to, where the app mounts them. */
export const mountedRoutes = {
  '/platform': platformPlugin.routes.root,
  '/catalog/:namespace/:kind/:name': catalogPlugin.routes.catalogEntity,
  '/create': scaffolderPlugin.routes.root,
};

const severities: Partial<Record<DriftVerdict, number>> = {
  'up-to-date': 0,
  'patch-behind': 1,
  'minor-behind': 2,
  'major-behind': 3,
  unpinned: 3,
  deprecated: 4,
  unsupported: 4,
};

let nextId = 0;

/** A drift row of one service's reference to a platform module. */
export function row(
  service: string,
  module: string,
  version: string | undefined,
  verdict: DriftVerdict,
  fields: Partial<TeamDriftRow> = {},
): TeamDriftRow {
  nextId += 1;
  return {
    id: String(nextId),
    entityRef: `component:default/${service}`,
    owner: 'group:default/team-payments',
    platform: 'acme-platform',
    module,
    kind: 'terraform-module',
    file: 'infra/environments/prod/main.tf',
    line: nextId,
    column: 1,
    source: `git::https://github.com/acme/platform.git//modules/${module}?ref=${module}/v${version}`,
    name: `github.com/acme/platform//modules/${module}`,
    pin: 'ref',
    version,
    verdict,
    severity: severities[verdict] ?? 3,
    explanation: `${module} ${version} is ${verdict}`,
    ...fields,
  };
}

/** A platform module with its releases, newest first. */
export function platformModule(
  name: string,
  versions: string[],
  fields: Partial<PlatformModuleInfo> = {},
): PlatformModuleInfo {
  return {
    platform: 'acme-platform',
    name,
    kind: 'terraform-module',
    path: `modules/${name}`,
    repository: 'https://github.com/acme/platform.git',
    tagPattern: `${name}/v{version}`,
    latest: versions.find(v => !v.includes('-')),
    versions,
    deprecations: [],
    ...fields,
  };
}
