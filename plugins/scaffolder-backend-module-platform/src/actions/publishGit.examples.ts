import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to a new local bare repository under platform.publish.localRoot.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'platform:publish:git',
          name: 'Publish',
          input: { repoName: 'orders-api' },
        },
      ],
    }),
  },
  {
    description:
      'Publish a sub-directory of the workspace on branch trunk with a named author.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'platform:publish:git',
          name: 'Publish',
          input: {
            repoName: 'billing-jobs',
            sourcePath: 'project',
            defaultBranch: 'trunk',
            gitAuthorName: 'Platform Portal',
            gitAuthorEmail: 'portal@acme.example',
          },
        },
      ],
    }),
  },
];
