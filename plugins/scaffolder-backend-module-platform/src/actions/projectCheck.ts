import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ProjectNameCheck } from './projectName';
import { examples } from './projectCheck.examples';

/**
 * `platform:project:check`: refuses a project name that is taken, in the same words the Create
 * form shows while the name is typed, before anything is rendered or published.
 */
export function createProjectCheckAction(options: {
  checkProjectName: ProjectNameCheck;
}) {
  const { checkProjectName } = options;
  return createTemplateAction({
    id: 'platform:project:check',
    description:
      'Checks that no catalog entity and no repository on the publishing host has the project name yet',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The project name' }),
        repoUrl: z =>
          z
            .string({
              description:
                'Where the project will be published, as the repository picker gives it (github.com?owner=acme&repo=orders-api); the local git root when absent',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { name, repoUrl } = ctx.input;
      // As the person who ran the template: the catalog shows them what the form showed them.
      const answer = await checkProjectName(
        { name, repoUrl: repoUrl || undefined },
        await ctx.getInitiatorCredentials(),
      );
      if (answer.invalid) {
        throw new InputError(answer.invalid);
      }
      for (const sentence of answer.notAsked) {
        ctx.logger.warn(sentence);
      }
      if (answer.taken.length) {
        throw new InputError(
          `${answer.taken.join(' ')} Choose another project name.`,
        );
      }
      ctx.logger.info(
        `${name} is free: checked ${answer.asked.join(' and ')}.`,
      );
    },
  });
}
