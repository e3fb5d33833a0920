import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalGitUrlReader } from '@platform-portal/plugin-platform-engine';
import { examples } from './catalogRegister.examples';

/**
 * The catalog file's URL under a prefix the local git reader (`@platform-portal/plugin-platform-local-git`)
 * serves, GitHub-style (`<repository>/blob/<branch>/<path>`); undefined for any other URL.
 */
function localCatalogInfoUrl(
  config: Config,
  repoContentsUrl: string,
  catalogInfoPath: string,
): string | undefined {
  const mapped = LocalGitUrlReader.mappingsFromConfig(config).some(m =>
    repoContentsUrl.startsWith(m.prefix),
  );
  if (!mapped) {
    return undefined;
  }
  return `${repoContentsUrl.replace(/\/+$/, '')}/${catalogInfoPath.replace(
    /^\/+/,
    '',
  )}`;
}

/**
 * `platform:catalog:register`: registers the repository a template run just published.
 *
 * Registering a location is the platform team's right (the permission policy gives
 * `catalog.location.create` to admins only), yet every project team must be able to finish
 * "Create project". So this step registers with the scaffolder's own credentials, and only a
 * repository on a host with an integration whose `catalog-info.yaml` holds exactly the one
 * Component the template made (its content was already checked by `platform:policy:check`).
 * Running the template is what the person needs the right for.
 */
export function createCatalogRegisterAction(options: {
  config: Config;
  auth: AuthService;
  catalog: CatalogService;
}) {
  const { auth, catalog } = options;
  const integrations = ScmIntegrations.fromConfig(options.config);

  return createTemplateAction({
    id: 'platform:catalog:register',
    description:
      "Registers the repository just published in the catalog, as the scaffolder; its catalog-info.yaml must hold exactly the template's one Component",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The contents URL of the published repository (the publish step gives it)',
          }),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Path of the catalog file in the repository; /catalog-info.yaml by default',
            })
            .optional(),
        entityRef: z =>
          z.string({
            description:
              'The one entity the file must hold, e.g. component:default/orders-api',
          }),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The entity registered' }).optional(),
        catalogInfoUrl: z =>
          z.string({ description: 'The location registered' }).optional(),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl, entityRef } = ctx.input;
      const catalogInfoPath = ctx.input.catalogInfoPath ?? '/catalog-info.yaml';
      // A repository in the local git root is read through the URL mapped onto it, whatever its host.
      let catalogInfoUrl = localCatalogInfoUrl(
        options.config,
        repoContentsUrl,
        catalogInfoPath,
      );
      if (!catalogInfoUrl) {
        const integration = integrations.byUrl(repoContentsUrl);
        if (!integration) {
          throw new InputError(
            repoContentsUrl.startsWith('file:')
              ? 'The project was published to the local git root, but no URL is mapped onto it, so the catalog cannot read it: add a platform.git.rewrites entry onto platform.publish.localRoot'
              : `"${repoContentsUrl}" is not on a host with an integration; only repositories on configured hosts are registered`,
          );
        }
        catalogInfoUrl = integration.resolveUrl({
          base: repoContentsUrl,
          url: catalogInfoPath,
        });
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${catalogInfoUrl}`);
        return;
      }
      const credentials = await auth.getOwnServiceCredentials();
      const location = { type: 'url', target: catalogInfoUrl };
      const { entities } = await catalog.addLocation(
        { ...location, dryRun: true },
        { credentials },
      );
      // The catalog answers with the Location entity it would make for the target, too.
      const refs = entities
        .filter((entity: Entity) => entity.kind !== 'Location')
        .map((entity: Entity) =>
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        );
      const wanted = entityRef.toLocaleLowerCase('en-US');
      if (refs.length !== 1 || refs[0] !== wanted) {
        throw new InputError(
          `${catalogInfoUrl} must hold exactly ${entityRef}, but it holds ${
            refs.length ? refs.join(', ') : 'no entity'
          }`,
        );
      }
      const existing = await catalog.getEntityByRef(wanted, { credentials });
      const origin =
        existing?.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      if (existing && origin !== `url:${catalogInfoUrl}`) {
        throw new ConflictError(
          `${entityRef} already exists in the catalog${
            origin ? ` (from ${origin})` : ''
          }; the repository was published but not registered. Choose another name, or ask the platform team to move the entity.`,
        );
      }
      if (existing) {
        ctx.logger.info(
          `${entityRef} is already registered from ${catalogInfoUrl}`,
        );
      } else {
        await ctx.checkpoint({
          key: `platform.catalog.register.${catalogInfoUrl}`,
          fn: async () => {
            await catalog.addLocation(location, { credentials });
          },
        });
        ctx.logger.info(`Registered ${entityRef} from ${catalogInfoUrl}`);
      }
      ctx.output('entityRef', wanted);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
    },
  });
}
