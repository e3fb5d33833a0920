//
// Generated from plugins/platform-backend/src/schema/openapi.yaml by `yarn generate:client`
// in plugins/platform-common. Do not edit.
//

/** @public */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Answers when the plugin is up and its database is reachable. */
    get: operations['GetHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scans/latest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The most recent organisation-wide scan run (a scan of one entity is that entity's, not the organisation's), or null when none has run yet. */
    get: operations['GetLatestScan'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scans': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Starts a scan of every service (platform.scan.create permission), or of one entity (platform.entity.scan on that entity, which the permission policy grants its owners). An entityRef the catalog would refuse is answered with 400; one that is neither a service with a repository the scanner knows nor an entity declaring release channels with 404, and no scan is recorded. An entity that only declares release channels gets its channels read and `scan` null. */
    post: operations['StartScan'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scans/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One scan run, with its progress. */
    get: operations['GetScan'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/drift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Drift rows (service × reference) matching the filters, one page. */
    get: operations['GetDrift'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/drift/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every drift row matching the filters as CSV. */
    get: operations['ExportDrift'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Counts by verdict and by module of the rows matching the filters. */
    get: operations['GetSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/required-modules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The services that miss a module every service must use, or use it outside the required releases; scanned services only. */
    get: operations['ListRequiredModuleFindings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/facets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The owners, modules, environments and kinds the drift rows can be filtered by. */
    get: operations['GetFacets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/trends': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Verdict counts per day, oldest first. */
    get: operations['GetTrends'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/modules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every module of every configured platform, with its versions. */
    get: operations['ListModules'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/modules/{name}/adoption': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Which services use which version of a module, by environment. */
    get: operations['GetModuleAdoption'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/modules/{name}/releases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A module's releases, newest first, with their dates and notes, the upgrade notes of each major and until when each major is supported. */
    get: operations['GetModuleReleases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/modules/{name}/interface': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The interface of one release of a module (its inputs and outputs, workflow inputs and secrets, XRD versions and schemas, or chart values schema). A release never changes, so the answer carries an ETag. */
    get: operations['GetModuleInterface'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/modules/{name}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed in a module's interface between two releases, each change marked breaking or not. */
    get: operations['GetModuleInterfaceDiff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The references, verdicts and scan problems of one catalog entity. */
    get: operations['GetEntityDrift'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/repositories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the last scan of each service's repository went. */
    get: operations['ListRepositories'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dependencies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Which platform modules each service uses; read by the catalog module. */
    get: operations['ListDependencies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/source': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One text file of a repository the portal scans (a service's or a platform's), at a
     *     commit, for repositories read through a local root: what the portal links to where the
     *     repository has no web UI. 400 for a path that is absolute or leaves the repository, or a
     *     commit that is no full SHA; 404 for a repository, commit or file the portal does not
     *     know; 413 for a file over the size limit; 415 for a binary file or a symbolic link.
     */
    get: operations['GetSourceFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/source/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The files of a repository the portal scans, at a commit, for repositories read through a
     *     local root: what the source view lists for a repository. 404 for a repository or commit
     *     the portal does not know, naming it.
     */
    get: operations['ListSourceFiles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/release-channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Services that declare release channels, worst skew first, with counts by verdict. */
    get: operations['ListReleaseChannels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/release-channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The release channels of one catalog entity, their verdicts and the versions seen on them. */
    get: operations['GetEntityReleaseChannels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/upgrades/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What upgrading a module to a release would change in each service, without changing anything. The files are read at the scanned commit; a service that cannot be changed says why (`refused`). 400 naming a version that is no release of the module, 404 for an unknown module. */
    post: operations['PreviewUpgrades'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/upgrades': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The changes the portal opened, with their state; an open change is merged once a scan shows every reference of its module in its service (and environment) at or beyond its release. */
    get: operations['ListUpgrades'];
    put?: never;
    /** Opens one change per service (a branch platform/upgrade/<module>-<version>[-<environment>], and a pull request labelled platform-upgrade on GitHub); asking again for the same service, module, release and environment updates its change. Each entity needs platform.upgrade.create for the caller (403 naming the entities refused, and nothing pushed anywhere). A service that cannot be changed safely is refused, with the reason, and nothing is pushed to it. */
    post: operations['CreateUpgrades'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/upgrades/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A campaign's progress (its changes counted by state) and its changes. */
    get: operations['GetUpgradeCampaign'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
/** @public */
export type webhooks = Record<string, never>;
/** @public */
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request?: {
        method: string;
        url: string;
      };
      response: {
        statusCode: number;
      };
    } & {
      [key: string]: unknown;
    };
    HealthResponse: {
      status: 'ok';
    };
    /** One run of the scanner over the platform and service repositories. */
    ScanRun: {
      id: string;
      /** Format: date-time */
      startedAt: string;
      /**
       * Format: date-time
       * Absent while the run is going.
       */
      finishedAt?: string;
      /**
       * interrupted when the backend instance running it stopped before it ended; another instance then scans again.
       */
      status: 'running' | 'succeeded' | 'failed' | 'interrupted';
      trigger?: 'schedule' | 'manual' | 'startup';
      /** Set when the run covers one entity only. */
      entityRef?: string;
      /** How many repositories the run will look at; 0 until discovery is done. */
      repositoriesTotal?: number;
      /** Why a failed run failed (e.g. the platform repository could not be read). */
      error?: string;
      repositoriesScanned: number;
      repositoriesSkipped: number;
      repositoriesFailed: number;
      /** How many repositories of a running run wait for a host's rate limit to reset (the others not yet read stay queued); absent when none waits. */
      repositoriesWaiting?: number;
      /**
       * Format: date-time
       * The latest rate-limit reset those repositories wait for; set with repositoriesWaiting.
       */
      waitingUntil?: string;
      /** The host whose rate limit they wait for, e.g. github.com; set with repositoriesWaiting. */
      waitingHost?: string;
    };
    LatestScanResponse: {
      scan: components['schemas']['ScanRun'] | null;
    };
    ScanResponse: {
      scan: components['schemas']['ScanRun'];
    };
    StartScanRequest: {
      /** Scan only this catalog entity (e.g. component:default/payments-api). */
      entityRef?: string;
    };
    Verdict:
      | 'up-to-date'
      | 'patch-behind'
      | 'minor-behind'
      | 'major-behind'
      | 'unsupported'
      | 'deprecated'
      | 'unpinned'
      | 'unknown-sha'
      | 'unknown-version'
      | 'unknown-module'
      | 'local'
      | 'unresolved'
      | 'external';
    ReferenceKind:
      | 'terraform-module'
      | 'terragrunt-source'
      | 'github-reusable-workflow'
      | 'github-action'
      | 'helm-dependency'
      | 'crossplane-package'
      | 'crossplane-composition-ref'
      | 'crossplane-composite-type';
    ScanProblem: {
      file: string;
      line?: number;
      column?: number;
      message: string;
    };
    /** One reference of one service, judged against the platform. */
    DriftRow: {
      id: string;
      entityRef: string;
      owner?: string;
      system?: string;
      platform?: string;
      module?: string;
      kind: components['schemas']['ReferenceKind'];
      environment?: string;
      file: string;
      line: number;
      column: number;
      source: string;
      name: string;
      pin: 'ref' | 'sha' | 'constraint' | 'none';
      ref?: string;
      version?: string;
      latest?: string;
      releasesBehind?: number;
      verdict: components['schemas']['Verdict'];
      severity: number;
      explanation: string;
      scmUrl?: string;
      callStatus?: components['schemas']['CallStatus'];
      callFindings?: components['schemas']['CallFinding'][];
      upgrade?: components['schemas']['UpgradeSummary'];
      promotionLag?: components['schemas']['PromotionLag'];
      openUpgrade?: components['schemas']['OpenUpgrade'];
    };
    /** The nearest earlier environment (in promotion order) of the same service that pins a newer release of the module, and that release. */
    PromotionLag: {
      environment: string;
      version: string;
      /**
       * Format: date-time
       * The first scan at which this row's environment was seen lagging the module, kept while the lag lasts; absent when not recorded.
       */
      since?: string;
    };
    /** An open upgrade change of the row's service and module that the row still waits for. */
    OpenUpgrade: {
      version: string;
      branch: string;
      /** The pull request, or a compare page of the branch. */
      url?: string;
      state: 'open';
    };
    /**
     * ok, broken (does not match the release it pins), or breaking-upgrade (the upgrade to the latest release would break it).
     */
    CallStatus: 'ok' | 'broken' | 'breaking-upgrade';
    CallFinding: {
      finding: 'missing-required-input' | 'unknown-argument' | 'wrong-type';
      argument: string;
      message: string;
    };
    UpgradeSummary: {
      to: string;
      breaking: boolean;
      needs: string[];
    };
    ModuleRelease: {
      module: string;
      tag: string;
    };
    TerraformVariable: {
      name: string;
      type?: string;
      kind:
        | 'string'
        | 'number'
        | 'bool'
        | 'list'
        | 'map'
        | 'object'
        | 'set'
        | 'tuple'
        | 'any';
      description?: string;
      default?: unknown;
      required: boolean;
      sensitive: boolean;
      nullable: boolean;
      hasValidation: boolean;
    };
    TerraformOutput: {
      name: string;
      description?: string;
      sensitive: boolean;
    };
    TerraformModuleInterface: {
      kind: 'terraform';
      variables: components['schemas']['TerraformVariable'][];
      outputs: components['schemas']['TerraformOutput'][];
    };
    WorkflowInput: {
      name: string;
      type?: string;
      required: boolean;
      default?: unknown;
      description?: string;
    };
    WorkflowSecret: {
      name: string;
      required: boolean;
      description?: string;
    };
    WorkflowInterface: {
      kind: 'workflow';
      inputs: components['schemas']['WorkflowInput'][];
      secrets: components['schemas']['WorkflowSecret'][];
    };
    SchemaProperty: {
      name: string;
      type?: string;
      required: boolean;
      enum?: unknown[];
      description?: string;
      default?: unknown;
      properties?: components['schemas']['SchemaProperty'][];
    };
    XrdVersion: {
      name: string;
      served: boolean;
      referenceable: boolean;
      deprecated: boolean;
      properties: components['schemas']['SchemaProperty'][];
    };
    XrdInterface: {
      kind: 'xrd';
      group: string;
      compositeKind: string;
      claimKind?: string;
      versions: components['schemas']['XrdVersion'][];
    };
    HelmChartInterface: {
      kind: 'helm';
      hasSchema: boolean;
      properties: components['schemas']['SchemaProperty'][];
    };
    ModuleInterface:
      | components['schemas']['TerraformModuleInterface']
      | components['schemas']['WorkflowInterface']
      | components['schemas']['XrdInterface']
      | components['schemas']['HelmChartInterface'];
    /** The interface of one release of a platform module. */
    ModuleReleaseInterface: {
      release: components['schemas']['ModuleRelease'];
      version: string;
      interface: components['schemas']['ModuleInterface'];
    };
    InterfaceChange: {
      change:
        | 'input-added'
        | 'input-removed'
        | 'input-type-changed'
        | 'input-default-changed'
        | 'input-became-required'
        | 'input-became-optional'
        | 'output-added'
        | 'output-removed'
        | 'secret-added'
        | 'secret-removed'
        | 'secret-became-required'
        | 'secret-became-optional'
        | 'version-not-served'
        | 'version-not-referenceable'
        | 'property-removed'
        | 'property-became-required';
      name: string;
      required?: boolean;
      breaking: boolean;
      message: string;
    };
    InterfaceDiff: {
      from: components['schemas']['ModuleRelease'];
      to: components['schemas']['ModuleRelease'];
      changes: components['schemas']['InterfaceChange'][];
      breaking: boolean;
    };
    DriftPage: {
      items: components['schemas']['DriftRow'][];
      totalCount: number;
      offset: number;
      limit: number;
    };
    VerdictCounts: {
      [key: string]: number;
    };
    DriftSummary: {
      total: number;
      services: number;
      byVerdict: components['schemas']['VerdictCounts'];
      byModule: {
        module: string;
        total: number;
        drifted: number;
      }[];
      /** Promotion lag across the whole organisation, whatever the filter; absent when no reference lags. */
      promotionLag?: {
        /** Services with at least one lagging reference. */
        services: number;
        /** Lagging references. */
        references: number;
      };
      /** Required modules missed or used outside their range across the whole organisation, whatever the filter; absent when there is no finding. */
      requiredModules?: {
        /** Services with at least one finding. */
        services: number;
        findings: number;
      };
    };
    DriftFacets: {
      owners: string[];
      modules: string[];
      environments: string[];
      kinds: components['schemas']['ReferenceKind'][];
    };
    TrendResponse: {
      points: {
        day: string;
        counts: components['schemas']['VerdictCounts'];
      }[];
    };
    Deprecation: {
      versions?: string;
      message: string;
      since?: string;
    };
    /** An input of a module that the platform feeds from another module's output (`vpc.private_subnet_ids`) or from the project (`project.name`, `project.environment`). */
    InputWiring: {
      input: string;
      from: string;
    };
    /** That every service must use the module; `versions` (an npm-style semver range) names the releases that satisfy it, any release when absent. */
    Requirement: {
      versions?: string;
    };
    /** A required module a service does not use (missing), or uses at releases outside the required range (outside-range). */
    RequiredModuleFinding: {
      platform: string;
      module: string;
      problem: 'missing' | 'outside-range';
      versions?: string;
      /** For outside-range, the references that do not satisfy the range. */
      references: {
        file: string;
        line: number;
        version?: string;
      }[];
      message: string;
    };
    /** A required-module finding of one service. */
    ServiceRequiredModuleFinding: {
      entityRef: string;
      owner?: string;
      finding: components['schemas']['RequiredModuleFinding'];
    };
    RequiredModuleFindingList: {
      items: components['schemas']['ServiceRequiredModuleFinding'][];
      /** Distinct services among the items. */
      services: number;
    };
    PlatformModule: {
      platform: string;
      name: string;
      kind:
        | 'terraform-module'
        | 'crossplane-composition'
        | 'github-workflow'
        | 'helm-chart'
        | 'policy';
      path: string;
      description?: string;
      repository: string;
      tagPattern: string;
      latest?: string;
      versions: string[];
      supportedMajors?: number;
      deprecations: components['schemas']['Deprecation'][];
      wiring?: components['schemas']['InputWiring'][];
      required?: components['schemas']['Requirement'];
    };
    ModuleList: {
      items: components['schemas']['PlatformModule'][];
    };
    /** One release of a module, as its tag says. */
    ModuleReleaseEntry: {
      version: string;
      tag: string;
      commit: string;
      prerelease: boolean;
      /**
       * Format: date-time
       * The tagger's date of an annotated tag, the commit's date of a lightweight one; absent where the repository host does not tell it (GitHub's tag list, `git ls-remote`).
       */
      date?: string;
      /** Markdown. The annotated tag's message, else the release's section of `<module path>/CHANGELOG.md` as of the module's latest release (the section under the heading that starts with the version or the tag). */
      notes?: string;
      notesSource?: 'changelog' | 'tag';
      /** The module's channels (`channels` in platform.yaml) that offer this release, as last read; absent when the module names none. */
      channels?: components['schemas']['ReleaseChannelKind'][];
    };
    /** One channel a module is published to (`channels` in platform.yaml), as last read. */
    ModuleChannel: {
      kind: components['schemas']['ReleaseChannelKind'];
      target: string;
      /** The newest release (no prerelease) the channel offers; absent when it offers none or could not be read. */
      latest?: string;
      /** Releases tagged in git, newer than the channel's latest and no prereleases, that the channel does not offer yet; newest first. */
      notYetOffered: string[];
      /** Format: date-time */
      checkedAt: string;
      problem?: {
        code:
          | 'refused'
          | 'not-found'
          | 'unauthorized'
          | 'rate-limited'
          | 'unreachable';
        message: string;
      };
    };
    /** Whether a major version of a module is supported, and until when. */
    MajorSupport: {
      major: number;
      /**
       * unsupported once the N-th newer major is released (`support.majors` N); deprecated when a deprecation covers every release of the major (from its `since` date, which may be ahead); prerelease when the major has prereleases only.
       */
      status: 'supported' | 'deprecated' | 'unsupported' | 'prerelease';
      /** Format: date-time */
      firstReleased?: string;
      /**
       * Format: date-time
       * For an unsupported major, when the release that ended its support was made.
       */
      endOfSupport?: string;
      /** For an unsupported major, the release that ended its support. */
      endedBy?: string;
      /** The deprecation's `since` date, as platform.yaml writes it. */
      deprecatedSince?: string;
      /** The deprecation's message. */
      deprecation?: string;
      /** The notes on upgrading to this major (`upgrading` in platform.yaml). */
      upgradeNotes?: {
        path: string;
        /** The notes as of the major's newest release, in the portal's source view for a repository read locally, on the host's web UI otherwise; absent when neither is known. */
        url?: string;
      };
    };
    ModuleReleases: {
      module: string;
      platform: string;
      supportedMajors?: number;
      /** Newest first, prereleases included. */
      releases: components['schemas']['ModuleReleaseEntry'][];
      /** Newest first. */
      majors: components['schemas']['MajorSupport'][];
      /** The channels the module is published to, in platform.yaml's order, as last read; absent when it names none. */
      channels?: components['schemas']['ModuleChannel'][];
    };
    ModuleAdoption: {
      module: components['schemas']['PlatformModule'];
      versions: {
        version?: string;
        verdict: components['schemas']['Verdict'];
        environments: {
          [key: string]: number;
        };
        /** Distinct services on this version, whether or not `services` lists them all. */
        serviceCount: number;
        /** Each service once per environment, by service then environment; at most `servicesPerVersion` when the request gives it. */
        services: {
          entityRef: string;
          owner?: string;
          environment?: string;
        }[];
      }[];
      /** Distinct services using the module, on any version. */
      serviceCount: number;
      /** Distinct services with a reference not on the module's latest release, in any environment (all of them when the module has no release). */
      servicesBehind: number;
    };
    RepositoryStatus: {
      entityRef: string;
      url: string;
      commit?: string;
      branch?: string;
      /** Format: date-time */
      scannedAt?: string;
      /** Format: date-time */
      checkedAt?: string;
      status: 'pending' | 'ok' | 'failed';
      error?: string;
      filesScanned: number;
    };
    RepositoryList: {
      items: components['schemas']['RepositoryStatus'][];
    };
    EntityDrift: {
      entityRef: string;
      repository?: components['schemas']['RepositoryStatus'];
      references: components['schemas']['DriftRow'][];
      problems: components['schemas']['ScanProblem'][];
      /** The required modules the service misses or uses outside their range; absent until its repository was scanned. */
      requiredModules?: components['schemas']['RequiredModuleFinding'][];
    };
    DependencyList: {
      items: {
        entityRef: string;
        modules: {
          platform: string;
          module: string;
        }[];
      }[];
    };
    /**
     * in-sync, lagging (behind the newest release on another channel), missing-publish (no release at all) or unreachable.
     */
    ChannelSkewVerdict:
      | 'in-sync'
      | 'lagging'
      | 'missing-publish'
      | 'unreachable';
    ReleaseChannelKind:
      | 'github-releases'
      | 'git-tags'
      | 'oci'
      | 'helm'
      | 'terraform-registry'
      | 'pypi'
      | 'npm';
    ChannelRelease: {
      version: string;
      versionAsPublished: string;
      /** Format: date-time */
      publishedAt?: string;
      url?: string;
    };
    /** One channel of a service as last read, with its skew verdict. */
    ReleaseChannelStatus: {
      kind: components['schemas']['ReleaseChannelKind'];
      target: string;
      latest?: components['schemas']['ChannelRelease'];
      releaseCount: number;
      /** Format: date-time */
      checkedAt: string;
      problem?: {
        code:
          | 'refused'
          | 'not-found'
          | 'unauthorized'
          | 'rate-limited'
          | 'unreachable';
        message: string;
      };
      verdict: components['schemas']['ChannelSkewVerdict'];
      explanation: string;
      behindBy?: number;
    };
    /** A service's release channels and its overall skew (its worst channel). */
    ServiceReleaseChannels: {
      entityRef: string;
      owner?: string;
      system?: string;
      newestVersion?: string;
      verdict: components['schemas']['ChannelSkewVerdict'];
      channels: components['schemas']['ReleaseChannelStatus'][];
      /** Format: date-time */
      checkedAt?: string;
    };
    ReleaseChannelsPage: {
      items: components['schemas']['ServiceReleaseChannels'][];
      totalCount: number;
      offset: number;
      limit: number;
      /** Services by verdict under the owner filter, whatever the verdict filter. */
      counts: {
        [key: string]: number;
      };
      owners: string[];
    };
    EntityReleaseChannels: {
      entityRef: string;
      owner?: string;
      system?: string;
      newestVersion?: string;
      verdict: components['schemas']['ChannelSkewVerdict'];
      channels: components['schemas']['ReleaseChannelStatus'][];
      /** Format: date-time */
      checkedAt?: string;
      /** Latest versions the channels have had, newest first. */
      history: {
        kind: components['schemas']['ReleaseChannelKind'];
        target: string;
        version: string;
        versionAsPublished: string;
        /** Format: date-time */
        publishedAt?: string;
        /** Format: date-time */
        firstSeenAt: string;
      }[];
    };
    UpgradeRequest: {
      /** The platform module whose pins move. */
      module: string;
      /** A release of the module (2.1.1, or v2.1.1); 400 naming it when it is none. */
      version: string;
      /** The services; every service behind on the module when absent. */
      entityRefs?: string[];
      /** Only the references of this environment (staging first); all when absent. */
      environment?: string;
      /** Values for the inputs a breaking upgrade adds, by input name; encoded as HCL. */
      inputs?: {
        [key: string]: unknown;
      };
    };
    CreateUpgradesRequest: {
      /** The platform module whose pins move. */
      module: string;
      /** A release of the module (2.1.1, or v2.1.1); 400 naming it when it is none. */
      version: string;
      /** The services; every service behind on the module when absent. */
      entityRefs?: string[];
      /** Only the references of this environment (staging first); all when absent. */
      environment?: string;
      /** Values for the inputs a breaking upgrade adds, by input name; encoded as HCL. */
      inputs?: {
        [key: string]: unknown;
      };
      /** Track the changes as one campaign (its progress at /upgrades/campaigns/ and its id). */
      campaign?: boolean;
    };
    UpgradeRefusal: {
      file: string;
      line: number;
      reason: string;
    };
    ServiceUpgradePreview: {
      entityRef: string;
      /** platform/upgrade/<module>-<version>[-<environment>] */
      branch: string;
      title: string;
      /** The change's description in Markdown; absent when refused. */
      description?: string;
      /** The releases pinned now. */
      from: string[];
      files: {
        path: string;
        /** A unified diff of the file. */
        patch: string;
      }[];
      /** References the portal cannot change safely; a service with any is not pushed. */
      needsPerson: components['schemas']['UpgradeRefusal'][];
      /** New required inputs no value was given for; marked in the file. */
      missingInputs: string[];
      breaking: boolean;
      breakingChanges: components['schemas']['InterfaceChange'][];
      notes: string[];
      /** Why nothing can be changed in this service (not scanned, already up to date, a pin changed since the scan). */
      refused?: string;
    };
    UpgradePreview: {
      module: string;
      version: string;
      tag: string;
      environment?: string;
      services: components['schemas']['ServiceUpgradePreview'][];
    };
    UpgradeChangeState: 'open' | 'merged' | 'closed' | 'failed';
    UpgradeChange: {
      id: string;
      campaignId?: string;
      entityRef: string;
      module: string;
      version: string;
      environment?: string;
      branch: string;
      commit?: string;
      /** The pull request, or a compare page of the branch when the host has a web UI. */
      url?: string;
      pullRequest?: number;
      state: components['schemas']['UpgradeChangeState'];
      error?: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    UpgradeCampaign: {
      id: string;
      module: string;
      version: string;
      environment?: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      total: number;
      counts: {
        open: number;
        merged: number;
        closed: number;
        failed: number;
      };
    };
    UpgradeResult: {
      campaign?: components['schemas']['UpgradeCampaign'];
      results: {
        entityRef: string;
        change?: components['schemas']['UpgradeChange'];
        /** Why nothing was pushed to this service. */
        refused?: string;
      }[];
    };
    UpgradeChangeList: {
      items: components['schemas']['UpgradeChange'][];
    };
    UpgradeCampaignResponse: {
      campaign: components['schemas']['UpgradeCampaign'];
      changes: components['schemas']['UpgradeChange'][];
    };
    /** One text file of a repository the portal scans, at one commit. */
    SourceFile: {
      /** The repository as the catalog names it (https://github.com/acme/payments-api). */
      repository: string;
      /** The services whose repository it is; empty for a platform repository. */
      entityRefs: string[];
      /** The full commit SHA the file was read at. */
      commit: string;
      /** The file's path in the repository. */
      path: string;
      /** The file's language by its name (hcl, yaml, json, markdown, shell, ...); text when unknown. */
      language: string;
      /** The file's size in bytes. */
      size: number;
      /** The file's text (UTF-8). */
      content: string;
      /** The file at this commit in the repository host's web UI, when the host has one. */
      webUrl?: string;
    };
    /** The files of a repository the portal scans, at one commit. */
    SourceFileList: {
      /** The repository as the catalog names it. */
      repository: string;
      /** The services whose repository it is; empty for a platform repository. */
      entityRefs: string[];
      /** The full commit SHA the files were listed at. */
      commit: string;
      /** Paths of the files, in git's order; at most 10,000. */
      files: string[];
      /** Whether the repository has more files than are listed. */
      truncated: boolean;
    };
  };
  responses: {
    /** An error response from the backend. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** The entity's kind, as the catalog allows it (a letter, then letters and digits); 400 otherwise. */
    entityKind: string;
    /** The entity's namespace, as the catalog allows it (sequences of [a-z0-9] separated by [-]); 400 otherwise. */
    entityNamespace: string;
    /** The entity's name, as the catalog allows it (sequences of [a-zA-Z0-9] separated by [-_.]); 400 otherwise. */
    entityName: string;
    /** Owner entity refs (group:default/team-a); any of them. */
    ownerFilter: string[];
    /** Platform module names; any of them. */
    moduleFilter: string[];
    /** Verdicts; any of them. */
    verdictFilter: components['schemas']['Verdict'][];
    /** Environments (staging, prod); any of them. */
    environmentFilter: string[];
    /** Versions the references pin, as their rows show them (1.2.0, v2.0.0); any of them. An empty value keeps the references that resolve to no release (a branch, an unknown commit or tag, no ref), as a module's adoption groups them under no version. */
    versionFilter: string[];
    /** Reference kinds; any of them. */
    kindFilter: components['schemas']['ReferenceKind'][];
    /** Service entity refs; any of them. */
    entityRefFilter: string[];
    /** How calls fare against their module's interface; any of them. */
    callStatusFilter: components['schemas']['CallStatus'][];
    /** lagging keeps references whose environment pins an older release of the module than an earlier environment of the same service. */
    promotionFilter: 'lagging'[];
    /** open keeps references with an open upgrade change of their service and module (and environment, when the change names one). */
    upgradeFilter: 'open'[];
    /** Case-insensitive text in the service, module, source, file or explanation. */
    textFilter: string;
  };
  requestBodies: never;
  headers: {
    /** A strong ETag of the body; send it back in If-None-Match to get 304 while it holds. */
    ReleaseETag: string;
    /** The answer may be kept by the browser (private), and used for max-age seconds before it asks again with its ETag. */
    ReleaseCacheControl: string;
  };
  pathItems: never;
}
/** @public */
export type $defs = Record<string, never>;
/** @public */
export interface operations {
  GetHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The plugin is healthy. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetLatestScan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The latest scan run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LatestScanResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  StartScan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['StartScanRequest'];
      };
    };
    responses: {
      /** The scan run that was started (or the full scan already running); null when only release channels are read. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LatestScanResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetScan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The scan run. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScanResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetDrift: {
    parameters: {
      query?: {
        /** Owner entity refs (group:default/team-a); any of them. */
        owner?: components['parameters']['ownerFilter'];
        /** Platform module names; any of them. */
        module?: components['parameters']['moduleFilter'];
        /** Verdicts; any of them. */
        verdict?: components['parameters']['verdictFilter'];
        /** Environments (staging, prod); any of them. */
        environment?: components['parameters']['environmentFilter'];
        /** Versions the references pin, as their rows show them (1.2.0, v2.0.0); any of them. An empty value keeps the references that resolve to no release (a branch, an unknown commit or tag, no ref), as a module's adoption groups them under no version. */
        version?: components['parameters']['versionFilter'];
        /** Reference kinds; any of them. */
        kind?: components['parameters']['kindFilter'];
        /** Service entity refs; any of them. */
        entityRef?: components['parameters']['entityRefFilter'];
        /** How calls fare against their module's interface; any of them. */
        callStatus?: components['parameters']['callStatusFilter'];
        /** lagging keeps references whose environment pins an older release of the module than an earlier environment of the same service. */
        promotion?: components['parameters']['promotionFilter'];
        /** open keeps references with an open upgrade change of their service and module (and environment, when the change names one). */
        upgrade?: components['parameters']['upgradeFilter'];
        /** Case-insensitive text in the service, module, source, file or explanation. */
        q?: components['parameters']['textFilter'];
        sort?:
          | 'entity'
          | 'owner'
          | 'module'
          | 'environment'
          | 'verdict'
          | 'version'
          | 'file';
        order?: 'asc' | 'desc';
        offset?: number;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** A page of drift rows. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DriftPage'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ExportDrift: {
    parameters: {
      query?: {
        /** Owner entity refs (group:default/team-a); any of them. */
        owner?: components['parameters']['ownerFilter'];
        /** Platform module names; any of them. */
        module?: components['parameters']['moduleFilter'];
        /** Verdicts; any of them. */
        verdict?: components['parameters']['verdictFilter'];
        /** Environments (staging, prod); any of them. */
        environment?: components['parameters']['environmentFilter'];
        /** Versions the references pin, as their rows show them (1.2.0, v2.0.0); any of them. An empty value keeps the references that resolve to no release (a branch, an unknown commit or tag, no ref), as a module's adoption groups them under no version. */
        version?: components['parameters']['versionFilter'];
        /** Reference kinds; any of them. */
        kind?: components['parameters']['kindFilter'];
        /** Service entity refs; any of them. */
        entityRef?: components['parameters']['entityRefFilter'];
        /** How calls fare against their module's interface; any of them. */
        callStatus?: components['parameters']['callStatusFilter'];
        /** lagging keeps references whose environment pins an older release of the module than an earlier environment of the same service. */
        promotion?: components['parameters']['promotionFilter'];
        /** open keeps references with an open upgrade change of their service and module (and environment, when the change names one). */
        upgrade?: components['parameters']['upgradeFilter'];
        /** Case-insensitive text in the service, module, source, file or explanation. */
        q?: components['parameters']['textFilter'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** CSV with a header row. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetSummary: {
    parameters: {
      query?: {
        /** Owner entity refs (group:default/team-a); any of them. */
        owner?: components['parameters']['ownerFilter'];
        /** Platform module names; any of them. */
        module?: components['parameters']['moduleFilter'];
        /** Verdicts; any of them. */
        verdict?: components['parameters']['verdictFilter'];
        /** Environments (staging, prod); any of them. */
        environment?: components['parameters']['environmentFilter'];
        /** Versions the references pin, as their rows show them (1.2.0, v2.0.0); any of them. An empty value keeps the references that resolve to no release (a branch, an unknown commit or tag, no ref), as a module's adoption groups them under no version. */
        version?: components['parameters']['versionFilter'];
        /** Reference kinds; any of them. */
        kind?: components['parameters']['kindFilter'];
        /** Service entity refs; any of them. */
        entityRef?: components['parameters']['entityRefFilter'];
        /** How calls fare against their module's interface; any of them. */
        callStatus?: components['parameters']['callStatusFilter'];
        /** lagging keeps references whose environment pins an older release of the module than an earlier environment of the same service. */
        promotion?: components['parameters']['promotionFilter'];
        /** open keeps references with an open upgrade change of their service and module (and environment, when the change names one). */
        upgrade?: components['parameters']['upgradeFilter'];
        /** Case-insensitive text in the service, module, source, file or explanation. */
        q?: components['parameters']['textFilter'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The counts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DriftSummary'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListRequiredModuleFindings: {
    parameters: {
      query?: {
        /** Owner entity refs (group:default/team-a); any of them. */
        owner?: components['parameters']['ownerFilter'];
        /** Platform module names; any of them. */
        module?: components['parameters']['moduleFilter'];
        /** Service entity refs; any of them. */
        entityRef?: components['parameters']['entityRefFilter'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The findings, by service then module. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RequiredModuleFindingList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetFacets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The values. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DriftFacets'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetTrends: {
    parameters: {
      query?: {
        days?: number;
        module?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The series. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TrendResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListModules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The modules. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModuleList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModuleAdoption: {
    parameters: {
      query?: {
        platform?: string;
        /** At most this many services listed per version (the counts still count all); all when absent. */
        servicesPerVersion?: number;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The adoption. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModuleAdoption'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModuleReleases: {
    parameters: {
      query?: {
        platform?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The releases. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModuleReleases'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModuleInterface: {
    parameters: {
      query: {
        /** The release's version (2.1.0, or v2.1.0 as tags write it); 400 when it is no version, 404 when the module has no such release. */
        version: string;
        platform?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The interface. */
      200: {
        headers: {
          ETag: components['headers']['ReleaseETag'];
          'Cache-Control': components['headers']['ReleaseCacheControl'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModuleReleaseInterface'];
        };
      };
      /** The interface has not changed since the ETag in If-None-Match. */
      304: {
        headers: {
          ETag: components['headers']['ReleaseETag'];
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetModuleInterfaceDiff: {
    parameters: {
      query: {
        /** The release the diff starts from (2.1.0, or v2.1.0); 400 when it is no version, 404 when the module has no such release. */
        from: string;
        /** The release the diff goes to (2.1.0, or v2.1.0); 400 when it is no version, 404 when the module has no such release. */
        to: string;
        platform?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The diff. */
      200: {
        headers: {
          ETag: components['headers']['ReleaseETag'];
          'Cache-Control': components['headers']['ReleaseCacheControl'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InterfaceDiff'];
        };
      };
      /** The diff has not changed since the ETag in If-None-Match. */
      304: {
        headers: {
          ETag: components['headers']['ReleaseETag'];
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityDrift: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The entity's kind, as the catalog allows it (a letter, then letters and digits); 400 otherwise. */
        kind: components['parameters']['entityKind'];
        /** The entity's namespace, as the catalog allows it (sequences of [a-z0-9] separated by [-]); 400 otherwise. */
        namespace: components['parameters']['entityNamespace'];
        /** The entity's name, as the catalog allows it (sequences of [a-zA-Z0-9] separated by [-_.]); 400 otherwise. */
        name: components['parameters']['entityName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The entity's drift. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityDrift'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListRepositories: {
    parameters: {
      query?: {
        /** Only repositories whose last scan ended so; any of them. The report page asks for the failed ones only, a few of tens of thousands. */
        status?: ('pending' | 'ok' | 'failed')[];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The repositories. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RepositoryList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListDependencies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The dependencies. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DependencyList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetSourceFile: {
    parameters: {
      query: {
        /** The repository as the catalog names it, as a drift row's link gives it. */
        repository: string;
        /** The full commit SHA; the default branch's head when left out. */
        commit?: string;
        /** The file's path in the repository, relative, with / between folders. */
        path: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The file. */
      200: {
        headers: {
          /** Names the commit and the path; send it back in If-None-Match to get 304. */
          ETag?: string;
          /** A file at a given commit never changes; the head of a branch does. */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceFile'];
        };
      };
      /** The file has not changed since the ETag in If-None-Match. */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListSourceFiles: {
    parameters: {
      query: {
        /** The repository as the catalog names it. */
        repository: string;
        /** The full commit SHA; the default branch's head when left out. */
        commit?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The files. */
      200: {
        headers: {
          /** Names the commit; send it back in If-None-Match to get 304. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceFileList'];
        };
      };
      /** The list has not changed since the ETag in If-None-Match. */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListReleaseChannels: {
    parameters: {
      query?: {
        /** Service verdicts; any of them. */
        verdict?: components['schemas']['ChannelSkewVerdict'][];
        /** Owner entity refs (group:default/team-a); any of them. */
        owner?: components['parameters']['ownerFilter'];
        offset?: number;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** A page of services. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleaseChannelsPage'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityReleaseChannels: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** The entity's kind, as the catalog allows it (a letter, then letters and digits); 400 otherwise. */
        kind: components['parameters']['entityKind'];
        /** The entity's namespace, as the catalog allows it (sequences of [a-z0-9] separated by [-]); 400 otherwise. */
        namespace: components['parameters']['entityNamespace'];
        /** The entity's name, as the catalog allows it (sequences of [a-zA-Z0-9] separated by [-_.]); 400 otherwise. */
        name: components['parameters']['entityName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The entity's channels; none when the service declares none or they were not read yet. 404 for an entity that is no service the plugin knows. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityReleaseChannels'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PreviewUpgrades: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpgradeRequest'];
      };
    };
    responses: {
      /** The preview, per service. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradePreview'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  ListUpgrades: {
    parameters: {
      query?: {
        module?: string;
        entityRef?: string;
        campaign?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The changes. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradeChangeList'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  CreateUpgrades: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUpgradesRequest'];
      };
    };
    responses: {
      /** Per service, the change made or why none was; the campaign when one was asked for. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradeResult'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetUpgradeCampaign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The campaign. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpgradeCampaignResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
}
