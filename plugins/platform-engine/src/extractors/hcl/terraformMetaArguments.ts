/** Arguments Terraform gives every module block; they are not the module's inputs. */
export const TERRAFORM_META_ARGUMENTS: ReadonlySet<string> = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'depends_on',
]);
