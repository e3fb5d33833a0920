import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the rendered project in the workspace root, whose catalog-info.yaml must describe the component orders-api.',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'platform:policy:check',
          name: 'Check platform policy',
          input: { name: 'orders-api' },
        },
      ],
    }),
  },
  {
    description:
      'Check a project rendered into a sub-directory against a named platform.',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'platform:policy:check',
          name: 'Check platform policy',
          input: {
            path: 'project',
            platform: 'https://github.com/acme/platform',
          },
        },
      ],
    }),
  },
];
