import { createLazyTerraformExtractor } from './hcl/terraformExtractor';
import { createLazyTerragruntExtractor } from './hcl/terragruntExtractor';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { yamlExtractors } from './yaml/yamlExtractors';
import { extractorsStarted } from '../scanner/extractorStart';

/**
 * Every built-in extractor with default options, as {@link createDefaultExtractors} gives them,
 * for {@link scanTree} only: the HCL ones before their parser has loaded its WebAssembly, which
 * scanTree starts when its walk finds the first Terraform or Terragrunt file. A tree without one
 * never loads it.
 *
 * @public
 */
export function createLazyDefaultExtractors(): ReferenceExtractor[] {
  return [
    createLazyTerraformExtractor(),
    createLazyTerragruntExtractor(),
    ...yamlExtractors,
  ];
}

/**
 * Every built-in extractor with default options: Terraform, Terragrunt and the YAML ones.
 * Async because the HCL parser loads its WebAssembly grammar first.
 *
 * @public
 */
export async function createDefaultExtractors(): Promise<ReferenceExtractor[]> {
  const extractors = createLazyDefaultExtractors();
  await extractorsStarted(extractors);
  return extractors;
}
