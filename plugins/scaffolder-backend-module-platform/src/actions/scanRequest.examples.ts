import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Request a drift scan of the component just registered.',
    example: yaml.stringify({
      steps: [
        {
          id: 'scan',
          action: 'platform:scan:request',
          name: 'Request a platform scan',
          input: { entityRef: 'component:default/orders-api' },
        },
      ],
    }),
  },
];
