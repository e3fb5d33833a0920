import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Work out where a project picked for GitHub goes, and which organisation the skeleton names (platform.publish.organisation, else the owner).',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'platform:publish:target',
          name: 'Work out where the project is published',
          input: {
            name: 'orders-api',
            publishTarget: 'github',
            repoUrl: 'github.com?owner=acme&repo=orders-api',
          },
        },
      ],
    }),
  },
];
