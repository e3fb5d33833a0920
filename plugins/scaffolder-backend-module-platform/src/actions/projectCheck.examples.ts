import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Refuses a project name the catalog or the local git root already has',
    example: yaml.stringify({
      steps: [
        {
          id: 'name',
          name: 'Check the project name is free',
          action: 'platform:project:check',
          input: { name: 'orders-api' },
        },
      ],
    }),
  },
  {
    description:
      'Checks the GitHub repository the project will be published to',
    example: yaml.stringify({
      steps: [
        {
          id: 'name',
          name: 'Check the project name is free',
          action: 'platform:project:check',
          input: {
            name: 'orders-api',
            repoUrl: 'github.com?owner=acme&repo=orders-api',
          },
        },
      ],
    }),
  },
];
