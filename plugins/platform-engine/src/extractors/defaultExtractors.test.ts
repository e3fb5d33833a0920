import { scanFixtureTree } from '../scanner/treePasses/__testUtils__/scanFixtureTree';
import {
  createDefaultExtractors,
  createLazyDefaultExtractors,
} from './defaultExtractors';
import { Parser } from 'web-tree-sitter';

const WORKFLOW = `on: push
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0
`;

const MODULE = `module "vpc" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"
}
`;

describe('createLazyDefaultExtractors', () => {
  // First in this file, before anything has loaded the HCL parser (once per thread).
  const parserStarts = jest.spyOn(Parser, 'init');

  it('gives a scan of a tree without Terraform or Terragrunt files without loading the HCL parser', async () => {
    const result = await scanFixtureTree(
      { '.github/workflows/ci.yml': WORKFLOW },
      createLazyDefaultExtractors(),
    );
    expect(result.references.map(r => r.ref)).toEqual(['v3.2.0']);
    expect(parserStarts).not.toHaveBeenCalled();
  });

  it('loads the HCL parser for a tree with a Terraform file, and reads the file with it', async () => {
    const result = await scanFixtureTree(
      { '.github/workflows/ci.yml': WORKFLOW, 'infra/main.tf': MODULE },
      createLazyDefaultExtractors(),
    );
    expect(result.references.map(r => r.ref)).toEqual(['v3.2.0', 'vpc/v1.2.0']);
    expect(result.problems).toEqual([]);
    expect(parserStarts).toHaveBeenCalledTimes(1);
  });
});

describe('createDefaultExtractors', () => {
  it('returns the HCL and YAML extractors with distinct ids', async () => {
    const extractors = await createDefaultExtractors();
    const ids = extractors.map(extractor => extractor.id);
    expect(ids.slice(0, 2)).toEqual(['terraform', 'terragrunt']);
    expect(ids).toContain('github-actions');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
