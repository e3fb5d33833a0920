import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CallStatus,
  DriftFilter,
  DriftVerdict,
  ReferenceKind,
  RepositoryStatus,
  ScanRun,
  ScanTrigger,
  platformEntityScanPermission,
  platformScanCreatePermission,
} from '@platform-portal/plugin-platform-common';
import express from 'express';
import { createHash } from 'node:crypto';
import { driftCsvHeader, driftCsvLines } from './driftCsv';
import { createOpenApiRouter, spec } from './schema/openapi.generated';
import {
  addReleaseChannelRoutes,
  ReleaseChannelStore,
} from './releaseChannels';
import {
  checkEnumQueryParameters,
  checkIntegerQueryParameters,
  validEntityRef,
  validEntityRefText,
  validVersion,
} from './requestValidation';
import { ModuleInterfaceService } from './interfaces/ModuleInterfaceService';
import { DriftReportService, ScanRunStore } from './store';
import { addUpgradeRoutes, UpgradeService } from './upgrades';
import { addSourceRoutes, SourceReader } from './source';
import { ModuleReleaseService } from './releases';

/** What the router needs of the scanner. */
export interface ScanStarter {
  /**
   * Starts a run and returns its record at once; a NotFoundError, and no run, for an entity that
   * is no service the scanner knows.
   */
  start(request: {
    trigger: ScanTrigger;
    entityRef?: string;
  }): Promise<{ run: ScanRun }>;
  /** The service the scanner knows by this ref, from the catalog; undefined when none. */
  findService(entityRef: string): Promise<{ entityRef: string } | undefined>;
}

const CSV_PAGE = 500;

// The spec's validator does not coerce types (`coerceTypes: false`), so the typed `req.query` is
// read defensively: integers arrive as strings, and a list is taken as one value or many.
function list<T extends string = string>(value: unknown): T[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const values = (Array.isArray(value) ? value : [value]).map(String);
  return values.length ? (values as T[]) : undefined;
}

function filterFrom(query: {
  owner?: unknown;
  module?: unknown;
  verdict?: unknown;
  environment?: unknown;
  version?: unknown;
  kind?: unknown;
  entityRef?: unknown;
  callStatus?: unknown;
  promotion?: unknown;
  upgrade?: unknown;
  q?: unknown;
}): DriftFilter {
  return {
    owner: list(query.owner),
    module: list(query.module),
    verdict: list<DriftVerdict>(query.verdict),
    environment: list(query.environment),
    version: list(query.version),
    kind: list<ReferenceKind>(query.kind),
    entityRef: list(query.entityRef),
    callStatus: list<CallStatus>(query.callStatus),
    promotion: list<'lagging'>(query.promotion),
    upgrade: list<'open'>(query.upgrade),
    text: typeof query.q === 'string' && query.q.trim() ? query.q : undefined,
  };
}

/**
 * An empty `version` keeps the references that resolve to no release, as a module's adoption
 * groups them, so the spec allows it empty. The validator wraps a lone value of a repeatable
 * parameter in a list only when it is not empty, and would refuse '' as no list: wrapped here.
 */
function emptyVersionAsList(
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
): void {
  if (req.query.version === '') {
    req.query.version = [''];
  }
  next();
}

/**
 * Bodies of answers the report hands out more than once as the same object, encoded: a string
 * would be encoded again for every answer.
 */
const serialized = new WeakMap<object, { body: Buffer; etag: string }>();

/**
 * Sends an answer as JSON, serialising it (and hashing it for the ETag, in Express's weak form)
 * only the first time the same object is sent. A module's adoption at 10,000 services is a few
 * megabytes, and the report index answers it, and pages, summaries and facets asked for again,
 * with the same object until the data changes.
 */
function sendSharedJson(res: express.Response, value: object): void {
  let entry = serialized.get(value);
  if (!entry) {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const hash = createHash('sha1').update(body).digest('base64');
    const etag = `W/"${body.length.toString(16)}-${hash.slice(0, 27)}"`;
    entry = { body, etag };
    serialized.set(value, entry);
  }
  res.type('json').set('ETag', entry.etag).send(entry.body);
}

/** How long a browser may use an interface or diff before it asks again with its ETag. */
const RELEASE_MAX_AGE_S = 300;

/** Bodies of release interfaces, which the reader hands out as the same object each time. */
const releaseBodies = new WeakMap<object, { body: string; etag: string }>();

/**
 * Sends what a release holds with a strong ETag (the hash of the body: equal bodies are equal
 * bytes) and lets the browser keep it privately; a request whose If-None-Match has the ETag
 * gets 304 and no body. A release is read once per backend and handed out as the same object,
 * so its body is serialised and hashed once too.
 */
function sendReleaseJson(
  req: express.Request,
  res: express.Response,
  value: object,
): void {
  let entry = releaseBodies.get(value);
  if (!entry) {
    const body = JSON.stringify(value);
    const hash = createHash('sha256').update(body, 'utf8').digest('base64url');
    entry = { body, etag: `"${hash}"` };
    releaseBodies.set(value, entry);
  }
  res.set({
    ETag: entry.etag,
    'Cache-Control': `private, max-age=${RELEASE_MAX_AGE_S}`,
  });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.type('json').send(entry.body);
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  report: DriftReportService;
  scanRuns: ScanRunStore;
  scanner: ScanStarter;
  /** Interfaces of module releases and their diffs. */
  interfaces: ModuleInterfaceService;
  releaseChannels?: ReleaseChannelStore;
  /**
   * Reads release channels again, of one entity or of all, when a scan is asked for; settles when
   * done and never throws.
   */
  refreshReleaseChannels?: (entityRef?: string) => Promise<void>;
  /** Whether an entity declares release channels that are read (with a repository or not). */
  declaresReleaseChannels?: (entityRef: string) => Promise<boolean>;
  /** Upgrade previews, changes and campaigns. */
  upgrades?: UpgradeService;
  /** Files of the repositories read through a local root, for the source view. */
  source?: SourceReader;
  /** Modules' releases with their dates, notes and support. */
  releases?: ModuleReleaseService;
}): Promise<express.Router> {
  const { httpAuth, permissions, report, scanRuns, scanner, interfaces } =
    options;
  const router = await createOpenApiRouter({
    middleware: [
      express.json(),
      checkIntegerQueryParameters(spec),
      checkEnumQueryParameters(spec),
      emptyVersionAsList,
    ],
  });
  if (options.releaseChannels) {
    // The spec-typed router is too deep a type to pass as a parameter (TS2589).
    addReleaseChannelRoutes(router as unknown as express.Router, {
      httpAuth,
      store: options.releaseChannels,
      isService: async entityRef =>
        (await scanner.findService(entityRef)) !== undefined ||
        ((await options.declaresReleaseChannels?.(entityRef)) ?? false),
    });
  }
  if (options.upgrades) {
    addUpgradeRoutes(router as unknown as express.Router, {
      httpAuth,
      permissions,
      upgrades: options.upgrades,
    });
  }
  if (options.source) {
    addSourceRoutes(router as unknown as express.Router, {
      httpAuth,
      reader: options.source,
    });
  }
  const anyone = (req: express.Request<any, any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/health', async (req, res) => {
    await anyone(req);
    await scanRuns.ping();
    res.json({ status: 'ok' });
  });

  router.get('/scans/latest', async (req, res) => {
    await anyone(req);
    // The report's status line speaks for the organisation: a scan of one service is that
    // service's news, not the report's.
    const scan = await scanRuns.getLatestScanRun({ organisationWide: true });
    res.json({ scan: scan ?? null });
  });

  router.get('/scans/:id', async (req, res) => {
    await anyone(req);
    const scan = await scanRuns.getScanRun(req.params.id);
    if (!scan) {
      throw new NotFoundError(`No scan run ${req.params.id}`);
    }
    res.json({ scan });
  });

  router.post('/scans', async (req, res) => {
    const credentials = await anyone(req);
    const entityRef =
      req.body?.entityRef === undefined
        ? undefined
        : validEntityRefText(req.body.entityRef);
    // A scan of one entity is judged by the catalog against that entity (its owners may scan it).
    const [decision] = await permissions.authorize(
      [
        entityRef
          ? { permission: platformEntityScanPermission, resourceRef: entityRef }
          : { permission: platformScanCreatePermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        entityRef
          ? `You may not start a platform scan of ${entityRef}`
          : 'You may not start a platform scan',
      );
    }
    let run;
    try {
      ({ run } = await scanner.start({ trigger: 'manual', entityRef }));
    } catch (error) {
      if (
        !entityRef ||
        !isError(error) ||
        error.name !== 'NotFoundError' ||
        !(await options.declaresReleaseChannels?.(entityRef))
      ) {
        throw error;
      }
      // Nothing to scan for drift (no repository), but its release channels are read at once.
      void options.refreshReleaseChannels?.(entityRef);
      res.status(202).json({ scan: null });
      return;
    }
    // A service just created or changed should not wait for the next cycle to show its channels.
    void options.refreshReleaseChannels?.(entityRef);
    res.status(202).json({ scan: run });
  });

  router.get('/drift', async (req, res) => {
    await anyone(req);
    const query = req.query;
    const page = await report.queryDrift({
      ...filterFrom(query),
      sort: query.sort,
      order: query.order,
      offset: query.offset === undefined ? undefined : Number(query.offset),
      limit: query.limit === undefined ? undefined : Number(query.limit),
    });
    sendSharedJson(res, page);
  });

  router.get('/drift/export', async (req, res) => {
    await anyone(req);
    const filter = filterFrom(req.query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="platform-drift.csv"',
    );
    res.write(driftCsvHeader());
    for (let offset = 0; ; offset += CSV_PAGE) {
      const page = await report.queryDrift({
        ...filter,
        sort: 'entity',
        offset,
        limit: CSV_PAGE,
      });
      res.write(driftCsvLines(page.items));
      if (offset + CSV_PAGE >= page.totalCount) {
        break;
      }
    }
    res.end();
  });

  router.get('/summary', async (req, res) => {
    await anyone(req);
    sendSharedJson(res, await report.getSummary(filterFrom(req.query)));
  });

  router.get('/required-modules', async (req, res) => {
    await anyone(req);
    const { owner, module, entityRef } = filterFrom(req.query);
    res.json(
      await report.listRequiredModuleFindings({ owner, module, entityRef }),
    );
  });

  router.get('/facets', async (req, res) => {
    await anyone(req);
    sendSharedJson(res, await report.getFacets());
  });

  router.get('/trends', async (req, res) => {
    await anyone(req);
    const points = await report.getTrends({
      days: req.query.days === undefined ? 30 : Number(req.query.days),
      module: req.query.module,
    });
    res.json({ points });
  });

  router.get('/modules', async (req, res) => {
    await anyone(req);
    res.json({ items: await report.listModules() });
  });

  router.get('/modules/:name/adoption', async (req, res) => {
    await anyone(req);
    const { servicesPerVersion } = req.query;
    const adoption = await report.getModuleAdoption(
      req.params.name,
      req.query.platform,
      {
        servicesPerVersion:
          servicesPerVersion === undefined
            ? undefined
            : Number(servicesPerVersion),
      },
    );
    if (!adoption) {
      throw new NotFoundError(`No platform module ${req.params.name}`);
    }
    sendSharedJson(res, adoption);
  });

  router.get('/modules/:name/releases', async (req, res) => {
    await anyone(req);
    if (!options.releases) {
      throw new NotFoundError('This backend lists no module releases');
    }
    res.json(
      await options.releases.getReleases(req.params.name, req.query.platform),
    );
  });

  router.get('/modules/:name/interface', async (req, res) => {
    await anyone(req);
    const release = await interfaces.getInterface(
      req.params.name,
      validVersion(req.query.version, 'version'),
      req.query.platform,
    );
    sendReleaseJson(req, res, release);
  });

  router.get('/modules/:name/diff', async (req, res) => {
    await anyone(req);
    const diff = await interfaces.getDiff(
      req.params.name,
      validVersion(req.query.from, 'from'),
      validVersion(req.query.to, 'to'),
      req.query.platform,
    );
    sendReleaseJson(req, res, diff);
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    await anyone(req);
    res.json(await report.getEntityDrift(validEntityRef(req.params)));
  });

  router.get('/repositories', async (req, res) => {
    await anyone(req);
    res.json({
      items: await report.listRepositoryStatuses({
        status: list<RepositoryStatus['status']>(req.query.status),
      }),
    });
  });

  router.get('/dependencies', async (req, res) => {
    await anyone(req);
    res.json({ items: await report.listDependencies() });
  });

  return router;
}
