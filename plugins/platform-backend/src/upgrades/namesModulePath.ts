/**
 * Whether a module source spells the module's path as a whole subdirectory
 * (`git::https://…/platform.git//modules/vpc?ref=…`): `modules/vpc` is not named by
 * `//modules/vpc-extra`.
 */
export function namesModulePath(source: string, modulePath: string): boolean {
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`//${escaped}(?:[?/"]|$)`).test(source);
}
