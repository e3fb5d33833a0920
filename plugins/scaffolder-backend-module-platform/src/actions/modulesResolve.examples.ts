import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Resolve the latest versions of the chosen platform modules and encode their calls' inputs; eks gets its subnets from the vpc, as the platform wires them.",
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'platform:modules:resolve',
          name: 'Resolve platform modules',
          input: {
            modules: ['vpc', 'eks'],
            moduleInputs: {
              vpc: { inputs: { cidr: '10.0.0.0/16', az_count: 2 } },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Pin the versions the form showed, with the inputs the user set (the form field PlatformModuleInputs gives this value).',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'platform:modules:resolve',
          name: 'Resolve platform modules',
          input: {
            modules: ['vpc'],
            kinds: ['terraform-module'],
            moduleInputs: {
              vpc: {
                version: '2.0.0',
                inputs: { cidr: '10.1.0.0/16', tags: { team: 'orders' } },
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Resolve the reusable CI workflow of a platform named explicitly, and which of the inputs ci.yml can fill its release declares.',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve-ci',
          action: 'platform:modules:resolve',
          name: 'Resolve the CI workflow',
          input: {
            modules: ['terraform-ci'],
            platform: 'https://github.com/acme/platform',
            fills: ['environment', 'tool'],
          },
        },
      ],
    }),
  },
];
