import { ResponseError } from '@backstage/errors';
import { ModuleAdoption } from '@platform-portal/plugin-platform-common';
import {
  ServiceUpgradePreview,
  UpgradeChange,
  UpgradePreview,
  UpgradeRequest,
} from '../../api';

export const vpcAdoption: ModuleAdoption = {
  module: {
    platform: 'acme-platform',
    name: 'vpc',
    kind: 'terraform-module',
    path: 'modules/vpc',
    repository: 'https://github.com/acme/platform.git',
    tagPattern: 'vpc/v{version}',
    latest: '2.1.1',
    versions: ['2.1.1', '2.1.0', '2.0.0', '1.2.0'],
    deprecations: [],
  },
  versions: [
    {
      version: '2.1.1',
      verdict: 'up-to-date',
      environments: { staging: 1 },
      serviceCount: 1,
      services: [
        {
          entityRef: 'component:default/payments-api',
          environment: 'staging',
        },
      ],
    },
    {
      version: '2.1.0',
      verdict: 'patch-behind',
      environments: { prod: 1 },
      serviceCount: 1,
      services: [
        { entityRef: 'component:default/payments-api', environment: 'prod' },
      ],
    },
    {
      version: '2.0.0',
      verdict: 'minor-behind',
      environments: { '': 1 },
      serviceCount: 1,
      services: [{ entityRef: 'component:default/auth-gateway' }],
    },
    {
      version: '1.2.0',
      verdict: 'major-behind',
      environments: { '': 1 },
      serviceCount: 1,
      services: [{ entityRef: 'component:default/billing-worker' }],
    },
  ],
  // payments-api is behind in prod; auth-gateway and billing-worker everywhere.
  serviceCount: 3,
  servicesBehind: 3,
};

const authGatewayPatch = [
  '--- a/infra/main.tf',
  '+++ b/infra/main.tf',
  '@@ -1,4 +1,4 @@',
  ' module "vpc" {',
  '-  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.0.0"',
  '+  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"',
  '   cidr   = "10.1.0.0/16"',
  ' }',
  '',
].join('\n');

function billingWorkerPatch(cidr?: string) {
  return [
    '--- a/main.tf',
    '+++ b/main.tf',
    '@@ -1,4 +1,4 @@',
    ' module "vpc" {',
    '-  source     = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"',
    '+  source     = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"',
    '-  cidr_block = "10.2.0.0/16"',
    `+  cidr       = ${
      cidr ? JSON.stringify(cidr) : '"__PLATFORM_REQUIRED_INPUT__"'
    }`,
    ' }',
    '',
  ].join('\n');
}

function service(
  fields: Partial<ServiceUpgradePreview> & { entityRef: string },
): ServiceUpgradePreview {
  return {
    branch: 'platform/upgrade/vpc-2.1.1',
    title: 'Upgrade vpc to 2.1.1',
    from: [],
    files: [],
    needsPerson: [],
    missingInputs: [],
    breaking: false,
    breakingChanges: [],
    notes: [],
    ...fields,
  };
}

/** The preview the demo's vpc upgrade gives, `cidr` written when a value is given. */
export function vpcPreview(request: UpgradeRequest): UpgradePreview {
  const cidr = request.inputs?.cidr as string | undefined;
  const all = [
    service({
      entityRef: 'component:default/auth-gateway',
      from: ['2.0.0'],
      files: [{ path: 'infra/main.tf', patch: authGatewayPatch }],
    }),
    service({
      entityRef: 'component:default/billing-worker',
      from: ['1.2.0'],
      breaking: true,
      breakingChanges: [
        {
          change: 'input-removed',
          name: 'cidr_block',
          breaking: true,
          message: 'Input `cidr_block` was removed',
        },
        {
          change: 'input-added',
          name: 'cidr',
          required: true,
          breaking: true,
          message: 'Input `cidr` was added and is required',
        },
      ],
      missingInputs: cidr ? [] : ['cidr'],
      files: [{ path: 'main.tf', patch: billingWorkerPatch(cidr) }],
    }),
    service({
      entityRef: 'component:default/ledger-service',
      from: ['2.1.0'],
      needsPerson: [
        {
          file: 'infra/vpc.tf',
          line: 3,
          reason: 'the ref is held in var.vpc_ref',
        },
      ],
    }),
  ];
  const services = request.entityRefs
    ? all.filter(s => request.entityRefs!.includes(s.entityRef))
    : all;
  return {
    module: 'vpc',
    version: request.version,
    tag: `vpc/v${request.version}`,
    environment: request.environment,
    services,
  };
}

export function change(
  fields: Partial<UpgradeChange> & { entityRef: string },
): UpgradeChange {
  const name = fields.entityRef.split('/')[1];
  return {
    id: `change-${name}`,
    module: 'vpc',
    version: '2.1.1',
    branch: 'platform/upgrade/vpc-2.1.1',
    url: `https://git.example.com/${name}/compare/main...platform/upgrade/vpc-2.1.1`,
    state: 'open',
    createdBy: 'user:default/guest',
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    ...fields,
  };
}

/** The error the backend answers with, as the client passes it on. */
export async function responseError(
  status: number,
  statusText: string,
  name: string,
  message: string,
  request = { method: 'POST', url: '/api/platform/upgrades' },
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request,
        response: { statusCode: status },
      }),
      {
        status,
        statusText,
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}
