import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  DriftRow,
  InterfaceChange,
  InterfaceDiff,
  normalizeVersion,
  parseTagVersion,
  PlatformModuleInfo,
  Reference,
  redactLocalPaths,
  redactUrlCredentials,
  RepositoryStatus,
} from '@platform-portal/plugin-platform-common';
import {
  BranchChange,
  LoadedPlatform,
  OpenedPullRequest,
  PinTarget,
  planUpgrade,
  PullRequestRequest,
  RepositoryHosts,
  scanFiles,
  UpgradePlan,
  UpgradeRefusal,
} from '@platform-portal/plugin-platform-engine';
import {
  ReferenceExtractor,
  RepositoryHost,
} from '@platform-portal/plugin-platform-node';
import semver from 'semver';
import {
  describeUpgrade,
  upgradeNotesOf,
  upgradeTitle,
} from './describeUpgrade';
import { UpgradeCampaign, UpgradeChange } from './types';
import { UpgradeChangeInput, UpgradeStore } from './UpgradeStore';
import { namesModulePath } from './namesModulePath';

/** What a caller asks to upgrade. */
export interface UpgradeRequest {
  module: string;
  /** A release of the module. */
  version: string;
  /** The services; every service behind on the module when absent. */
  entityRefs?: string[];
  /** Only the references of this environment; all when absent. */
  environment?: string;
  /** Values for the inputs a breaking upgrade adds, by input name. */
  inputs?: Record<string, unknown>;
}

/** One service's upgrade as the preview shows it, or why it cannot be made. */
export interface ServiceUpgradePreview {
  entityRef: string;
  branch: string;
  title: string;
  /** The change's description (Markdown); absent when refused. */
  description?: string;
  /** The releases pinned now. */
  from: string[];
  files: Array<{ path: string; patch: string }>;
  needsPerson: UpgradeRefusal[];
  missingInputs: string[];
  breaking: boolean;
  breakingChanges: InterfaceChange[];
  notes: string[];
  /** Why nothing can be changed in this service; the rest is empty then. */
  refused?: string;
}

/** What POST /upgrades/preview answers. */
export interface UpgradePreview {
  module: string;
  version: string;
  tag: string;
  environment?: string;
  services: ServiceUpgradePreview[];
}

/** What POST /upgrades answers: per service, the change made or why none was. */
export interface UpgradeResult {
  campaign?: UpgradeCampaign;
  results: Array<{
    entityRef: string;
    change?: UpgradeChange;
    refused?: string;
  }>;
}

/** A host that can push a branch (every git host of the engine). */
interface BranchPusher {
  pushBranch(
    url: string,
    change: BranchChange,
  ): Promise<{ branch: string; commit: string; created?: boolean }>;
}

/** A host with pull requests (GitHub). */
interface PullRequestOpener {
  openPullRequest(
    url: string,
    request: PullRequestRequest & { removeBranchOnFailure?: boolean },
  ): Promise<OpenedPullRequest>;
}

function canPush(host: RepositoryHost): host is RepositoryHost & BranchPusher {
  return typeof (host as Partial<BranchPusher>).pushBranch === 'function';
}

function opensPullRequests(
  host: RepositoryHost,
): host is RepositoryHost & PullRequestOpener {
  return (
    typeof (host as Partial<PullRequestOpener>).openPullRequest === 'function'
  );
}

/** The label every upgrade pull request carries, so that a team can find them. */
export const UPGRADE_LABEL = 'platform-upgrade';
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** Services prepared and pushed at once in a campaign. */
const CONCURRENCY = 4;
const DRIFT_PAGE = 500;

/** A refusal of one service: said to the caller, nothing pushed. */
class Refusal extends Error {}

function message(error: unknown): string {
  return redactLocalPaths(
    redactUrlCredentials(
      error instanceof Error ? error.message : String(error),
    ),
  );
}

async function eachLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    }),
  );
  return results;
}

/** What one service's upgrade needs, once prepared: the plan and where to push it. */
interface PreparedUpgrade {
  preview: ServiceUpgradePreview;
  plan?: UpgradePlan;
  repository?: RepositoryStatus;
  host?: RepositoryHost;
  url?: string;
}

/** The module, the release and where it is tagged: what every service of a request shares. */
interface UpgradeTarget {
  platform: LoadedPlatform;
  module: PlatformModuleInfo;
  pin: PinTarget;
  environment?: string;
}

/** The drift report as the upgrades read it. */
export interface UpgradeDriftSource {
  getEntityDrift(entityRef: string): Promise<{
    repository?: RepositoryStatus;
    references: DriftRow[];
  }>;
  queryDrift(query: {
    module?: string[];
    environment?: string[];
    offset?: number;
    limit?: number;
  }): Promise<{ items: DriftRow[]; totalCount: number }>;
}

/** Options of {@link UpgradeService}. */
export interface UpgradeServiceOptions {
  report: UpgradeDriftSource;
  hosts: RepositoryHosts;
  extractors: ReferenceExtractor[];
  /** The platforms, recent enough to know a release tagged a minute ago. */
  platforms: () => Promise<LoadedPlatform[]>;
  /** The interface diff of two releases of a module (see ModuleInterfaceService). */
  diff: (module: string, from: string, to: string) => Promise<InterfaceDiff>;
  store: UpgradeStore;
  /** Encodes a value given for a new input as HCL. */
  hclValue: (value: unknown, where: string) => string;
  /** Who the portal's commits are by. */
  author: { name: string; email: string };
  integrations?: ScmIntegrationRegistry;
  /** Where a pull request stands on its host (see GithubPullRequestStates). */
  pullRequests?: {
    state(url: string): Promise<'open' | 'merged' | 'closed' | undefined>;
  };
  logger: LoggerService;
}

/** Whether a pinned version is behind the target; a pin with no version is left to the edit. */
function isBehind(row: DriftRow, target: string): boolean {
  const version = row.version && semver.valid(row.version);
  return !version || semver.lt(version, target);
}

/**
 * Upgrades of one module to one release in services: previews (the files with their diffs,
 * what breaks, what a person must do) and changes (a branch per service, and a pull request
 * where the host has them), kept in the store and followed until merged.
 *
 * @internal
 */
export class UpgradeService {
  constructor(private readonly options: UpgradeServiceOptions) {}

  /** The branch of an upgrade: one per module, release and environment. */
  static branchOf(module: string, version: string, environment?: string) {
    return `platform/upgrade/${module}-${version}${
      environment ? `-${environment}` : ''
    }`;
  }

  /**
   * The module and release asked for, checked: a 400 naming the module, version or environment
   * that is not one.
   */
  async target(request: UpgradeRequest): Promise<UpgradeTarget> {
    const version = normalizeVersion(String(request.version ?? ''));
    if (!version) {
      throw new InputError(
        `Invalid version ${JSON.stringify(
          request.version,
        )}: expected a release version such as 2.1.0`,
      );
    }
    if (
      request.environment !== undefined &&
      !ENVIRONMENT.test(request.environment)
    ) {
      throw new InputError(
        `Invalid environment ${JSON.stringify(
          request.environment,
        )}: expected a name such as staging`,
      );
    }
    for (const [name, value] of Object.entries(request.inputs ?? {})) {
      if (!INPUT_NAME.test(name)) {
        throw new InputError(
          `Invalid input name ${JSON.stringify(
            name,
          )}: expected a Terraform variable name`,
        );
      }
      // Refused here, naming the input, rather than after some services were pushed.
      this.options.hclValue(value, `${request.module}.${name}`);
    }
    const platforms = await this.options.platforms();
    for (const platform of platforms) {
      const module = platform.modules.find(m => m.name === request.module);
      if (!module) {
        continue;
      }
      if (!module.versions.includes(version)) {
        throw new InputError(
          `${version} is not a release of platform module ${JSON.stringify(
            module.name,
          )}; its newest releases are ${
            module.versions.slice(0, 5).join(', ') || 'none'
          }`,
        );
      }
      const tag = platform.snapshot.tags.find(
        t => parseTagVersion(t.name, module.tagPattern) === version,
      )!;
      return {
        platform,
        module,
        pin: { version, tag: tag.name, commit: tag.commit },
        environment: request.environment,
      };
    }
    throw new NotFoundError(
      `No platform module ${JSON.stringify(request.module)}`,
    );
  }

  /** The services asked for, or every service with a reference of the module behind the target. */
  async services(request: UpgradeRequest, target: UpgradeTarget) {
    if (request.entityRefs?.length) {
      return [...new Set(request.entityRefs)];
    }
    const behind = new Set<string>();
    for (let offset = 0; ; offset += DRIFT_PAGE) {
      const page = await this.options.report.queryDrift({
        module: [target.module.name],
        environment: target.environment ? [target.environment] : undefined,
        offset,
        limit: DRIFT_PAGE,
      });
      for (const row of page.items) {
        if (
          row.platform === target.platform.snapshot.manifest.name &&
          row.version &&
          isBehind(row, target.pin.version)
        ) {
          behind.add(row.entityRef);
        }
      }
      if (offset + DRIFT_PAGE >= page.totalCount) {
        break;
      }
    }
    return [...behind].sort();
  }

  async preview(
    request: UpgradeRequest,
    target: UpgradeTarget,
    entityRefs: string[],
  ): Promise<UpgradePreview> {
    const services = await eachLimited(entityRefs, CONCURRENCY, entityRef =>
      this.prepare(entityRef, target, request.inputs),
    );
    return {
      module: target.module.name,
      version: target.pin.version,
      tag: target.pin.tag,
      ...(target.environment && { environment: target.environment }),
      services: services.map(s => s.preview),
    };
  }

  /**
   * Makes the change of each service (the caller has checked that it may): pushes the branch,
   * opens or updates the pull request where the host has them, and records the change. A
   * service that cannot be changed safely is refused, and nothing is pushed to it; in a campaign
   * it is recorded as failed with the reason, so that the campaign shows who must act.
   */
  async create(
    request: UpgradeRequest & { campaign?: boolean },
    target: UpgradeTarget,
    entityRefs: string[],
    createdBy: string,
  ): Promise<UpgradeResult> {
    const { store } = this.options;
    const campaign = request.campaign
      ? await store.createCampaign({
          module: target.module.name,
          version: target.pin.version,
          environment: target.environment,
          createdBy,
        })
      : undefined;
    const key = {
      module: target.module.name,
      version: target.pin.version,
      environment: target.environment,
    };
    const results = await eachLimited(
      entityRefs,
      CONCURRENCY,
      async entityRef => {
        const prepared = await this.prepare(entityRef, target, request.inputs);
        const { preview } = prepared;
        // Every attempt on this service is recorded under one key, campaign, branch and author.
        const record = (
          outcome: Omit<
            UpgradeChangeInput,
            | keyof typeof key
            | 'entityRef'
            | 'campaignId'
            | 'branch'
            | 'createdBy'
          >,
        ) =>
          store.recordChange({
            entityRef,
            ...key,
            campaignId: campaign?.id,
            branch: preview.branch,
            createdBy,
            ...outcome,
          });
        const refused =
          preview.refused ??
          (preview.needsPerson.length
            ? `${entityRef} needs a person: ${preview.needsPerson
                .map(r => `${r.file}:${r.line} ${r.reason}`)
                .join('; ')}`
            : undefined);
        if (refused) {
          const existing = await store.getChange({ entityRef, ...key });
          if (campaign && (!existing || existing.state === 'failed')) {
            const change = await record({ state: 'failed', error: refused });
            return { entityRef, change, refused };
          }
          return { entityRef, refused };
        }
        let delivered;
        try {
          const value = await this.deliver(prepared);
          delivered = { ...value, state: value.state ?? ('open' as const) };
        } catch (error) {
          const reason = message(error);
          this.options.logger.warn(
            `Pushing the upgrade of ${key.module} to ${key.version} in ${entityRef} failed: ${reason}`,
          );
          const existing = await store.getChange({ entityRef, ...key });
          // A change already open (its branch, its pull request) stays open: this attempt failed,
          // not the change; the error says why it was not updated.
          const change = await record({
            ...(existing?.state === 'open'
              ? {
                  state: 'open',
                  commit: existing.commit,
                  url: existing.url,
                  pullRequest: existing.pullRequest,
                }
              : { state: 'failed' }),
            error: reason,
          });
          return { entityRef, change, refused: reason };
        }
        const change = await record(delivered);
        return { entityRef, change };
      },
    );
    return {
      ...(campaign && { campaign: await store.getCampaign(campaign.id) }),
      results,
    };
  }

  /**
   * The changes with their state. An open change with a pull request takes the pull request's
   * state, read from its host when asked (a conditional request, free while nothing changed). An
   * open change counts as merged once a scan shows every
   * reference of its module in its service (and environment) at or beyond its release. This is
   * computed here, on read, from the drift rows the report already holds in memory, rather than
   * by the scanner after each scan: the scanner then needs to know nothing of upgrades, and the
   * state can never disagree with the report the user sees next to it. A change found merged is
   * written back, so that a campaign's counts read it from the store.
   */
  async listChanges(filter: {
    module?: string;
    entityRef?: string;
    campaignId?: string;
  }): Promise<UpgradeChange[]> {
    const changes = await this.options.store.listChanges(filter);
    const drift = new Map<string, Promise<DriftRow[]>>();
    const rowsOf = (entityRef: string) => {
      let rows = drift.get(entityRef);
      if (!rows) {
        rows = this.options.report
          .getEntityDrift(entityRef)
          .then(d => d.references);
        drift.set(entityRef, rows);
      }
      return rows;
    };
    return Promise.all(
      changes.map(async change => {
        if (change.state !== 'open') {
          return change;
        }
        const onHost = await this.pullRequestState(change);
        if (onHost && onHost !== 'open') {
          await this.options.store.setState(change.id, onHost);
          return { ...change, state: onHost };
        }
        const rows = (await rowsOf(change.entityRef)).filter(
          row =>
            row.module === change.module &&
            (!change.environment || row.environment === change.environment),
        );
        const merged =
          rows.length > 0 &&
          rows.every(
            row =>
              row.version &&
              semver.valid(row.version) &&
              semver.gte(row.version, change.version),
          );
        if (!merged) {
          return change;
        }
        await this.options.store.setState(change.id, 'merged');
        return { ...change, state: 'merged' as const };
      }),
    );
  }

  /** Where the change's pull request stands, when it has one; undefined when it cannot be read. */
  private async pullRequestState(change: UpgradeChange) {
    if (!change.pullRequest || !change.url || !this.options.pullRequests) {
      return undefined;
    }
    try {
      return await this.options.pullRequests.state(change.url);
    } catch (error) {
      this.options.logger.warn(
        `Reading the state of ${change.url} failed: ${message(error)}`,
      );
      return undefined;
    }
  }

  /** The campaign with its counts and its changes, their states brought up to date first. */
  async getCampaign(
    id: string,
  ): Promise<{ campaign: UpgradeCampaign; changes: UpgradeChange[] }> {
    const changes = await this.listChanges({ campaignId: id });
    const campaign = await this.options.store.getCampaign(id);
    if (!campaign) {
      throw new NotFoundError(`No upgrade campaign ${JSON.stringify(id)}`);
    }
    return { campaign, changes };
  }

  private async prepare(
    entityRef: string,
    target: UpgradeTarget,
    inputs?: Record<string, unknown>,
  ): Promise<PreparedUpgrade> {
    const { module, pin, environment } = target;
    const branch = UpgradeService.branchOf(
      module.name,
      pin.version,
      environment,
    );
    const preview: ServiceUpgradePreview = {
      entityRef,
      branch,
      title: upgradeTitle({
        module: module.name,
        version: pin.version,
        environment,
      }),
      from: [],
      files: [],
      needsPerson: [],
      missingInputs: [],
      breaking: false,
      breakingChanges: [],
      notes: [],
    };
    try {
      return await this.plan(preview, target, inputs);
    } catch (error) {
      if (!(error instanceof Refusal)) {
        this.options.logger.warn(
          `Preparing the upgrade of ${
            module.name
          } in ${entityRef} failed: ${message(error)}`,
        );
      }
      return { preview: { ...preview, refused: message(error) } };
    }
  }

  private async plan(
    preview: ServiceUpgradePreview,
    target: UpgradeTarget,
    inputs?: Record<string, unknown>,
  ): Promise<PreparedUpgrade> {
    const { entityRef } = preview;
    const { module, pin, environment, platform } = target;
    const drift = await this.options.report.getEntityDrift(entityRef);
    const repository = drift.repository;
    if (!repository) {
      throw new Refusal(
        `${entityRef} is no service the portal scans (no repository in the catalog)`,
      );
    }
    if (!repository.commit) {
      throw new Refusal(
        `${entityRef} has not been scanned yet; scan it, then ask again`,
      );
    }
    const rows = drift.references.filter(
      row =>
        row.module === module.name &&
        row.platform === platform.snapshot.manifest.name &&
        (!environment || row.environment === environment),
    );
    // A source built from an expression names no module the scan could know; one that spells
    // the module's path is taken as this module's, for a person to change.
    const unresolved = drift.references
      .filter(
        row =>
          row.verdict === 'unresolved' &&
          (!environment || row.environment === environment) &&
          namesModulePath(row.source, module.path),
      )
      .map(row => ({
        file: row.file,
        line: row.line,
        reason: row.explanation,
      }));
    const behind = rows.filter(row => isBehind(row, pin.version));
    if (behind.length === 0 && unresolved.length) {
      throw new Refusal(
        `${entityRef} needs a person: ${unresolved
          .map(r => `${r.file}:${r.line} ${r.reason}`)
          .join('; ')}`,
      );
    }
    if (rows.length === 0) {
      throw new Refusal(
        `${entityRef} has no reference to platform module ${module.name}${
          environment ? ` in environment ${environment}` : ''
        }`,
      );
    }
    if (behind.length === 0) {
      throw new Refusal(
        `${entityRef} is already on ${module.name} ${pin.version} or newer${
          environment ? ` in environment ${environment}` : ''
        }`,
      );
    }
    const resolved = this.options.hosts.resolve(repository.url);
    if (!resolved) {
      throw new Refusal(
        `no repository host may read the repository of ${entityRef}`,
      );
    }
    const { host, url } = resolved;
    const paths = new Set(behind.map(row => row.file));
    const atScan = await this.readFiles(host, url, repository.commit, paths);
    const scanned = atScan.references;
    const references = behind.map(row => {
      const reference = scanned.find(
        r =>
          r.position.file === row.file &&
          r.position.line === row.line &&
          r.position.column === row.column &&
          r.kind === row.kind,
      );
      if (!reference || reference.ref !== row.ref) {
        throw new Refusal(
          `${row.file}:${row.line} of ${entityRef} does not hold the reference the scan stored; scan it again, then ask again`,
        );
      }
      return { row, reference };
    });

    // The change is made on the scanned commit; a pin someone moved since would conflict with it.
    const head = await host.getHead(url);
    if (head.commit !== repository.commit) {
      const now = (await this.readFiles(host, url, head.commit, paths))
        .references;
      for (const file of paths) {
        const names = new Set(
          references
            .filter(r => r.row.file === file)
            .map(r => r.reference.name),
        );
        const pins = (list: Reference[]) =>
          list
            .filter(r => r.position.file === file && names.has(r.name))
            .map(r => r.ref ?? r.unresolved?.expression ?? '');
        const before = pins(scanned);
        const after = pins(now);
        if (before.join('\n') !== after.join('\n')) {
          throw new Refusal(
            `the pin of ${
              module.name
            } in ${file} of ${entityRef} changed since the scan (${
              before.join(', ') || 'none'
            } then, ${
              after.join(', ') || 'none'
            } now); scan it again, then ask again`,
          );
        }
      }
    }

    const diffs = new Map<string, InterfaceDiff>();
    const changes: UpgradeFacts['changes'] = [];
    const from = [
      ...new Set(behind.flatMap(row => (row.version ? [row.version] : []))),
    ].sort(semver.compare);
    for (const version of from) {
      try {
        const diff = await this.options.diff(module.name, version, pin.version);
        diffs.set(version, diff);
        changes.push({ from: version, changes: diff.changes });
      } catch (error) {
        preview.notes.push(
          `What changed from ${version} to ${
            pin.version
          } could not be read: ${message(error)}`,
        );
      }
    }
    const versionAt = new Map(
      references.map(({ row, reference }) => [reference, row.version]),
    );
    const plan = planUpgrade({
      files: atScan.files,
      references: references.map(r => r.reference),
      target: pin,
      module: module.name,
      diffFor: reference => {
        const version = versionAt.get(reference);
        return version ? diffs.get(version) : undefined;
      },
      inputs,
      hclValue: this.options.hclValue,
      extractors: this.options.extractors,
    });

    plan.needsPerson.push(...unresolved);
    const breakingChanges = changes
      .flatMap(c => c.changes)
      .filter(
        (change, index, all) =>
          change.breaking &&
          all.findIndex(
            other =>
              other.change === change.change && other.name === change.name,
          ) === index,
      );
    const deprecations = module.deprecations
      .filter(d =>
        from.some(
          version => !d.versions || semver.satisfies(version, d.versions),
        ),
      )
      .map(d => d.message);
    const notes = [...preview.notes, ...plan.notes];
    const description = describeUpgrade({
      entityRef,
      module: module.name,
      version: pin.version,
      environment,
      pins: references.map(({ row }) => ({
        file: row.file,
        line: row.line,
        from: row.version ?? row.ref ?? row.source,
      })),
      changes,
      missingInputs: plan.missingInputs,
      needsPerson: plan.needsPerson,
      deprecations,
      upgradeNotes: upgradeNotesOf({
        notes: platform.snapshot.manifest.modules.find(
          m => m.name === module.name,
        )?.upgrading,
        from,
        version: pin.version,
        tag: pin.tag,
        repositoryUrl: this.options.hosts.resolve(platform.url)?.url,
        integrations: this.options.integrations,
      }),
      notes,
    });
    const filesChanged = plan.patches.map(p => ({
      path: p.file,
      patch: p.patch,
    }));
    return {
      preview: {
        ...preview,
        description,
        from,
        files: filesChanged,
        needsPerson: plan.needsPerson,
        missingInputs: plan.missingInputs,
        breaking: breakingChanges.length > 0,
        breakingChanges,
        notes,
        ...(filesChanged.length === 0 &&
          plan.needsPerson.length === 0 && {
            refused: `no pin of ${module.name} in ${entityRef} could be changed`,
          }),
      },
      plan,
      repository,
      host,
      url,
    };
  }

  /** The files at a commit as text, with the references the extractors find in them. */
  private async readFiles(
    host: RepositoryHost,
    url: string,
    commit: string,
    paths: Set<string>,
  ) {
    const read = await host.readFiles(url, commit, path => paths.has(path));
    const { references } = scanFiles(read.files, {
      extractors: this.options.extractors,
    });
    return {
      references,
      files: read.files.map(file => ({
        path: file.path,
        content: file.content.toString('utf8'),
      })),
    };
  }

  /** Pushes the prepared change and opens its pull request where the host has them. */
  private async deliver(prepared: PreparedUpgrade): Promise<
    Pick<UpgradeChange, 'commit' | 'url' | 'pullRequest'> & {
      state?: 'open' | 'merged' | 'closed';
    }
  > {
    const { preview, plan, repository, host, url } = prepared;
    if (!plan || !repository?.commit || !host || !url) {
      throw new Error(`nothing to push for ${preview.entityRef}`);
    }
    if (!canPush(host)) {
      throw new Error(
        `the repository host of ${preview.entityRef} (${host.id}) cannot push branches`,
      );
    }
    const pushed = await host.pushBranch(url, {
      base: repository.commit,
      branch: preview.branch,
      files: plan.files,
      message: `${preview.title}\n\n${plan.patches
        .map(p => p.file)
        .join('\n')}\n`,
      author: this.options.author,
    });
    if (opensPullRequests(host)) {
      const pr = await host.openPullRequest(url, {
        branch: pushed.branch,
        title: preview.title,
        body: preview.description ?? '',
        labels: [UPGRADE_LABEL],
        removeBranchOnFailure: pushed.created,
      });
      return {
        commit: pushed.commit,
        url: pr.url,
        pullRequest: pr.number,
        state: pr.state,
      };
    }
    return {
      commit: pushed.commit,
      url: this.compareUrl(url, repository, pushed.branch),
    };
  }

  /** A page of the host's web UI comparing the branch with the default branch, when known. */
  private compareUrl(
    url: string,
    repository: RepositoryStatus,
    branch: string,
  ): string | undefined {
    if (!/^https?:\/\//.test(url)) {
      return undefined;
    }
    const integration = this.options.integrations?.byUrl(url);
    const base = encodeURIComponent(repository.branch ?? repository.commit!);
    const head = branch.split('/').map(encodeURIComponent).join('/');
    const web = url.replace(/\.git\/?$|\/$/, '');
    switch (integration?.type) {
      case 'github':
      case 'gitea':
        return `${web}/compare/${base}...${head}`;
      case 'gitlab':
        return `${web}/-/compare/${base}...${head}`;
      case 'bitbucketCloud':
        return `${web}/branch/${head}`;
      default:
        return undefined;
    }
  }
}

type UpgradeFacts = Parameters<typeof describeUpgrade>[0];
