import type { Reference } from '@platform-portal/plugin-platform-common';
import fc from 'fast-check';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createDefaultExtractors } from '../extractors/defaultExtractors';
import { scanFiles } from '../scanner/scanFiles';
import { editPin, PinTarget } from './editPin';

const VPC_2_1_1: PinTarget = {
  version: '2.1.1',
  tag: 'vpc/v2.1.1',
  commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
};

let extractors: ReferenceExtractor[];

beforeAll(async () => {
  extractors = await createDefaultExtractors();
});

function references(path: string, content: string): Reference[] {
  return scanFiles([{ path, content: Buffer.from(content, 'utf8') }], {
    extractors,
  }).references;
}

/** Edits the reference whose source contains `marker` and checks that only its line changed. */
function edit(
  path: string,
  content: string,
  marker: string,
  target: PinTarget = VPC_2_1_1,
) {
  const reference = references(path, content).find(r =>
    r.source.includes(marker),
  );
  expect(reference).toBeDefined();
  return editPin({ path, content, reference: reference!, target, extractors });
}

function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.filter((line, i) => line !== a[i]);
}

const MAIN_TF = `terraform {
  required_version = ">= 1.6"
}

locals {
  name = "payments-api-prod"
}

module "network" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"

  name       = local.name
  cidr_block = "10.20.0.0/16"
}

module "cluster" {
  source = "git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.1.0"

  cluster_name = local.name
}

module "pinned" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=0123456789abcdef0123456789abcdef01234567" # v2.0.0
}

module "registry" {
  source  = "app.terraform.io/acme/vpc/aws"
  version = "~> 1.2"
}

module "exact" {
  source  = "app.terraform.io/acme/vpc/aws"
  version = "=1.2.3"
}

module "range" {
  source  = "app.terraform.io/acme/vpc/aws"
  version = ">= 1.0, < 2.0"
}

module "indirect" {
  source = local.vpc_source
}
`;

describe('editPin', () => {
  it('moves a git tag pin and leaves every other byte of the file as it was', () => {
    const result = edit('infra/main.tf', MAIN_TF, 'vpc/v1.2.0');
    expect(result).toMatchObject({ ok: true, line: 10 });
    if (!result.ok) return;
    expect(result.content).toBe(
      MAIN_TF.replace('?ref=vpc/v1.2.0"', '?ref=vpc/v2.1.1"'),
    );
    expect(changedLines(MAIN_TF, result.content)).toEqual([
      '  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.1"',
    ]);
  });

  it('moves a SHA pin to the target commit and the version in its comment', () => {
    const result = edit('infra/main.tf', MAIN_TF, '0123456789abcdef');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.after).toBe(
      `  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=${VPC_2_1_1.commit}" # v2.1.1`,
    );
    expect(changedLines(MAIN_TF, result.content)).toHaveLength(1);
  });

  it('keeps the operator and precision of a registry constraint', () => {
    const result = edit('infra/main.tf', MAIN_TF, 'acme/vpc/aws');
    expect(result).toMatchObject({
      ok: true,
      before: '  version = "~> 1.2"',
      after: '  version = "~> 2.1"',
    });
    const exact = references('infra/main.tf', MAIN_TF).filter(
      r => r.ref === '=1.2.3',
    )[0];
    expect(
      editPin({
        path: 'infra/main.tf',
        content: MAIN_TF,
        reference: exact,
        target: VPC_2_1_1,
        extractors,
      }),
    ).toMatchObject({ ok: true, after: '  version = "=2.1.1"' });
  });

  it('refuses a range constraint, a source held in a local and an unpinned reference, saying why', () => {
    const all = references('infra/main.tf', MAIN_TF);
    const range = all.find(r => r.ref === '>= 1.0, < 2.0')!;
    expect(
      editPin({
        path: 'infra/main.tf',
        content: MAIN_TF,
        reference: range,
        target: VPC_2_1_1,
        extractors,
      }),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('a person must choose the new range'),
    });
    const indirect = all.find(r => r.unresolved)!;
    expect(
      editPin({
        path: 'infra/main.tf',
        content: MAIN_TF,
        reference: indirect,
        target: VPC_2_1_1,
        extractors,
      }),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('local.vpc_source'),
    });
  });

  it('refuses to move a pin to what it already pins', () => {
    const result = edit('infra/main.tf', MAIN_TF, 'vpc/v1.2.0', {
      ...VPC_2_1_1,
      version: '1.2.0',
      tag: 'vpc/v1.2.0',
    });
    expect(result).toEqual({
      ok: false,
      reason: '"vpc/v1.2.0" already pins 1.2.0; there is nothing to change',
    });
  });

  it('refuses a pin that is not written where the scan found it (the file changed since)', () => {
    const reference = references('infra/main.tf', MAIN_TF).find(r =>
      r.source.includes('vpc/v1.2.0'),
    )!;
    const changed = MAIN_TF.replace('vpc/v1.2.0', 'vpc/v1.3.0');
    expect(
      editPin({
        path: 'infra/main.tf',
        content: changed,
        reference,
        target: VPC_2_1_1,
        extractors,
      }),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('"vpc/v1.2.0" is not written at'),
    });
  });

  it('moves a reusable workflow and a SHA-pinned action with its comment', () => {
    const workflow = `name: ci
on: [push]
jobs:
  terraform:
    uses: acme/platform/.github/workflows/terraform.yml@v3.1.0
    with:
      working-directory: infra
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/platform/actions/lint@0123456789abcdef0123456789abcdef01234567 # v1.4.2
`;
    const target: PinTarget = {
      version: '3.2.0',
      tag: 'v3.2.0',
      commit: 'fedcba9876543210fedcba9876543210fedcba98',
    };
    const moved = edit(
      '.github/workflows/ci.yml',
      workflow,
      'terraform.yml',
      target,
    );
    expect(moved).toMatchObject({
      ok: true,
      after: '    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0',
    });
    const action = edit('.github/workflows/ci.yml', workflow, 'lint', {
      ...target,
      version: '1.5.0',
      tag: 'v1.5.0',
    });
    expect(action).toMatchObject({
      ok: true,
      after: `      - uses: acme/platform/actions/lint@${target.commit} # v1.5.0`,
    });
  });

  it('moves a Helm dependency version and says Chart.lock must be regenerated', () => {
    const chart = `apiVersion: v2
name: payments
version: 0.4.0
dependencies:
  - name: platform-service
    version: ~1.2.0
    repository: https://charts.acme.example
  - name: redis
    version: 17.3.14
    repository: oci://registry-1.docker.io/bitnamicharts
`;
    const result = edit('chart/Chart.yaml', chart, 'platform-service', {
      version: '2.0.1',
      tag: 'platform-service/v2.0.1',
      commit: VPC_2_1_1.commit,
    });
    expect(result).toMatchObject({
      ok: true,
      before: '    version: ~1.2.0',
      after: '    version: ~2.0.1',
      notes: [expect.stringContaining('Chart.lock')],
    });
  });

  it('moves a Terragrunt source', () => {
    const terragrunt = `include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "git::ssh://git@github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"
}

inputs = {
  cidr_block = "10.0.0.0/16"
}
`;
    const result = edit(
      'live/prod/vpc/terragrunt.hcl',
      terragrunt,
      'modules/vpc',
    );
    expect(result.ok && result.content).toBe(
      terragrunt.replace('vpc/v1.2.0', 'vpc/v2.1.1'),
    );
  });
});

describe('editPin on a Crossplane package', () => {
  it('moves the package tag, keeping its v', () => {
    const configuration = `apiVersion: meta.pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: payments
spec:
  dependsOn:
    - configuration: xpkg.acme.example/platform/postgresql
      version: v1.2.0
`;
    const result = edit('crossplane.yaml', configuration, 'postgresql', {
      version: '2.0.0',
      tag: 'postgresql/v2.0.0',
      commit: VPC_2_1_1.commit,
    });
    expect(result).toMatchObject({ ok: true, after: '      version: v2.0.0' });
  });
});

describe('editPin on a Crossplane composition reference', () => {
  const claim = (selector: string) => `apiVersion: platform.acme.io/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: payments-db
spec:
  storageGB: 20
${selector}`;
  const postgres = {
    version: '2.0.0',
    tag: 'postgresql/v2.0.0',
    commit: VPC_2_1_1.commit,
  };

  it('moves a revision label that holds a release, keeping its v', () => {
    const result = edit(
      'claims/db.yaml',
      claim(`  compositionRef:
    name: xpostgresql
  compositionRevisionSelector:
    matchLabels:
      platform-portal.io/revision: v1.2.0
`),
      'xpostgresql',
      postgres,
    );
    expect(result).toMatchObject({
      ok: true,
      // Quoted, as a label value must be a string.
      after: '      platform-portal.io/revision: "v2.0.0"',
    });
  });

  /** Moves a claim held by the Manual policy to postgres by the revision it selects. */
  const editHeld = (selection: string) =>
    edit(
      'claims/db.yaml',
      claim(`  compositionRef:
    name: xpostgresql
  compositionUpdatePolicy: Manual
${selection}`),
      'xpostgresql',
      postgres,
    );
  const moved = (value: string) => {
    const result = editHeld(`  compositionRevisionSelector:
    matchLabels:
      platform.acme.io/release: ${value}
`);
    return result.ok
      ? result.after.replace('      platform.acme.io/release: ', '')
      : result.reason;
  };

  it('moves a release label in the form written: tag, tag as a label value, version or release line', () => {
    expect(moved('"postgresql/v1.4.0"')).toBe('"postgresql/v2.0.0"');
    expect(moved('"postgresql-v1.4.0"')).toBe('"postgresql-v2.0.0"');
    expect(moved('"1.4.0"')).toBe('"2.0.0"');
    expect(moved('"1.4"')).toBe('"2.0"');
    expect(moved("'v1.4'")).toBe("'v2.0'");
  });

  it('writes the label as a quoted string, which an unquoted release line is not', () => {
    // Unquoted, `2.0` would be read as the number 2, which Kubernetes refuses as a label.
    expect(moved('1.4')).toBe('"2.0"');
    expect(moved('postgresql-v1.4.0')).toBe('"postgresql-v2.0.0"');
  });

  it('moves the release label of a claim that leaves the Composition to its XRD', () => {
    const result = edit(
      'claims/db.yaml',
      claim(`  compositionUpdatePolicy: Manual
  compositionRevisionSelector:
    matchLabels:
      platform.acme.io/release: "1.4"
`),
      'compositionRevisionSelector',
      postgres,
    );
    expect(result).toMatchObject({
      ok: true,
      after: '      platform.acme.io/release: "2.0"',
    });
  });

  it('refuses a revision name even when it reads like a release, since Crossplane names revisions', () => {
    const result = editHeld(`  compositionRevisionRef:
    name: postgresql-v1.4.0
`);
    expect(result).toEqual({
      ok: false,
      reason:
        'the composition is held to the revision "postgresql-v1.4.0" by name, and Crossplane names the revision of a release; a person must choose the revision of 2.0.0',
    });
  });

  it('refuses a label naming another module or no release, and says which', () => {
    expect(moved('"network/v1.4.0"')).toContain('"network/v1.4.0"');
    expect(moved('stable')).toContain('"stable"');
  });

  it('refuses a revision name, which no release can be turned into, and says why', () => {
    const result = edit(
      'claims/db.yaml',
      claim(`  compositionRevisionRef:
    name: xpostgresql-7f9c2d1
`),
      'xpostgresql',
      postgres,
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"xpostgresql-7f9c2d1"'),
    });
  });
});

/** The pin fields a rescan must find after moving `was` to the target. */
function movedPin(was: Reference, target: string, commit: string) {
  if (was.pin === 'sha') {
    return { ref: commit, commentVersion: `v${target}` };
  }
  if (was.pin === 'constraint') {
    return {
      ref: was.ref!.replace(/[\d.]+$/, written =>
        target.split('.').slice(0, written.split('.').length).join('.'),
      ),
    };
  }
  return { ref: `vpc/v${target}` };
}

describe('editPin on generated files', () => {
  const version = fc
    .tuple(fc.nat(9), fc.nat(20), fc.nat(30))
    .map(parts => parts.join('.'));
  const sha = fc
    .array(fc.constantFrom(...'0123456789abcdef'), {
      minLength: 40,
      maxLength: 40,
    })
    .map(chars => chars.join(''));
  const pin = fc.oneof(
    version.map(v => ({
      kind: 'tag' as const,
      source: `git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v${v}`,
    })),
    fc.tuple(sha, version).map(([commit, v]) => ({
      kind: 'sha' as const,
      source: `git::https://github.com/acme/platform.git//modules/vpc?ref=${commit}`,
      comment: ` # v${v}`,
    })),
    fc
      .tuple(fc.constantFrom('~> ', '>= ', '', '='), version, fc.nat(2))
      .map(([operator, v, cut]) => ({
        kind: 'registry' as const,
        source: 'app.terraform.io/acme/vpc/aws',
        version: `${operator}${v
          .split('.')
          .slice(0, 3 - cut)
          .join('.')}`,
      })),
  );
  const block = fc.record({
    pin,
    padding: fc.constantFrom(' ', '  ', '      '),
    comment: fc.constantFrom(
      '',
      '# managed by the platform team\n',
      '// note\n',
    ),
    extra: fc.constantFrom(
      '',
      '  name = local.name\n',
      '  tags = { a = "b" }\n',
    ),
  });
  const file = fc.array(block, { minLength: 1, maxLength: 6 }).map(blocks =>
    blocks
      .map((b, i) => {
        const lines = [`${b.comment}module "m${i}" {`];
        lines.push(
          `  source${b.padding}= "${b.pin.source}"${
            b.pin.kind === 'sha' ? b.pin.comment : ''
          }`,
        );
        if (b.pin.kind === 'registry') {
          lines.push(`  version${b.padding}= "${b.pin.version}"`);
        }
        return `${lines.join('\n')}\n${b.extra}}\n`;
      })
      .join('\n'),
  );

  it('changes only the edited pin: a rescan sees the target there and the same everywhere else', () => {
    fc.assert(
      fc.property(
        file,
        fc.nat(),
        version,
        sha,
        (content, pick, target, commit) => {
          const before = references('main.tf', content);
          const reference = before[pick % before.length];
          const result = editPin({
            path: 'main.tf',
            content,
            reference,
            target: { version: target, tag: `vpc/v${target}`, commit },
            extractors,
          });
          if (!result.ok && result.reason.includes('already pins')) {
            return; // the target is what the file pins (or its constraint admits) already
          }
          expect(result.ok).toBe(true);
          const edited = result.ok ? result.content : content;
          const after = references('main.tf', edited);
          // What a rescan must see: the target at the edited pin, the rest as it was.
          const expected = before.map((was, i) =>
            was === reference
              ? // The source holds the pin too; the checks above cover its text.
                {
                  ...was,
                  ...movedPin(was, target, commit),
                  source: after[i]?.source,
                }
              : was,
          );
          expect(after).toEqual(expected);
          expect(changedLines(content, edited)).toHaveLength(1);
        },
      ),
      { numRuns: 150 },
    );
  });
});
