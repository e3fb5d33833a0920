import { Entity } from '@backstage/catalog-model';
import { readExampleEntities as readExamples } from '@platform-portal/plugin-platform-engine/testUtils';

export { EXAMPLES_DIR } from '@platform-portal/plugin-platform-engine/testUtils';

/** The catalog entities of the demo services. */
export const readExampleEntities = () => readExamples<Entity>();

/** A service of team-payments named leaky, with these annotations: ones that carry credentials. */
export function leakyService(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'leaky', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}
