import { createTerraformExtractor } from './hcl/terraformExtractor';
import { createTerragruntExtractor } from './hcl/terragruntExtractor';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { yamlExtractors } from './yaml/yamlExtractors';

/**
 * Every built-in extractor with default options: Terraform, Terragrunt and the YAML ones.
 * Async because the HCL parser loads its WebAssembly grammar first.
 *
 * @public
 */
export async function createDefaultExtractors(): Promise<ReferenceExtractor[]> {
  const [terraform, terragrunt] = await Promise.all([
    createTerraformExtractor(),
    createTerragruntExtractor(),
  ]);
  return [terraform, terragrunt, ...yamlExtractors];
}
