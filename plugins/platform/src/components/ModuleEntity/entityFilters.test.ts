import { Entity } from '@backstage/catalog-model';
import {
  isGroupEntity,
  isPlatformModuleEntity,
  isPlatformServiceEntity,
} from './entityFilters';

function entity(
  kind: string,
  spec: Entity['spec'],
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec,
  };
}

const service = entity('Component', { type: 'service' });
const scannedWebsite = entity(
  'Component',
  { type: 'website' },
  { 'github.com/project-slug': 'acme/checkout-web' },
);
const localSource = entity(
  'Component',
  { type: 'library' },
  { 'backstage.io/source-location': 'url:https://git.example/acme/lib' },
);
const moduleEntity = entity(
  'Component',
  { type: 'terraform-module' },
  {
    'platform-portal.io/module': 'vpc',
    'platform-portal.io/platform': 'acme-platform',
    // Module entities point at the platform repository; that makes them no service.
    'backstage.io/source-location':
      'url:https://github.com/acme/platform/tree/main/modules/vpc',
  },
);
const website = entity('Component', { type: 'website' });
const group = entity('Group', { type: 'team', children: [] });
const api = entity('API', { type: 'openapi' });

describe('entity filters', () => {
  it.each([
    ['a service', service, true, false, false],
    [
      'a component whose repository is on GitHub',
      scannedWebsite,
      true,
      false,
      false,
    ],
    ['a component with a url source location', localSource, true, false, false],
    ['a platform module', moduleEntity, false, true, false],
    ['a component without a repository', website, false, false, false],
    ['a group', group, false, false, true],
    ['an API', api, false, false, false],
  ])(
    '%s: service %s, module %s, group %s',
    (_, subject, asService, asModule, asGroup) => {
      expect(isPlatformServiceEntity(subject)).toBe(asService);
      expect(isPlatformModuleEntity(subject)).toBe(asModule);
      expect(isGroupEntity(subject)).toBe(asGroup);
    },
  );
});
