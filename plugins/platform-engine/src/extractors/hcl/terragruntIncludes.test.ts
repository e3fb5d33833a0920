import { Reference } from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { scanFixtureTree } from '../../scanner/treePasses/__testUtils__/scanFixtureTree';
import { LIVE_EXAMPLE_TREE } from '../__testUtils__/terragruntLiveExample';
import { createTerragruntExtractor } from './terragruntExtractor';

const UNIT = 'prod/us-east-1/prod/mysql/terragrunt.hcl';

/** An include block whose locals the including file reads. */
const exposedInclude = (label: string, path: string) =>
  `include "${label}" {\n  path   = ${path}\n  expose = true\n}\n`;
const MODULES =
  'git::git@github.com:gruntwork-io/terragrunt-infrastructure-modules-example.git';

describe('Terragrunt sources across the files of a tree', () => {
  let extractor: ReferenceExtractor;
  beforeAll(async () => {
    extractor = await createTerragruntExtractor();
  });

  const scan = (files: Record<string, string>) =>
    scanFixtureTree(files, [extractor]);

  const sourceOf = (references: Reference[], file: string) => {
    const found = references.filter(r => r.position.file === file);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('resolves the envcommon layout: an exposed include found with dirname(find_in_parent_folders(...))', async () => {
    const { references, problems } = await scan(LIVE_EXAMPLE_TREE);
    expect(problems).toEqual([]);
    const source = sourceOf(references, UNIT);
    expect(source).toMatchObject({
      kind: 'terragrunt-source',
      position: { file: UNIT, line: 11, column: 12 },
      source: `${MODULES}//modules/mysql?ref=v0.8.0`,
      pin: 'ref',
      ref: 'v0.8.0',
    });
    expect(source.unresolved).toBeUndefined();
    expect(source.target).toEqual({
      type: 'git',
      host: 'github.com',
      repository: 'gruntwork-io/terragrunt-infrastructure-modules-example',
      subdirectory: 'modules/mysql',
    });
  });

  it('says which part is unknown when the included file is not in the tree', async () => {
    const { '_envcommon/mysql.hcl': _, ...withoutEnvcommon } =
      LIVE_EXAMPLE_TREE;
    const { references } = await scan(withoutEnvcommon);
    expect(sourceOf(references, UNIT).unresolved).toEqual({
      expression: '"${include.envcommon.locals.base_source_url}?ref=v0.8.0"',
      reason:
        'uses include.envcommon.locals.base_source_url, include "envcommon" names _envcommon/mysql.hcl, which is not in the scanned tree',
    });
  });

  it('reads the locals of an include only when it sets expose = true, whatever its merge_strategy', async () => {
    const unit = (include: string) => ({
      'live/terragrunt.hcl': `locals {
  modules = "github.com/acme/infrastructure-modules"
}
`,
      'live/prod/app/terragrunt.hcl': `include "root" {
  path = find_in_parent_folders()
${include}
}

terraform {
  source = "\${include.root.locals.modules}//app?ref=v2.1.0"
}
`,
    });
    const exposed = await scan(
      unit('  expose         = true\n  merge_strategy = "deep"'),
    );
    expect(
      sourceOf(exposed.references, 'live/prod/app/terragrunt.hcl'),
    ).toMatchObject({
      source: 'github.com/acme/infrastructure-modules//app?ref=v2.1.0',
      ref: 'v2.1.0',
    });
    const hidden = await scan(unit('  merge_strategy = "no_merge"'));
    expect(
      sourceOf(hidden.references, 'live/prod/app/terragrunt.hcl').unresolved
        ?.reason,
    ).toBe(
      'uses include.root.locals.modules, include "root" does not set expose = true, so its values cannot be read',
    );
  });

  it('follows read_terragrunt_config of a file found by name in the parent folders', async () => {
    const { references } = await scan({
      'live/versions.hcl': `locals {
  vpc = "5.8.1"
}
`,
      'live/prod/vpc/terragrunt.hcl': `locals {
  versions = read_terragrunt_config(find_in_parent_folders("versions.hcl"))
}

terraform {
  source = "tfr:///terraform-aws-modules/vpc/aws?version=\${local.versions.locals.vpc}"
}
`,
    });
    expect(sourceOf(references, 'live/prod/vpc/terragrunt.hcl')).toMatchObject({
      source: 'tfr:///terraform-aws-modules/vpc/aws?version=5.8.1',
      ref: '5.8.1',
      pin: 'constraint',
    });
  });

  it('falls back to the second argument of find_in_parent_folders, and says when nothing is found', async () => {
    const unit = (call: string) => ({
      'live/prod/vpc/terragrunt.hcl': `locals {
  common = read_terragrunt_config(${call})
}

terraform {
  source = "\${local.common.locals.modules}//vpc?ref=v1.0.0"
}
`,
      'live/fallback.hcl': `locals {
  modules = "github.com/acme/modules"
}
`,
    });
    const fallback = await scan(
      unit('find_in_parent_folders("common.hcl", "../../fallback.hcl")'),
    );
    expect(
      sourceOf(fallback.references, 'live/prod/vpc/terragrunt.hcl').source,
    ).toBe('github.com/acme/modules//vpc?ref=v1.0.0');
    const missing = await scan(unit('find_in_parent_folders("common.hcl")'));
    expect(
      sourceOf(missing.references, 'live/prod/vpc/terragrunt.hcl').unresolved
        ?.reason,
    ).toBe(
      'uses find_in_parent_folders("common.hcl") (through local.common), no common.hcl in a folder above live/prod/vpc inside the scanned tree',
    );
  });

  it('resolves get_terragrunt_dir, get_parent_terragrunt_dir and path_relative_to_include to paths of the tree', async () => {
    const { references, problems } = await scan({
      'root.hcl': `locals {
  component = "\${path_relative_to_include()}"
}
`,
      'modules/app/main.tf': '',
      'live/prod/app/terragrunt.hcl': `${exposedInclude(
        'root',
        'find_in_parent_folders("root.hcl")',
      )}
terraform {
  source = "\${get_parent_terragrunt_dir()}/modules//app"
}
`,
      'live/prod/db/terragrunt.hcl': `terraform {
  source = "\${get_terragrunt_dir()}/../../../modules//db"
}
`,
      'live/prod/web/terragrunt.hcl': `${exposedInclude(
        'root',
        `"\${get_repo_root()}/root.hcl"`,
      )}
terraform {
  source = "github.com/acme/modules//\${include.root.locals.component}?ref=v1.0.0"
}
`,
    });
    expect(problems).toEqual([]);
    expect(sourceOf(references, 'live/prod/app/terragrunt.hcl')).toMatchObject({
      source: '../../../modules//app',
      target: { type: 'local', path: 'modules/app' },
    });
    expect(sourceOf(references, 'live/prod/db/terragrunt.hcl')).toMatchObject({
      source: '../../../modules//db',
      target: { type: 'local', path: 'modules/db' },
    });
    expect(sourceOf(references, 'live/prod/web/terragrunt.hcl').source).toBe(
      'github.com/acme/modules//live/prod/web?ref=v1.0.0',
    );
  });

  it('leaves a path function in an included file unknown: it depends on the unit including it', async () => {
    const { references } = await scan({
      'root.hcl': `terraform {
  source = "github.com/acme/modules//\${path_relative_to_include()}?ref=v1.0.0"
}
`,
      'live/app/terragrunt.hcl': `include "root" {
  path = find_in_parent_folders("root.hcl")
}
`,
    });
    expect(sourceOf(references, 'root.hcl').unresolved?.reason).toBe(
      'uses path_relative_to_include(), which depends on the unit that includes the file',
    );
  });

  it('refuses an include or a read outside the tree, naming the path as written', async () => {
    const { references, problems } = await scan({
      'live/prod/app/terragrunt.hcl': `${exposedInclude(
        'root',
        '"../../../../root.hcl"',
      )}
locals {
  secrets = read_terragrunt_config("/etc/terragrunt/secrets.hcl")
}

terraform {
  source = "\${include.root.locals.modules}//app"
}

inputs = {
  password = local.secrets.locals.password
}
`,
    });
    expect(problems).toEqual([
      {
        file: 'live/prod/app/terragrunt.hcl',
        line: 2,
        column: 12,
        message:
          'include "root" points outside the scanned tree (path = "../../../../root.hcl"); not followed',
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('/tmp');
    expect(
      sourceOf(references, 'live/prod/app/terragrunt.hcl').unresolved?.reason,
    ).toBe(
      'uses include.root.locals.modules, include "root" points outside the scanned tree',
    );
  });

  it('reports an include cycle and stops following it', async () => {
    const { references, problems } = await scan({
      'live/a.hcl': `${exposedInclude('b', '"b.hcl"')}
locals {
  modules = include.b.locals.modules
}
`,
      'live/b.hcl': `${exposedInclude('a', '"a.hcl"')}
locals {
  modules = include.a.locals.modules
}
`,
      'live/app/terragrunt.hcl': `${exposedInclude('a', '"../a.hcl"')}
terraform {
  source = "\${include.a.locals.modules}//app"
}
`,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'live/b.hcl',
          line: 2,
          column: 12,
          message:
            'include "a" makes an include cycle: live/app/terragrunt.hcl → live/a.hcl → live/b.hcl → live/a.hcl; not followed',
        },
      ]),
    );
    expect(
      sourceOf(references, 'live/app/terragrunt.hcl').unresolved?.reason,
    ).toContain('include cycle');
  });

  it('resolves the locals of a stack file that reads a file of the tree', async () => {
    const { references } = await scan({
      'live/catalog.hcl': `locals {
  units = "git::https://github.com/acme/platform-units.git"
  ref   = "v1.2.0"
}
`,
      'live/prod/terragrunt.stack.hcl': `locals {
  catalog = read_terragrunt_config(find_in_parent_folders("catalog.hcl"))
}

unit "vpc" {
  source = "\${local.catalog.locals.units}//units/vpc?ref=\${local.catalog.locals.ref}"
  path   = "vpc"
}
`,
    });
    expect(
      sourceOf(references, 'live/prod/terragrunt.stack.hcl'),
    ).toMatchObject({
      name: 'github.com/acme/platform-units//units/vpc',
      ref: 'v1.2.0',
    });
  });

  it('resolves values.* in a unit of the tree from the stacks that use it, when they agree', async () => {
    const unit = `terraform {
  source = "git::https://github.com/acme/modules.git//app?ref=\${values.version}"
}
`;
    const stack = (version: string) => `unit "app" {
  source = "\${get_repo_root()}/units/app"
  path   = "app"
  values = {
    version = "${version}"
  }
}
`;
    const agreeing = await scan({
      'units/app/terragrunt.hcl': unit,
      'live/prod/terragrunt.stack.hcl': stack('v1.4.0'),
      'live/staging/terragrunt.stack.hcl': stack('v1.4.0'),
    });
    expect(
      sourceOf(agreeing.references, 'units/app/terragrunt.hcl'),
    ).toMatchObject({ ref: 'v1.4.0', pin: 'ref' });
    const differing = await scan({
      'units/app/terragrunt.hcl': unit,
      'live/prod/terragrunt.stack.hcl': stack('v1.4.0'),
      'live/staging/terragrunt.stack.hcl': stack('v1.5.0'),
    });
    expect(
      sourceOf(differing.references, 'units/app/terragrunt.hcl').unresolved
        ?.reason,
    ).toBe(
      'uses values.version, a value the 2 stacks using the unit set differently',
    );
  });
});
