import {
  Reference,
  ReferenceKind,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { versionFromComment } from '../yaml/githubActionsExtractor';
import { HclAttribute, HclSyntaxError } from './hclDocument';
import { parseModuleSource, redactModuleSource } from './parseModuleSource';
import { HclResolveContext, resolveHclString } from './resolveHclString';

/**
 * Builds the reference for a `source` attribute (and the `version` of a module block), resolving
 * same-file locals. A source that is not literal after substitution still becomes a reference,
 * with `unresolved` and no target, so that it is reported rather than silently lost.
 */
export function sourceReference(options: {
  kind: ReferenceKind;
  file: string;
  source: HclAttribute;
  version?: HclAttribute;
  context: HclResolveContext;
}): Reference {
  const { kind, file, source, version, context } = options;
  const position = { file, line: source.line, column: source.column };
  const resolved = resolveHclString(source.value, context);
  if (!resolved.resolved) {
    const partial = redactModuleSource(resolved.partial);
    return {
      kind,
      position,
      source: partial,
      name: partial,
      pin: 'none',
      unresolved: {
        expression: redactModuleSource(source.value.text),
        reason: resolved.reason,
      },
    };
  }
  const versionValue = version && resolveHclString(version.value, context);
  const parsed = parseModuleSource(resolved.value, {
    file,
    version: versionValue?.resolved ? versionValue.value : undefined,
  });
  const reference: Reference = {
    kind,
    position,
    source: redactModuleSource(resolved.value),
    name: parsed.name,
    pin: parsed.pin,
  };
  if (parsed.target) {
    reference.target = parsed.target;
  }
  if (parsed.ref !== undefined) {
    reference.ref = parsed.ref;
  }
  if (parsed.pin === 'sha') {
    const commentVersion = versionFromComment(source.comment);
    if (commentVersion) {
      reference.commentVersion = commentVersion;
    }
  }
  // Only registry modules read `version`; for git sources Terraform ignores it.
  if (
    version &&
    versionValue &&
    !versionValue.resolved &&
    parsed.target?.type === 'terraform-registry'
  ) {
    reference.unresolved = {
      expression: version.value.text,
      reason: `the version ${versionValue.reason}`,
    };
  }
  return reference;
}

/** Syntax errors as scan problems. */
export function syntaxProblems(
  file: string,
  errors: HclSyntaxError[],
): ScanProblem[] {
  return errors.map(error => ({ file, ...error }));
}
