import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the repository the publish step just made, which must hold exactly the new component.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'platform:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: 'https://github.com/acme/orders-api/tree/main',
            catalogInfoPath: '/catalog-info.yaml',
            entityRef: 'component:default/orders-api',
          },
        },
      ],
    }),
  },
];
