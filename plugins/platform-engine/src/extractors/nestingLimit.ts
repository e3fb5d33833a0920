/**
 * Deepest nesting of YAML collections and HCL expressions that is read, in manifests and scanned
 * files alike: their readers recurse once per level, and far deeper input overflows the stack.
 */
export const MAX_NESTING_DEPTH = 100;
