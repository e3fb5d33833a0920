import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createPlatformApiClient,
  platformApiData,
} from '@platform-portal/plugin-platform-common';
import { examples } from './scanRequest.examples';

const ENTITY_REF =
  /^[A-Za-z0-9_-]+:(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** What the platform backend's answer means for the person who ran the template. */
function refusal(status: number, entityRef: string, who: string): string {
  if (status === 403) {
    return `The platform backend did not let ${who} scan ${entityRef} (403)`;
  }
  if (status === 404) {
    return `The platform backend does not know ${entityRef} yet (404)`;
  }
  return `Could not request a platform scan of ${entityRef} (${status})`;
}

/**
 * `platform:scan:request`: asks the platform backend to scan one entity now, so a new project
 * shows up in the drift report without waiting for the schedule.
 */
export function createScanRequestAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  /** When given, the request waits for the entity to appear in the catalog first. */
  catalog?: CatalogService;
  pollIntervalMs?: number;
}) {
  const { auth, discovery, catalog, pollIntervalMs = 1000 } = options;

  /** A just-registered location is processed in the background; the scan needs its entity. */
  async function waitForEntity(entityRef: string, seconds: number) {
    if (!catalog) {
      return true;
    }
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (entity) {
        return true;
      }
      if (Date.now() + pollIntervalMs > deadline) {
        return false;
      }
      await new Promise(resolve => setTimeout(resolve, pollIntervalMs));
    }
  }

  return createTemplateAction({
    id: 'platform:scan:request',
    description:
      'Requests a platform drift scan of one entity. A failure only warns: the scheduled scan picks the entity up later.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The entity to scan, e.g. component:default/orders-api',
          }),
        waitSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the entity to appear in the catalog before requesting the scan; 60 by default',
            })
            .int()
            .min(0)
            .max(600)
            .optional(),
      },
      output: {
        scanId: z =>
          z
            .string({
              description:
                'The scan run started; absent when the request failed or in dry runs',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { entityRef } = ctx.input;
      if (!ENTITY_REF.test(entityRef) || entityRef.includes('..')) {
        throw new InputError(`Invalid entity reference '${entityRef}'`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request a platform scan of ${entityRef}`,
        );
        return;
      }
      const later =
        'the new service will be scanned on the next scheduled scan';
      try {
        if (!(await waitForEntity(entityRef, ctx.input.waitSeconds ?? 60))) {
          ctx.logger.warn(
            `${entityRef} did not appear in the catalog within ${
              ctx.input.waitSeconds ?? 60
            } seconds; ${later}`,
          );
          return;
        }
        // As the person who ran the template, so the platform backend's permission check sees them.
        const credentials = await ctx.getInitiatorCredentials();
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'platform',
        });
        const api = createPlatformApiClient({
          baseUrl: await discovery.getBaseUrl('platform'),
          headers: { Authorization: `Bearer ${token}` },
        });
        let body;
        try {
          body = await platformApiData(
            api.POST('/scans', { body: { entityRef } }),
          );
        } catch (error) {
          if (!(error instanceof ResponseError)) {
            throw error;
          }
          const who = auth.isPrincipal(credentials, 'user')
            ? credentials.principal.userEntityRef
            : 'the person who ran the template';
          ctx.logger.warn(
            `${refusal(error.statusCode, entityRef, who)}; ${later}`,
          );
          return;
        }
        const scanId = body.scan?.id;
        if (scanId) {
          ctx.logger.info(`Requested platform scan ${scanId} of ${entityRef}`);
          ctx.output('scanId', scanId);
        } else {
          ctx.logger.info(
            `${entityRef} has no repository to scan; its release channels are being read`,
          );
        }
      } catch (error) {
        // The project is already published and registered; the scheduled scan finds it anyway,
        // so a missed request must not fail the task.
        ctx.logger.warn(
          `Could not request a platform scan of ${entityRef} (${
            (error as Error).message
          }); ${later}`,
        );
      }
    },
  });
}
