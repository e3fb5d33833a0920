import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Resolve the latest versions of the chosen platform modules.',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'platform:modules:resolve',
          name: 'Resolve platform modules',
          input: { modules: ['vpc', 'eks'] },
        },
      ],
    }),
  },
  {
    description:
      'Resolve the reusable CI workflow of a platform named explicitly.',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve-ci',
          action: 'platform:modules:resolve',
          name: 'Resolve the CI workflow',
          input: {
            modules: ['terraform-ci'],
            platform: 'https://github.com/acme/platform',
          },
        },
      ],
    }),
  },
];
