//
// Generated from openapi.yaml by `yarn generate:openapi`. Do not edit.
//
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'platform',
    version: '1',
    description:
      "The platform plugin's API: scan runs, drift of every service against the\nplatform's modules, module adoption, trends and CSV export.",
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
    contact: {},
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    examples: {},
    headers: {
      ReleaseETag: {
        description:
          'A strong ETag of the body; send it back in If-None-Match to get 304 while it holds.',
        schema: {
          type: 'string',
        },
      },
      ReleaseCacheControl: {
        description:
          'The answer may be kept by the browser (private), and used for max-age seconds before it asks again with its ETag.',
        schema: {
          type: 'string',
          example: 'private, max-age=300',
        },
      },
    },
    parameters: {
      entityKind: {
        name: 'kind',
        in: 'path',
        required: true,
        description:
          "The entity's kind, as the catalog allows it (a letter, then letters and digits); 400 otherwise.",
        schema: {
          type: 'string',
          maxLength: 63,
        },
      },
      entityNamespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description:
          "The entity's namespace, as the catalog allows it (sequences of [a-z0-9] separated by [-]); 400 otherwise.",
        schema: {
          type: 'string',
          maxLength: 63,
        },
      },
      entityName: {
        name: 'name',
        in: 'path',
        required: true,
        description:
          "The entity's name, as the catalog allows it (sequences of [a-zA-Z0-9] separated by [-_.]); 400 otherwise.",
        schema: {
          type: 'string',
          maxLength: 253,
        },
      },
      ownerFilter: {
        name: 'owner',
        in: 'query',
        description: 'Owner entity refs (group:default/team-a); any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      moduleFilter: {
        name: 'module',
        in: 'query',
        description: 'Platform module names; any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      verdictFilter: {
        name: 'verdict',
        in: 'query',
        description: 'Verdicts; any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/Verdict',
          },
        },
      },
      environmentFilter: {
        name: 'environment',
        in: 'query',
        description: 'Environments (staging, prod); any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      versionFilter: {
        name: 'version',
        in: 'query',
        description:
          "Versions the references pin, as their rows show them (1.2.0, v2.0.0); any of them. An empty value keeps the references that resolve to no release (a branch, an unknown commit or tag, no ref), as a module's adoption groups them under no version.",
        required: false,
        allowEmptyValue: true,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      kindFilter: {
        name: 'kind',
        in: 'query',
        description: 'Reference kinds; any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/ReferenceKind',
          },
        },
      },
      entityRefFilter: {
        name: 'entityRef',
        in: 'query',
        description: 'Service entity refs; any of them.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
      },
      callStatusFilter: {
        name: 'callStatus',
        in: 'query',
        description:
          "How calls fare against their module's interface; any of them.",
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/CallStatus',
          },
        },
      },
      promotionFilter: {
        name: 'promotion',
        in: 'query',
        description:
          'lagging keeps references whose environment pins an older release of the module than an earlier environment of the same service.',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['lagging'],
          },
        },
      },
      upgradeFilter: {
        name: 'upgrade',
        in: 'query',
        description:
          'open keeps references with an open upgrade change of their service and module (and environment, when the change names one).',
        required: false,
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['open'],
          },
        },
      },
      textFilter: {
        name: 'q',
        in: 'query',
        description:
          'Case-insensitive text in the service, module, source, file or explanation.',
        required: false,
        schema: {
          type: 'string',
          maxLength: 200,
        },
      },
    },
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: 'An error response from the backend.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
            required: ['method', 'url'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
        additionalProperties: {},
      },
      HealthResponse: {
        type: 'object',
        properties: {
          status: {
            type: 'string',
            enum: ['ok'],
          },
        },
        required: ['status'],
        additionalProperties: false,
      },
      ScanRun: {
        type: 'object',
        description:
          'One run of the scanner over the platform and service repositories.',
        properties: {
          id: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
            description: 'Absent while the run is going.',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed', 'interrupted'],
            description:
              'interrupted when the backend instance running it stopped before it ended; another instance then scans again.',
          },
          trigger: {
            type: 'string',
            enum: ['schedule', 'manual', 'startup'],
          },
          entityRef: {
            type: 'string',
            description: 'Set when the run covers one entity only.',
          },
          repositoriesTotal: {
            type: 'integer',
            description:
              'How many repositories the run will look at; 0 until discovery is done.',
          },
          error: {
            type: 'string',
            description:
              'Why a failed run failed (e.g. the platform repository could not be read).',
          },
          repositoriesScanned: {
            type: 'integer',
          },
          repositoriesSkipped: {
            type: 'integer',
          },
          repositoriesFailed: {
            type: 'integer',
          },
          repositoriesWaiting: {
            type: 'integer',
            description:
              "How many repositories of a running run wait for a host's rate limit to reset (the others not yet read stay queued); absent when none waits.",
          },
          waitingUntil: {
            type: 'string',
            format: 'date-time',
            description:
              'The latest rate-limit reset those repositories wait for; set with repositoriesWaiting.',
          },
          waitingHost: {
            type: 'string',
            description:
              'The host whose rate limit they wait for, e.g. github.com; set with repositoriesWaiting.',
          },
        },
        required: [
          'id',
          'startedAt',
          'status',
          'repositoriesScanned',
          'repositoriesSkipped',
          'repositoriesFailed',
        ],
        additionalProperties: false,
      },
      LatestScanResponse: {
        type: 'object',
        properties: {
          scan: {
            type: 'object',
            nullable: true,
            allOf: [
              {
                $ref: '#/components/schemas/ScanRun',
              },
            ],
          },
        },
        required: ['scan'],
        additionalProperties: false,
      },
      ScanResponse: {
        type: 'object',
        properties: {
          scan: {
            $ref: '#/components/schemas/ScanRun',
          },
        },
        required: ['scan'],
        additionalProperties: false,
      },
      StartScanRequest: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
            description:
              'Scan only this catalog entity (e.g. component:default/payments-api).',
            pattern: '^[a-z0-9-_.]+:[a-z0-9-_.]+/[A-Za-z0-9-_.]+$',
          },
        },
        additionalProperties: false,
      },
      Verdict: {
        type: 'string',
        enum: [
          'up-to-date',
          'patch-behind',
          'minor-behind',
          'major-behind',
          'unsupported',
          'deprecated',
          'unpinned',
          'unknown-sha',
          'unknown-version',
          'unknown-module',
          'local',
          'unresolved',
          'external',
        ],
      },
      ReferenceKind: {
        type: 'string',
        enum: [
          'terraform-module',
          'terragrunt-source',
          'github-reusable-workflow',
          'github-action',
          'helm-dependency',
          'crossplane-package',
          'crossplane-composition-ref',
          'crossplane-composite-type',
        ],
      },
      ScanProblem: {
        type: 'object',
        properties: {
          file: {
            type: 'string',
          },
          line: {
            type: 'integer',
          },
          column: {
            type: 'integer',
          },
          message: {
            type: 'string',
          },
        },
        required: ['file', 'message'],
        additionalProperties: false,
      },
      DriftRow: {
        type: 'object',
        description:
          'One reference of one service, judged against the platform.',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          platform: {
            type: 'string',
          },
          module: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/ReferenceKind',
          },
          environment: {
            type: 'string',
          },
          file: {
            type: 'string',
          },
          line: {
            type: 'integer',
          },
          column: {
            type: 'integer',
          },
          source: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          pin: {
            type: 'string',
            enum: ['ref', 'sha', 'constraint', 'none'],
          },
          ref: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          latest: {
            type: 'string',
          },
          releasesBehind: {
            type: 'integer',
          },
          verdict: {
            $ref: '#/components/schemas/Verdict',
          },
          severity: {
            type: 'integer',
          },
          explanation: {
            type: 'string',
          },
          scmUrl: {
            type: 'string',
          },
          callStatus: {
            $ref: '#/components/schemas/CallStatus',
          },
          callFindings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CallFinding',
            },
          },
          upgrade: {
            $ref: '#/components/schemas/UpgradeSummary',
          },
          promotionLag: {
            $ref: '#/components/schemas/PromotionLag',
          },
          openUpgrade: {
            $ref: '#/components/schemas/OpenUpgrade',
          },
        },
        required: [
          'id',
          'entityRef',
          'kind',
          'file',
          'line',
          'column',
          'source',
          'name',
          'pin',
          'verdict',
          'severity',
          'explanation',
        ],
        additionalProperties: false,
      },
      PromotionLag: {
        type: 'object',
        description:
          'The nearest earlier environment (in promotion order) of the same service that pins a newer release of the module, and that release.',
        properties: {
          environment: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          since: {
            type: 'string',
            format: 'date-time',
            description:
              "The first scan at which this row's environment was seen lagging the module, kept while the lag lasts; absent when not recorded.",
          },
        },
        required: ['environment', 'version'],
        additionalProperties: false,
      },
      OpenUpgrade: {
        type: 'object',
        description:
          "An open upgrade change of the row's service and module that the row still waits for.",
        properties: {
          version: {
            type: 'string',
          },
          branch: {
            type: 'string',
          },
          url: {
            type: 'string',
            description: 'The pull request, or a compare page of the branch.',
          },
          state: {
            type: 'string',
            enum: ['open'],
          },
        },
        required: ['version', 'branch', 'state'],
        additionalProperties: false,
      },
      CallStatus: {
        type: 'string',
        description:
          'ok, broken (does not match the release it pins), or breaking-upgrade (the upgrade to the latest release would break it).',
        enum: ['ok', 'broken', 'breaking-upgrade'],
      },
      CallFinding: {
        type: 'object',
        properties: {
          finding: {
            type: 'string',
            enum: ['missing-required-input', 'unknown-argument', 'wrong-type'],
          },
          argument: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
        required: ['finding', 'argument', 'message'],
        additionalProperties: false,
      },
      UpgradeSummary: {
        type: 'object',
        properties: {
          to: {
            type: 'string',
          },
          breaking: {
            type: 'boolean',
          },
          needs: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['to', 'breaking', 'needs'],
        additionalProperties: false,
      },
      ModuleRelease: {
        type: 'object',
        properties: {
          module: {
            type: 'string',
          },
          tag: {
            type: 'string',
          },
        },
        required: ['module', 'tag'],
        additionalProperties: false,
      },
      TerraformVariable: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: [
              'string',
              'number',
              'bool',
              'list',
              'map',
              'object',
              'set',
              'tuple',
              'any',
            ],
          },
          description: {
            type: 'string',
          },
          default: {},
          required: {
            type: 'boolean',
          },
          sensitive: {
            type: 'boolean',
          },
          nullable: {
            type: 'boolean',
          },
          hasValidation: {
            type: 'boolean',
          },
        },
        required: [
          'name',
          'kind',
          'required',
          'sensitive',
          'nullable',
          'hasValidation',
        ],
        additionalProperties: false,
      },
      TerraformOutput: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          sensitive: {
            type: 'boolean',
          },
        },
        required: ['name', 'sensitive'],
        additionalProperties: false,
      },
      TerraformModuleInterface: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['terraform'],
          },
          variables: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TerraformVariable',
            },
          },
          outputs: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TerraformOutput',
            },
          },
        },
        required: ['kind', 'variables', 'outputs'],
        additionalProperties: false,
      },
      WorkflowInput: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          required: {
            type: 'boolean',
          },
          default: {},
          description: {
            type: 'string',
          },
        },
        required: ['name', 'required'],
        additionalProperties: false,
      },
      WorkflowSecret: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          required: {
            type: 'boolean',
          },
          description: {
            type: 'string',
          },
        },
        required: ['name', 'required'],
        additionalProperties: false,
      },
      WorkflowInterface: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['workflow'],
          },
          inputs: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkflowInput',
            },
          },
          secrets: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkflowSecret',
            },
          },
        },
        required: ['kind', 'inputs', 'secrets'],
        additionalProperties: false,
      },
      SchemaProperty: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          required: {
            type: 'boolean',
          },
          enum: {
            type: 'array',
            items: {},
          },
          description: {
            type: 'string',
          },
          default: {},
          properties: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SchemaProperty',
            },
          },
        },
        required: ['name', 'required'],
        additionalProperties: false,
      },
      XrdVersion: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          served: {
            type: 'boolean',
          },
          referenceable: {
            type: 'boolean',
          },
          deprecated: {
            type: 'boolean',
          },
          properties: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SchemaProperty',
            },
          },
        },
        required: [
          'name',
          'served',
          'referenceable',
          'deprecated',
          'properties',
        ],
        additionalProperties: false,
      },
      XrdInterface: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['xrd'],
          },
          group: {
            type: 'string',
          },
          compositeKind: {
            type: 'string',
          },
          claimKind: {
            type: 'string',
          },
          versions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/XrdVersion',
            },
          },
        },
        required: ['kind', 'group', 'compositeKind', 'versions'],
        additionalProperties: false,
      },
      HelmChartInterface: {
        type: 'object',
        properties: {
          kind: {
            type: 'string',
            enum: ['helm'],
          },
          hasSchema: {
            type: 'boolean',
          },
          properties: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SchemaProperty',
            },
          },
        },
        required: ['kind', 'hasSchema', 'properties'],
        additionalProperties: false,
      },
      ModuleInterface: {
        oneOf: [
          {
            $ref: '#/components/schemas/TerraformModuleInterface',
          },
          {
            $ref: '#/components/schemas/WorkflowInterface',
          },
          {
            $ref: '#/components/schemas/XrdInterface',
          },
          {
            $ref: '#/components/schemas/HelmChartInterface',
          },
        ],
      },
      ModuleReleaseInterface: {
        type: 'object',
        description: 'The interface of one release of a platform module.',
        properties: {
          release: {
            $ref: '#/components/schemas/ModuleRelease',
          },
          version: {
            type: 'string',
          },
          interface: {
            $ref: '#/components/schemas/ModuleInterface',
          },
        },
        required: ['release', 'version', 'interface'],
        additionalProperties: false,
      },
      InterfaceChange: {
        type: 'object',
        properties: {
          change: {
            type: 'string',
            enum: [
              'input-added',
              'input-removed',
              'input-type-changed',
              'input-default-changed',
              'input-became-required',
              'input-became-optional',
              'output-added',
              'output-removed',
              'secret-added',
              'secret-removed',
              'secret-became-required',
              'secret-became-optional',
              'version-not-served',
              'version-not-referenceable',
              'property-removed',
              'property-became-required',
            ],
          },
          name: {
            type: 'string',
          },
          required: {
            type: 'boolean',
          },
          breaking: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
        },
        required: ['change', 'name', 'breaking', 'message'],
        additionalProperties: false,
      },
      InterfaceDiff: {
        type: 'object',
        properties: {
          from: {
            $ref: '#/components/schemas/ModuleRelease',
          },
          to: {
            $ref: '#/components/schemas/ModuleRelease',
          },
          changes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/InterfaceChange',
            },
          },
          breaking: {
            type: 'boolean',
          },
        },
        required: ['from', 'to', 'changes', 'breaking'],
        additionalProperties: false,
      },
      DriftPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftRow',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount', 'offset', 'limit'],
        additionalProperties: false,
      },
      VerdictCounts: {
        type: 'object',
        additionalProperties: {
          type: 'integer',
        },
      },
      DriftSummary: {
        type: 'object',
        properties: {
          total: {
            type: 'integer',
          },
          services: {
            type: 'integer',
          },
          byVerdict: {
            $ref: '#/components/schemas/VerdictCounts',
          },
          byModule: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                module: {
                  type: 'string',
                },
                total: {
                  type: 'integer',
                },
                drifted: {
                  type: 'integer',
                },
              },
              required: ['module', 'total', 'drifted'],
              additionalProperties: false,
            },
          },
          promotionLag: {
            type: 'object',
            description:
              'Promotion lag across the whole organisation, whatever the filter; absent when no reference lags.',
            properties: {
              services: {
                type: 'integer',
                description: 'Services with at least one lagging reference.',
              },
              references: {
                type: 'integer',
                description: 'Lagging references.',
              },
            },
            required: ['services', 'references'],
            additionalProperties: false,
          },
          requiredModules: {
            type: 'object',
            description:
              'Required modules missed or used outside their range across the whole organisation, whatever the filter; absent when there is no finding.',
            properties: {
              services: {
                type: 'integer',
                description: 'Services with at least one finding.',
              },
              findings: {
                type: 'integer',
              },
            },
            required: ['services', 'findings'],
            additionalProperties: false,
          },
        },
        required: ['total', 'services', 'byVerdict', 'byModule'],
        additionalProperties: false,
      },
      DriftFacets: {
        type: 'object',
        properties: {
          owners: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          modules: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          environments: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          kinds: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReferenceKind',
            },
          },
        },
        required: ['owners', 'modules', 'environments', 'kinds'],
        additionalProperties: false,
      },
      TrendResponse: {
        type: 'object',
        properties: {
          points: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                day: {
                  type: 'string',
                },
                counts: {
                  $ref: '#/components/schemas/VerdictCounts',
                },
              },
              required: ['day', 'counts'],
              additionalProperties: false,
            },
          },
        },
        required: ['points'],
        additionalProperties: false,
      },
      Deprecation: {
        type: 'object',
        properties: {
          versions: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          since: {
            type: 'string',
          },
        },
        required: ['message'],
        additionalProperties: false,
      },
      InputWiring: {
        type: 'object',
        description:
          "An input of a module that the platform feeds from another module's output (`vpc.private_subnet_ids`) or from the project (`project.name`, `project.environment`).",
        properties: {
          input: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
        },
        required: ['input', 'from'],
        additionalProperties: false,
      },
      Requirement: {
        type: 'object',
        description:
          'That every service must use the module; `versions` (an npm-style semver range) names the releases that satisfy it, any release when absent.',
        properties: {
          versions: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      RequiredModuleFinding: {
        type: 'object',
        description:
          'A required module a service does not use (missing), or uses at releases outside the required range (outside-range).',
        properties: {
          platform: {
            type: 'string',
          },
          module: {
            type: 'string',
          },
          problem: {
            type: 'string',
            enum: ['missing', 'outside-range'],
          },
          versions: {
            type: 'string',
          },
          references: {
            type: 'array',
            description:
              'For outside-range, the references that do not satisfy the range.',
            items: {
              type: 'object',
              properties: {
                file: {
                  type: 'string',
                },
                line: {
                  type: 'integer',
                },
                version: {
                  type: 'string',
                },
              },
              required: ['file', 'line'],
              additionalProperties: false,
            },
          },
          message: {
            type: 'string',
          },
        },
        required: ['platform', 'module', 'problem', 'references', 'message'],
        additionalProperties: false,
      },
      ServiceRequiredModuleFinding: {
        type: 'object',
        description: 'A required-module finding of one service.',
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          finding: {
            $ref: '#/components/schemas/RequiredModuleFinding',
          },
        },
        required: ['entityRef', 'finding'],
        additionalProperties: false,
      },
      RequiredModuleFindingList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServiceRequiredModuleFinding',
            },
          },
          services: {
            type: 'integer',
            description: 'Distinct services among the items.',
          },
        },
        required: ['items', 'services'],
        additionalProperties: false,
      },
      PlatformModule: {
        type: 'object',
        properties: {
          platform: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: [
              'terraform-module',
              'crossplane-composition',
              'github-workflow',
              'helm-chart',
              'policy',
            ],
          },
          path: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          repository: {
            type: 'string',
          },
          tagPattern: {
            type: 'string',
          },
          latest: {
            type: 'string',
          },
          versions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          supportedMajors: {
            type: 'integer',
          },
          deprecations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Deprecation',
            },
          },
          wiring: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/InputWiring',
            },
          },
          required: {
            $ref: '#/components/schemas/Requirement',
          },
        },
        required: [
          'platform',
          'name',
          'kind',
          'path',
          'repository',
          'tagPattern',
          'versions',
          'deprecations',
        ],
        additionalProperties: false,
      },
      ModuleList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PlatformModule',
            },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
      ModuleReleaseEntry: {
        type: 'object',
        description: 'One release of a module, as its tag says.',
        properties: {
          version: {
            type: 'string',
          },
          tag: {
            type: 'string',
          },
          commit: {
            type: 'string',
          },
          prerelease: {
            type: 'boolean',
          },
          date: {
            type: 'string',
            format: 'date-time',
            description:
              "The tagger's date of an annotated tag, the commit's date of a lightweight one; absent where the repository host does not tell it (GitHub's tag list, `git ls-remote`).",
          },
          notes: {
            type: 'string',
            description:
              "Markdown. The annotated tag's message, else the release's section of `<module path>/CHANGELOG.md` as of the module's latest release (the section under the heading that starts with the version or the tag).",
          },
          notesSource: {
            type: 'string',
            enum: ['changelog', 'tag'],
          },
          channels: {
            type: 'array',
            description:
              "The module's channels (`channels` in platform.yaml) that offer this release, as last read; absent when the module names none.",
            items: {
              $ref: '#/components/schemas/ReleaseChannelKind',
            },
          },
        },
        required: ['version', 'tag', 'commit', 'prerelease'],
        additionalProperties: false,
      },
      ModuleChannel: {
        type: 'object',
        description:
          'One channel a module is published to (`channels` in platform.yaml), as last read.',
        properties: {
          kind: {
            $ref: '#/components/schemas/ReleaseChannelKind',
          },
          target: {
            type: 'string',
          },
          latest: {
            type: 'string',
            description:
              'The newest release (no prerelease) the channel offers; absent when it offers none or could not be read.',
          },
          notYetOffered: {
            type: 'array',
            description:
              "Releases tagged in git, newer than the channel's latest and no prereleases, that the channel does not offer yet; newest first.",
            items: {
              type: 'string',
            },
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
          problem: {
            type: 'object',
            properties: {
              code: {
                type: 'string',
                enum: [
                  'refused',
                  'not-found',
                  'unauthorized',
                  'rate-limited',
                  'unreachable',
                ],
              },
              message: {
                type: 'string',
              },
            },
            required: ['code', 'message'],
            additionalProperties: false,
          },
        },
        required: ['kind', 'target', 'notYetOffered', 'checkedAt'],
        additionalProperties: false,
      },
      MajorSupport: {
        type: 'object',
        description:
          'Whether a major version of a module is supported, and until when.',
        properties: {
          major: {
            type: 'integer',
          },
          status: {
            type: 'string',
            enum: ['supported', 'deprecated', 'unsupported', 'prerelease'],
            description:
              'unsupported once the N-th newer major is released (`support.majors` N); deprecated when a deprecation covers every release of the major (from its `since` date, which may be ahead); prerelease when the major has prereleases only.',
          },
          firstReleased: {
            type: 'string',
            format: 'date-time',
          },
          endOfSupport: {
            type: 'string',
            format: 'date-time',
            description:
              'For an unsupported major, when the release that ended its support was made.',
          },
          endedBy: {
            type: 'string',
            description:
              'For an unsupported major, the release that ended its support.',
          },
          deprecatedSince: {
            type: 'string',
            description:
              "The deprecation's `since` date, as platform.yaml writes it.",
          },
          deprecation: {
            type: 'string',
            description: "The deprecation's message.",
          },
          upgradeNotes: {
            type: 'object',
            description:
              'The notes on upgrading to this major (`upgrading` in platform.yaml).',
            properties: {
              path: {
                type: 'string',
              },
              url: {
                type: 'string',
                description:
                  "The notes as of the major's newest release, in the portal's source view for a repository read locally, on the host's web UI otherwise; absent when neither is known.",
              },
            },
            required: ['path'],
            additionalProperties: false,
          },
        },
        required: ['major', 'status'],
        additionalProperties: false,
      },
      ModuleReleases: {
        type: 'object',
        properties: {
          module: {
            type: 'string',
          },
          platform: {
            type: 'string',
          },
          supportedMajors: {
            type: 'integer',
          },
          releases: {
            type: 'array',
            description: 'Newest first, prereleases included.',
            items: {
              $ref: '#/components/schemas/ModuleReleaseEntry',
            },
          },
          majors: {
            type: 'array',
            description: 'Newest first.',
            items: {
              $ref: '#/components/schemas/MajorSupport',
            },
          },
          channels: {
            type: 'array',
            description:
              "The channels the module is published to, in platform.yaml's order, as last read; absent when it names none.",
            items: {
              $ref: '#/components/schemas/ModuleChannel',
            },
          },
        },
        required: ['module', 'platform', 'releases', 'majors'],
        additionalProperties: false,
      },
      ModuleAdoption: {
        type: 'object',
        properties: {
          module: {
            $ref: '#/components/schemas/PlatformModule',
          },
          versions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                version: {
                  type: 'string',
                },
                verdict: {
                  $ref: '#/components/schemas/Verdict',
                },
                environments: {
                  type: 'object',
                  additionalProperties: {
                    type: 'integer',
                  },
                },
                serviceCount: {
                  type: 'integer',
                  description:
                    'Distinct services on this version, whether or not `services` lists them all.',
                },
                services: {
                  type: 'array',
                  description:
                    'Each service once per environment, by service then environment; at most `servicesPerVersion` when the request gives it.',
                  items: {
                    type: 'object',
                    properties: {
                      entityRef: {
                        type: 'string',
                      },
                      owner: {
                        type: 'string',
                      },
                      environment: {
                        type: 'string',
                      },
                    },
                    required: ['entityRef'],
                    additionalProperties: false,
                  },
                },
              },
              required: ['verdict', 'environments', 'serviceCount', 'services'],
              additionalProperties: false,
            },
          },
          serviceCount: {
            type: 'integer',
            description: 'Distinct services using the module, on any version.',
          },
          servicesBehind: {
            type: 'integer',
            description:
              "Distinct services with a reference not on the module's latest release, in any environment (all of them when the module has no release).",
          },
        },
        required: ['module', 'versions', 'serviceCount', 'servicesBehind'],
        additionalProperties: false,
      },
      RepositoryStatus: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
          commit: {
            type: 'string',
          },
          branch: {
            type: 'string',
          },
          scannedAt: {
            type: 'string',
            format: 'date-time',
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
          status: {
            type: 'string',
            enum: ['pending', 'ok', 'failed'],
          },
          error: {
            type: 'string',
          },
          filesScanned: {
            type: 'integer',
          },
        },
        required: ['entityRef', 'url', 'status', 'filesScanned'],
        additionalProperties: false,
      },
      RepositoryList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RepositoryStatus',
            },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
      EntityDrift: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          repository: {
            $ref: '#/components/schemas/RepositoryStatus',
          },
          references: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftRow',
            },
          },
          problems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScanProblem',
            },
          },
          requiredModules: {
            type: 'array',
            description:
              'The required modules the service misses or uses outside their range; absent until its repository was scanned.',
            items: {
              $ref: '#/components/schemas/RequiredModuleFinding',
            },
          },
        },
        required: ['entityRef', 'references', 'problems'],
        additionalProperties: false,
      },
      DependencyList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                entityRef: {
                  type: 'string',
                },
                modules: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      platform: {
                        type: 'string',
                      },
                      module: {
                        type: 'string',
                      },
                    },
                    required: ['platform', 'module'],
                    additionalProperties: false,
                  },
                },
              },
              required: ['entityRef', 'modules'],
              additionalProperties: false,
            },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
      ChannelSkewVerdict: {
        type: 'string',
        description:
          'in-sync, lagging (behind the newest release on another channel), missing-publish (no release at all) or unreachable.',
        enum: ['in-sync', 'lagging', 'missing-publish', 'unreachable'],
      },
      ReleaseChannelKind: {
        type: 'string',
        enum: [
          'github-releases',
          'git-tags',
          'oci',
          'helm',
          'terraform-registry',
          'pypi',
          'npm',
        ],
      },
      ChannelRelease: {
        type: 'object',
        properties: {
          version: {
            type: 'string',
          },
          versionAsPublished: {
            type: 'string',
          },
          publishedAt: {
            type: 'string',
            format: 'date-time',
          },
          url: {
            type: 'string',
          },
        },
        required: ['version', 'versionAsPublished'],
        additionalProperties: false,
      },
      ReleaseChannelStatus: {
        type: 'object',
        description:
          'One channel of a service as last read, with its skew verdict.',
        properties: {
          kind: {
            $ref: '#/components/schemas/ReleaseChannelKind',
          },
          target: {
            type: 'string',
          },
          latest: {
            $ref: '#/components/schemas/ChannelRelease',
          },
          releaseCount: {
            type: 'integer',
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
          problem: {
            type: 'object',
            properties: {
              code: {
                type: 'string',
                enum: [
                  'refused',
                  'not-found',
                  'unauthorized',
                  'rate-limited',
                  'unreachable',
                ],
              },
              message: {
                type: 'string',
              },
            },
            required: ['code', 'message'],
            additionalProperties: false,
          },
          verdict: {
            $ref: '#/components/schemas/ChannelSkewVerdict',
          },
          explanation: {
            type: 'string',
          },
          behindBy: {
            type: 'integer',
          },
        },
        required: [
          'kind',
          'target',
          'releaseCount',
          'checkedAt',
          'verdict',
          'explanation',
        ],
        additionalProperties: false,
      },
      ServiceReleaseChannels: {
        type: 'object',
        description:
          "A service's release channels and its overall skew (its worst channel).",
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          newestVersion: {
            type: 'string',
          },
          verdict: {
            $ref: '#/components/schemas/ChannelSkewVerdict',
          },
          channels: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReleaseChannelStatus',
            },
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['entityRef', 'verdict', 'channels'],
        additionalProperties: false,
      },
      ReleaseChannelsPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServiceReleaseChannels',
            },
          },
          totalCount: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          counts: {
            type: 'object',
            description:
              'Services by verdict under the owner filter, whatever the verdict filter.',
            additionalProperties: {
              type: 'integer',
            },
          },
          owners: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'items',
          'totalCount',
          'offset',
          'limit',
          'counts',
          'owners',
        ],
        additionalProperties: false,
      },
      EntityReleaseChannels: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          system: {
            type: 'string',
          },
          newestVersion: {
            type: 'string',
          },
          verdict: {
            $ref: '#/components/schemas/ChannelSkewVerdict',
          },
          channels: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReleaseChannelStatus',
            },
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
          history: {
            type: 'array',
            description: 'Latest versions the channels have had, newest first.',
            items: {
              type: 'object',
              properties: {
                kind: {
                  $ref: '#/components/schemas/ReleaseChannelKind',
                },
                target: {
                  type: 'string',
                },
                version: {
                  type: 'string',
                },
                versionAsPublished: {
                  type: 'string',
                },
                publishedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                firstSeenAt: {
                  type: 'string',
                  format: 'date-time',
                },
              },
              required: [
                'kind',
                'target',
                'version',
                'versionAsPublished',
                'firstSeenAt',
              ],
              additionalProperties: false,
            },
          },
        },
        required: ['entityRef', 'verdict', 'channels', 'history'],
        additionalProperties: false,
      },
      UpgradeRequest: {
        type: 'object',
        properties: {
          module: {
            type: 'string',
            maxLength: 200,
            description: 'The platform module whose pins move.',
          },
          version: {
            type: 'string',
            maxLength: 100,
            description:
              'A release of the module (2.1.1, or v2.1.1); 400 naming it when it is none.',
          },
          entityRefs: {
            type: 'array',
            maxItems: 2000,
            description:
              'The services; every service behind on the module when absent.',
            items: {
              type: 'string',
              maxLength: 400,
            },
          },
          environment: {
            type: 'string',
            maxLength: 63,
            description:
              'Only the references of this environment (staging first); all when absent.',
          },
          inputs: {
            type: 'object',
            description:
              'Values for the inputs a breaking upgrade adds, by input name; encoded as HCL.',
            additionalProperties: true,
          },
        },
        required: ['module', 'version'],
        additionalProperties: false,
      },
      CreateUpgradesRequest: {
        type: 'object',
        properties: {
          module: {
            type: 'string',
            maxLength: 200,
            description: 'The platform module whose pins move.',
          },
          version: {
            type: 'string',
            maxLength: 100,
            description:
              'A release of the module (2.1.1, or v2.1.1); 400 naming it when it is none.',
          },
          entityRefs: {
            type: 'array',
            maxItems: 2000,
            description:
              'The services; every service behind on the module when absent.',
            items: {
              type: 'string',
              maxLength: 400,
            },
          },
          environment: {
            type: 'string',
            maxLength: 63,
            description:
              'Only the references of this environment (staging first); all when absent.',
          },
          inputs: {
            type: 'object',
            description:
              'Values for the inputs a breaking upgrade adds, by input name; encoded as HCL.',
            additionalProperties: true,
          },
          campaign: {
            type: 'boolean',
            description:
              'Track the changes as one campaign (its progress at /upgrades/campaigns/ and its id).',
          },
        },
        required: ['module', 'version'],
        additionalProperties: false,
      },
      UpgradeRefusal: {
        type: 'object',
        properties: {
          file: {
            type: 'string',
          },
          line: {
            type: 'integer',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['file', 'line', 'reason'],
        additionalProperties: false,
      },
      ServiceUpgradePreview: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          branch: {
            type: 'string',
            description: 'platform/upgrade/<module>-<version>[-<environment>]',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
            description:
              "The change's description in Markdown; absent when refused.",
          },
          from: {
            type: 'array',
            description: 'The releases pinned now.',
            items: {
              type: 'string',
            },
          },
          files: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                path: {
                  type: 'string',
                },
                patch: {
                  type: 'string',
                  description: 'A unified diff of the file.',
                },
              },
              required: ['path', 'patch'],
              additionalProperties: false,
            },
          },
          needsPerson: {
            type: 'array',
            description:
              'References the portal cannot change safely; a service with any is not pushed.',
            items: {
              $ref: '#/components/schemas/UpgradeRefusal',
            },
          },
          missingInputs: {
            type: 'array',
            description:
              'New required inputs no value was given for; marked in the file.',
            items: {
              type: 'string',
            },
          },
          breaking: {
            type: 'boolean',
          },
          breakingChanges: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/InterfaceChange',
            },
          },
          notes: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          refused: {
            type: 'string',
            description:
              'Why nothing can be changed in this service (not scanned, already up to date, a pin changed since the scan).',
          },
        },
        required: [
          'entityRef',
          'branch',
          'title',
          'from',
          'files',
          'needsPerson',
          'missingInputs',
          'breaking',
          'breakingChanges',
          'notes',
        ],
        additionalProperties: false,
      },
      UpgradePreview: {
        type: 'object',
        properties: {
          module: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          tag: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          services: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServiceUpgradePreview',
            },
          },
        },
        required: ['module', 'version', 'tag', 'services'],
        additionalProperties: false,
      },
      UpgradeChangeState: {
        type: 'string',
        enum: ['open', 'merged', 'closed', 'failed'],
      },
      UpgradeChange: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          campaignId: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          module: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          branch: {
            type: 'string',
          },
          commit: {
            type: 'string',
          },
          url: {
            type: 'string',
            description:
              'The pull request, or a compare page of the branch when the host has a web UI.',
          },
          pullRequest: {
            type: 'integer',
          },
          state: {
            $ref: '#/components/schemas/UpgradeChangeState',
          },
          error: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: [
          'id',
          'entityRef',
          'module',
          'version',
          'branch',
          'state',
          'createdBy',
          'createdAt',
          'updatedAt',
        ],
        additionalProperties: false,
      },
      UpgradeCampaign: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          module: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          total: {
            type: 'integer',
          },
          counts: {
            type: 'object',
            properties: {
              open: {
                type: 'integer',
              },
              merged: {
                type: 'integer',
              },
              closed: {
                type: 'integer',
              },
              failed: {
                type: 'integer',
              },
            },
            required: ['open', 'merged', 'closed', 'failed'],
            additionalProperties: false,
          },
        },
        required: [
          'id',
          'module',
          'version',
          'createdBy',
          'createdAt',
          'total',
          'counts',
        ],
        additionalProperties: false,
      },
      UpgradeResult: {
        type: 'object',
        properties: {
          campaign: {
            $ref: '#/components/schemas/UpgradeCampaign',
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                entityRef: {
                  type: 'string',
                },
                change: {
                  $ref: '#/components/schemas/UpgradeChange',
                },
                refused: {
                  type: 'string',
                  description: 'Why nothing was pushed to this service.',
                },
              },
              required: ['entityRef'],
              additionalProperties: false,
            },
          },
        },
        required: ['results'],
        additionalProperties: false,
      },
      UpgradeChangeList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UpgradeChange',
            },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
      UpgradeCampaignResponse: {
        type: 'object',
        properties: {
          campaign: {
            $ref: '#/components/schemas/UpgradeCampaign',
          },
          changes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UpgradeChange',
            },
          },
        },
        required: ['campaign', 'changes'],
        additionalProperties: false,
      },
      SourceFile: {
        type: 'object',
        description:
          'One text file of a repository the portal scans, at one commit.',
        properties: {
          repository: {
            type: 'string',
            description:
              'The repository as the catalog names it (https://github.com/acme/payments-api).',
          },
          entityRefs: {
            type: 'array',
            description:
              'The services whose repository it is; empty for a platform repository.',
            items: {
              type: 'string',
            },
          },
          commit: {
            type: 'string',
            description: 'The full commit SHA the file was read at.',
          },
          path: {
            type: 'string',
            description: "The file's path in the repository.",
          },
          language: {
            type: 'string',
            description:
              "The file's language by its name (hcl, yaml, json, markdown, shell, ...); text when unknown.",
          },
          size: {
            type: 'integer',
            description: "The file's size in bytes.",
          },
          content: {
            type: 'string',
            description: "The file's text (UTF-8).",
          },
          webUrl: {
            type: 'string',
            description:
              "The file at this commit in the repository host's web UI, when the host has one.",
          },
        },
        required: [
          'repository',
          'entityRefs',
          'commit',
          'path',
          'language',
          'size',
          'content',
        ],
        additionalProperties: false,
      },
      SourceFileList: {
        type: 'object',
        description:
          'The files of a repository the portal scans, at one commit.',
        properties: {
          repository: {
            type: 'string',
            description: 'The repository as the catalog names it.',
          },
          entityRefs: {
            type: 'array',
            description:
              'The services whose repository it is; empty for a platform repository.',
            items: {
              type: 'string',
            },
          },
          commit: {
            type: 'string',
            description: 'The full commit SHA the files were listed at.',
          },
          files: {
            type: 'array',
            description: "Paths of the files, in git's order; at most 10,000.",
            items: {
              type: 'string',
            },
          },
          truncated: {
            type: 'boolean',
            description:
              'Whether the repository has more files than are listed.',
          },
        },
        required: ['repository', 'entityRefs', 'commit', 'files', 'truncated'],
        additionalProperties: false,
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  security: [
    {
      JWT: [],
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description:
          'Answers when the plugin is up and its database is reachable.',
        responses: {
          '200': {
            description: 'The plugin is healthy.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/scans/latest': {
      get: {
        operationId: 'GetLatestScan',
        description:
          "The most recent organisation-wide scan run (a scan of one entity is that entity's, not the organisation's), or null when none has run yet.",
        responses: {
          '200': {
            description: 'The latest scan run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LatestScanResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/scans': {
      post: {
        operationId: 'StartScan',
        description:
          'Starts a scan of every service (platform.scan.create permission), or of one entity (platform.entity.scan on that entity, which the permission policy grants its owners). An entityRef the catalog would refuse is answered with 400; one that is neither a service with a repository the scanner knows nor an entity declaring release channels with 404, and no scan is recorded. An entity that only declares release channels gets its channels read and `scan` null.',
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/StartScanRequest',
              },
            },
          },
        },
        responses: {
          '202': {
            description:
              'The scan run that was started (or the full scan already running); null when only release channels are read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LatestScanResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/scans/{id}': {
      get: {
        operationId: 'GetScan',
        description: 'One scan run, with its progress.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The scan run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScanResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/drift': {
      get: {
        operationId: 'GetDrift',
        description:
          'Drift rows (service × reference) matching the filters, one page.',
        parameters: [
          {
            $ref: '#/components/parameters/ownerFilter',
          },
          {
            $ref: '#/components/parameters/moduleFilter',
          },
          {
            $ref: '#/components/parameters/verdictFilter',
          },
          {
            $ref: '#/components/parameters/environmentFilter',
          },
          {
            $ref: '#/components/parameters/versionFilter',
          },
          {
            $ref: '#/components/parameters/kindFilter',
          },
          {
            $ref: '#/components/parameters/entityRefFilter',
          },
          {
            $ref: '#/components/parameters/callStatusFilter',
          },
          {
            $ref: '#/components/parameters/promotionFilter',
          },
          {
            $ref: '#/components/parameters/upgradeFilter',
          },
          {
            $ref: '#/components/parameters/textFilter',
          },
          {
            name: 'sort',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              enum: [
                'entity',
                'owner',
                'module',
                'environment',
                'verdict',
                'version',
                'file',
              ],
            },
          },
          {
            name: 'order',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
          {
            name: 'offset',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 10000000,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of drift rows.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/drift/export': {
      get: {
        operationId: 'ExportDrift',
        description: 'Every drift row matching the filters as CSV.',
        parameters: [
          {
            $ref: '#/components/parameters/ownerFilter',
          },
          {
            $ref: '#/components/parameters/moduleFilter',
          },
          {
            $ref: '#/components/parameters/verdictFilter',
          },
          {
            $ref: '#/components/parameters/environmentFilter',
          },
          {
            $ref: '#/components/parameters/versionFilter',
          },
          {
            $ref: '#/components/parameters/kindFilter',
          },
          {
            $ref: '#/components/parameters/entityRefFilter',
          },
          {
            $ref: '#/components/parameters/callStatusFilter',
          },
          {
            $ref: '#/components/parameters/promotionFilter',
          },
          {
            $ref: '#/components/parameters/upgradeFilter',
          },
          {
            $ref: '#/components/parameters/textFilter',
          },
        ],
        responses: {
          '200': {
            description: 'CSV with a header row.',
            content: {
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/summary': {
      get: {
        operationId: 'GetSummary',
        description:
          'Counts by verdict and by module of the rows matching the filters.',
        parameters: [
          {
            $ref: '#/components/parameters/ownerFilter',
          },
          {
            $ref: '#/components/parameters/moduleFilter',
          },
          {
            $ref: '#/components/parameters/verdictFilter',
          },
          {
            $ref: '#/components/parameters/environmentFilter',
          },
          {
            $ref: '#/components/parameters/versionFilter',
          },
          {
            $ref: '#/components/parameters/kindFilter',
          },
          {
            $ref: '#/components/parameters/entityRefFilter',
          },
          {
            $ref: '#/components/parameters/callStatusFilter',
          },
          {
            $ref: '#/components/parameters/promotionFilter',
          },
          {
            $ref: '#/components/parameters/upgradeFilter',
          },
          {
            $ref: '#/components/parameters/textFilter',
          },
        ],
        responses: {
          '200': {
            description: 'The counts.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftSummary',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/required-modules': {
      get: {
        operationId: 'ListRequiredModuleFindings',
        description:
          'The services that miss a module every service must use, or use it outside the required releases; scanned services only.',
        parameters: [
          {
            $ref: '#/components/parameters/ownerFilter',
          },
          {
            $ref: '#/components/parameters/moduleFilter',
          },
          {
            $ref: '#/components/parameters/entityRefFilter',
          },
        ],
        responses: {
          '200': {
            description: 'The findings, by service then module.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RequiredModuleFindingList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/facets': {
      get: {
        operationId: 'GetFacets',
        description:
          'The owners, modules, environments and kinds the drift rows can be filtered by.',
        responses: {
          '200': {
            description: 'The values.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DriftFacets',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/trends': {
      get: {
        operationId: 'GetTrends',
        description: 'Verdict counts per day, oldest first.',
        parameters: [
          {
            name: 'days',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 366,
            },
          },
          {
            name: 'module',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The series.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TrendResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/modules': {
      get: {
        operationId: 'ListModules',
        description:
          'Every module of every configured platform, with its versions.',
        responses: {
          '200': {
            description: 'The modules.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModuleList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/modules/{name}/adoption': {
      get: {
        operationId: 'GetModuleAdoption',
        description:
          'Which services use which version of a module, by environment.',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'platform',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'servicesPerVersion',
            in: 'query',
            required: false,
            description:
              'At most this many services listed per version (the counts still count all); all when absent.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The adoption.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModuleAdoption',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/modules/{name}/releases': {
      get: {
        operationId: 'GetModuleReleases',
        description:
          "A module's releases, newest first, with their dates and notes, the upgrade notes of each major and until when each major is supported.",
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'platform',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The releases.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModuleReleases',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/modules/{name}/interface': {
      get: {
        operationId: 'GetModuleInterface',
        description:
          'The interface of one release of a module (its inputs and outputs, workflow inputs and secrets, XRD versions and schemas, or chart values schema). A release never changes, so the answer carries an ETag.',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'version',
            in: 'query',
            required: true,
            description:
              "The release's version (2.1.0, or v2.1.0 as tags write it); 400 when it is no version, 404 when the module has no such release.",
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'platform',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The interface.',
            headers: {
              ETag: {
                $ref: '#/components/headers/ReleaseETag',
              },
              'Cache-Control': {
                $ref: '#/components/headers/ReleaseCacheControl',
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModuleReleaseInterface',
                },
              },
            },
          },
          '304': {
            description:
              'The interface has not changed since the ETag in If-None-Match.',
            headers: {
              ETag: {
                $ref: '#/components/headers/ReleaseETag',
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/modules/{name}/diff': {
      get: {
        operationId: 'GetModuleInterfaceDiff',
        description:
          "What changed in a module's interface between two releases, each change marked breaking or not.",
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'from',
            in: 'query',
            required: true,
            description:
              'The release the diff starts from (2.1.0, or v2.1.0); 400 when it is no version, 404 when the module has no such release.',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            description:
              'The release the diff goes to (2.1.0, or v2.1.0); 400 when it is no version, 404 when the module has no such release.',
            schema: {
              type: 'string',
              maxLength: 100,
            },
          },
          {
            name: 'platform',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The diff.',
            headers: {
              ETag: {
                $ref: '#/components/headers/ReleaseETag',
              },
              'Cache-Control': {
                $ref: '#/components/headers/ReleaseCacheControl',
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/InterfaceDiff',
                },
              },
            },
          },
          '304': {
            description:
              'The diff has not changed since the ETag in If-None-Match.',
            headers: {
              ETag: {
                $ref: '#/components/headers/ReleaseETag',
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetEntityDrift',
        description:
          'The references, verdicts and scan problems of one catalog entity.',
        parameters: [
          {
            $ref: '#/components/parameters/entityKind',
          },
          {
            $ref: '#/components/parameters/entityNamespace',
          },
          {
            $ref: '#/components/parameters/entityName',
          },
        ],
        responses: {
          '200': {
            description: "The entity's drift.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityDrift',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/repositories': {
      get: {
        operationId: 'ListRepositories',
        description: "How the last scan of each service's repository went.",
        parameters: [
          {
            name: 'status',
            in: 'query',
            description:
              'Only repositories whose last scan ended so; any of them. The report page asks for the failed ones only, a few of tens of thousands.',
            required: false,
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['pending', 'ok', 'failed'],
              },
            },
          },
        ],
        responses: {
          '200': {
            description: 'The repositories.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RepositoryList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/dependencies': {
      get: {
        operationId: 'ListDependencies',
        description:
          'Which platform modules each service uses; read by the catalog module.',
        responses: {
          '200': {
            description: 'The dependencies.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DependencyList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/source': {
      get: {
        operationId: 'GetSourceFile',
        description:
          "One text file of a repository the portal scans (a service's or a platform's), at a\ncommit, for repositories read through a local root: what the portal links to where the\nrepository has no web UI. 400 for a path that is absolute or leaves the repository, or a\ncommit that is no full SHA; 404 for a repository, commit or file the portal does not\nknow; 413 for a file over the size limit; 415 for a binary file or a symbolic link.",
        parameters: [
          {
            name: 'repository',
            in: 'query',
            required: true,
            description:
              "The repository as the catalog names it, as a drift row's link gives it.",
            schema: {
              type: 'string',
              maxLength: 2000,
            },
          },
          {
            name: 'commit',
            in: 'query',
            required: false,
            description:
              "The full commit SHA; the default branch's head when left out.",
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
          {
            name: 'path',
            in: 'query',
            required: true,
            description:
              "The file's path in the repository, relative, with / between folders.",
            schema: {
              type: 'string',
              maxLength: 1024,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The file.',
            headers: {
              ETag: {
                description:
                  'Names the commit and the path; send it back in If-None-Match to get 304.',
                schema: {
                  type: 'string',
                },
              },
              'Cache-Control': {
                description:
                  'A file at a given commit never changes; the head of a branch does.',
                schema: {
                  type: 'string',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SourceFile',
                },
              },
            },
          },
          '304': {
            description:
              'The file has not changed since the ETag in If-None-Match.',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/source/files': {
      get: {
        operationId: 'ListSourceFiles',
        description:
          'The files of a repository the portal scans, at a commit, for repositories read through a\nlocal root: what the source view lists for a repository. 404 for a repository or commit\nthe portal does not know, naming it.',
        parameters: [
          {
            name: 'repository',
            in: 'query',
            required: true,
            description: 'The repository as the catalog names it.',
            schema: {
              type: 'string',
              maxLength: 2000,
            },
          },
          {
            name: 'commit',
            in: 'query',
            required: false,
            description:
              "The full commit SHA; the default branch's head when left out.",
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The files.',
            headers: {
              ETag: {
                description:
                  'Names the commit; send it back in If-None-Match to get 304.',
                schema: {
                  type: 'string',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SourceFileList',
                },
              },
            },
          },
          '304': {
            description:
              'The list has not changed since the ETag in If-None-Match.',
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/release-channels': {
      get: {
        operationId: 'ListReleaseChannels',
        description:
          'Services that declare release channels, worst skew first, with counts by verdict.',
        parameters: [
          {
            name: 'verdict',
            in: 'query',
            description: 'Service verdicts; any of them.',
            required: false,
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/ChannelSkewVerdict',
              },
            },
          },
          {
            $ref: '#/components/parameters/ownerFilter',
          },
          {
            name: 'offset',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 10000000,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of services.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReleaseChannelsPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/release-channels': {
      get: {
        operationId: 'GetEntityReleaseChannels',
        description:
          'The release channels of one catalog entity, their verdicts and the versions seen on them.',
        parameters: [
          {
            $ref: '#/components/parameters/entityKind',
          },
          {
            $ref: '#/components/parameters/entityNamespace',
          },
          {
            $ref: '#/components/parameters/entityName',
          },
        ],
        responses: {
          '200': {
            description:
              "The entity's channels; none when the service declares none or they were not read yet. 404 for an entity that is no service the plugin knows.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityReleaseChannels',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/upgrades/preview': {
      post: {
        operationId: 'PreviewUpgrades',
        description:
          'What upgrading a module to a release would change in each service, without changing anything. The files are read at the scanned commit; a service that cannot be changed says why (`refused`). 400 naming a version that is no release of the module, 404 for an unknown module.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/UpgradeRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The preview, per service.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradePreview',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/upgrades': {
      post: {
        operationId: 'CreateUpgrades',
        description:
          'Opens one change per service (a branch platform/upgrade/<module>-<version>[-<environment>], and a pull request labelled platform-upgrade on GitHub); asking again for the same service, module, release and environment updates its change. Each entity needs platform.upgrade.create for the caller (403 naming the entities refused, and nothing pushed anywhere). A service that cannot be changed safely is refused, with the reason, and nothing is pushed to it.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/CreateUpgradesRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'Per service, the change made or why none was; the campaign when one was asked for.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradeResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      get: {
        operationId: 'ListUpgrades',
        description:
          'The changes the portal opened, with their state; an open change is merged once a scan shows every reference of its module in its service (and environment) at or beyond its release.',
        parameters: [
          {
            name: 'module',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 400,
            },
          },
          {
            name: 'campaign',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              maxLength: 36,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The changes.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradeChangeList',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/upgrades/campaigns/{id}': {
      get: {
        operationId: 'GetUpgradeCampaign',
        description:
          "A campaign's progress (its changes counted by state) and its changes.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 36,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The campaign.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UpgradeCampaignResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
