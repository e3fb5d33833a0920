import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { platformUpgradeCreatePermission } from '@platform-portal/plugin-platform-common';
import express from 'express';
import { validEntityRefText } from '../requestValidation';
import { UpgradeRequest, UpgradeService } from './UpgradeService';

/** The request body, its entity refs checked and written as the catalog writes them. */
function upgradeRequest(body: unknown): UpgradeRequest & { campaign: boolean } {
  const value = (body ?? {}) as Record<string, unknown>;
  if (typeof value.module !== 'string' || typeof value.version !== 'string') {
    throw new InputError('An upgrade needs a module and a version');
  }
  const entityRefs = Array.isArray(value.entityRefs)
    ? value.entityRefs.map(ref =>
        validEntityRefText(String(ref)).toLocaleLowerCase('en-US'),
      )
    : undefined;
  return {
    module: value.module,
    version: value.version,
    entityRefs,
    environment:
      typeof value.environment === 'string' ? value.environment : undefined,
    inputs:
      value.inputs && typeof value.inputs === 'object'
        ? (value.inputs as Record<string, unknown>)
        : undefined,
    campaign: value.campaign === true,
  };
}

function createdBy(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/**
 * The upgrade routes: a preview of the changes, the changes themselves (each service authorized
 * with platform.upgrade.create for that entity, with the caller's credentials), the changes with
 * their state and a campaign's progress. The router given is the one made from the OpenAPI spec,
 * which validates the requests; it is taken as a plain router because its full spec type is too
 * deep for TypeScript to pass around.
 *
 * @internal
 */
export function addUpgradeRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    upgrades: UpgradeService;
  },
) {
  const { httpAuth, permissions, upgrades } = options;
  const anyone = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/upgrades/preview', async (req, res) => {
    await anyone(req);
    const request = upgradeRequest(req.body);
    const target = await upgrades.target(request);
    const services = await upgrades.services(request, target);
    res.json(await upgrades.preview(request, target, services));
  });

  router.post('/upgrades', async (req, res) => {
    const credentials = await anyone(req);
    const request = upgradeRequest(req.body);
    const target = await upgrades.target(request);
    const services = await upgrades.services(request, target);
    if (services.length === 0) {
      throw new InputError(
        `No service is behind on ${target.module.name} ${target.pin.version}${
          target.environment ? ` in environment ${target.environment}` : ''
        }`,
      );
    }
    // Each entity is judged on its own (its owners may); one refused refuses the whole request,
    // before anything is pushed anywhere.
    const decisions = await permissions.authorize(
      services.map(resourceRef => ({
        permission: platformUpgradeCreatePermission,
        resourceRef,
      })),
      { credentials },
    );
    const denied = services.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length) {
      throw new NotAllowedError(
        `You may not open upgrades of ${denied.join(', ')}`,
      );
    }
    res
      .status(201)
      .json(
        await upgrades.create(
          request,
          target,
          services,
          createdBy(credentials),
        ),
      );
  });

  router.get('/upgrades', async (req, res) => {
    await anyone(req);
    const query = req.query as Record<string, unknown>;
    const text = (name: string) =>
      typeof query[name] === 'string' ? (query[name] as string) : undefined;
    const entityRef = text('entityRef');
    res.json({
      items: await upgrades.listChanges({
        module: text('module'),
        entityRef:
          entityRef && validEntityRefText(entityRef).toLocaleLowerCase('en-US'),
        campaignId: text('campaign'),
      }),
    });
  });

  router.get('/upgrades/campaigns/:id', async (req, res) => {
    await anyone(req);
    res.json(await upgrades.getCampaign(req.params.id));
  });
}
