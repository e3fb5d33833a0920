import {
  ModuleReleaseInterface,
  PlatformModuleInfo,
  TerraformVariable,
  XrdInterface,
} from '@platform-portal/plugin-platform-common';
import { ModuleSource } from '../moduleReleases';

function platformModule(
  name: string,
  kind: PlatformModuleInfo['kind'],
  latest: string | undefined,
  extra: Partial<PlatformModuleInfo> = {},
): PlatformModuleInfo {
  return {
    platform: 'acme-platform',
    name,
    kind,
    path: `modules/${name}`,
    repository: 'https://github.com/acme/platform.git',
    tagPattern: `${name}/v{version}`,
    latest,
    versions: latest ? [latest, '1.0.0'] : [],
    deprecations: [],
    ...extra,
  };
}

/** The demo platform's modules, as GET /modules lists them. */
export const platformModules: PlatformModuleInfo[] = [
  platformModule('vpc', 'terraform-module', '2.1.1', {
    description:
      'Standard VPC with public, private and database subnets across three zones.',
    wiring: [{ input: 'name', from: 'project.name' }],
  }),
  platformModule('eks', 'terraform-module', '3.2.0', {
    description:
      'EKS cluster with managed node groups, IRSA and the platform add-ons.',
    wiring: [
      { input: 'cluster_name', from: 'project.name' },
      { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
    ],
  }),
  platformModule('rds', 'terraform-module', '2.1.0', {
    description: 'PostgreSQL on RDS with encrypted storage and backups.',
    wiring: [
      { input: 'identifier', from: 'project.name' },
      { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
    ],
  }),
  platformModule('s3-bucket', 'terraform-module', '1.4.0', {
    description: 'Private S3 bucket with versioning and lifecycle rules.',
    wiring: [{ input: 'name', from: 'project.name' }],
  }),
  platformModule('dns', 'terraform-module', undefined, {
    description: 'Route 53 records in the shared zones.',
  }),
  platformModule('terraform-ci', 'github-workflow', '3.1.0', {
    description: 'Reusable CI workflow every project calls.',
  }),
  platformModule('postgresql', 'crossplane-composition', '1.1.0', {
    description: 'PostgreSQL claim for teams using Crossplane.',
  }),
];

function variable(
  name: string,
  kind: TerraformVariable['kind'],
  extra: Partial<TerraformVariable> = {},
): TerraformVariable {
  return {
    name,
    kind,
    type: kind,
    required: extra.default === undefined,
    sensitive: false,
    nullable: true,
    hasValidation: false,
    ...extra,
  };
}

const tags = variable('tags', 'map', { type: 'map(string)', default: {} });

/** The XRD of the postgresql composition: an old version kept for its claims, and the current one. */
export const postgresqlXrd: XrdInterface = {
  kind: 'xrd',
  group: 'platform.acme.io',
  compositeKind: 'XPostgreSQLInstance',
  claimKind: 'PostgreSQLInstance',
  versions: [
    {
      name: 'v1alpha1',
      served: true,
      referenceable: false,
      deprecated: true,
      properties: [],
    },
    {
      name: 'v1beta1',
      served: true,
      referenceable: true,
      deprecated: false,
      properties: [
        {
          name: 'storageGB',
          type: 'integer',
          required: false,
          default: 20,
        },
        {
          name: 'region',
          type: 'string',
          required: true,
          enum: ['eu-west-1', 'eu-central-1'],
        },
        {
          name: 'version',
          type: 'string|null',
          required: true,
          default: '16',
        },
        {
          name: 'writeConnectionSecretToRef',
          type: 'object',
          required: false,
        },
      ],
    },
  ],
};

/** The interfaces of the modules' latest releases. */
export const moduleInterfaces: Record<string, ModuleReleaseInterface> = {
  'vpc@2.1.1': {
    release: { module: 'vpc', tag: 'vpc/v2.1.1' },
    version: '2.1.1',
    interface: {
      kind: 'terraform',
      variables: [
        variable('name', 'string', {
          description: 'Name prefix for every resource.',
        }),
        variable('cidr', 'string', {
          description:
            'IPv4 CIDR block of the VPC.\nA /16 leaves room for three zones.',
          hasValidation: true,
        }),
        variable('region', 'string', { default: 'eu-west-1' }),
        variable('az_count', 'number', { default: 3 }),
        variable('enable_ipv6', 'bool', { default: false }),
        tags,
      ],
      outputs: [{ name: 'private_subnet_ids', sensitive: false }],
    },
  },
  'eks@3.2.0': {
    release: { module: 'eks', tag: 'eks-v3.2.0' },
    version: '3.2.0',
    interface: {
      kind: 'terraform',
      variables: [
        variable('cluster_name', 'string'),
        variable('kubernetes_version', 'string', { default: '1.33' }),
        variable('subnet_ids', 'list', { type: 'list(string)' }),
        variable('node_groups', 'map', {
          type: 'map(object({ instance_types = list(string), min_size = number, max_size = number }))',
          default: {
            default: {
              instance_types: ['m6i.large'],
              min_size: 2,
              max_size: 6,
            },
          },
        }),
      ],
      outputs: [],
    },
  },
  'rds@2.1.0': {
    release: { module: 'rds', tag: 'rds/v2.1.0' },
    version: '2.1.0',
    interface: {
      kind: 'terraform',
      variables: [
        variable('identifier', 'string'),
        variable('subnet_ids', 'list', { type: 'list(string)' }),
        variable('allocated_storage', 'number', { default: 50 }),
        variable('deletion_protection', 'bool', { default: true }),
        variable('master_password', 'string', {
          sensitive: true,
          default: null,
        }),
      ],
      outputs: [],
    },
  },
  's3-bucket@1.4.0': {
    release: { module: 's3-bucket', tag: 's3-bucket/v1.4.0' },
    version: '1.4.0',
    interface: {
      kind: 'terraform',
      variables: [
        variable('name', 'string'),
        variable('noncurrent_version_days', 'number', { default: 30 }),
        tags,
      ],
      outputs: [],
    },
  },
  'postgresql@1.1.0': {
    release: { module: 'postgresql', tag: 'postgresql/v1.1.0' },
    version: '1.1.0',
    interface: postgresqlXrd,
  },
};

/** A platform API answering from the fixtures, counting the interface reads. */
export function fixtureModuleSource(): ModuleSource & {
  interfaceReads: string[];
} {
  const interfaceReads: string[] = [];
  return {
    interfaceReads,
    listModules: async () => platformModules,
    getModuleInterface: async ({ module: name, version }) => {
      interfaceReads.push(`${name}@${version}`);
      const found = moduleInterfaces[`${name}@${version}`];
      if (!found) {
        throw new Error(`No interface of ${name} ${version} in the fixtures`);
      }
      return found;
    },
  };
}
