import type { Reference } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { scanFiles } from '../scanner/scanFiles';
import { releaseLabel } from '../resolution/resolveCrossplane';

/**
 * The release a pin moves to.
 *
 * @public
 */
export interface PinTarget {
  /** The release's version, e.g. `2.1.1`. */
  version: string;
  /** Its tag, e.g. `vpc/v2.1.1`. */
  tag: string;
  /** The full SHA of the commit the tag points at. */
  commit: string;
}

/**
 * What {@link editPin} did: the whole new file, and the one line before and after, for a preview.
 *
 * @public
 */
export type PinEdit =
  | {
      ok: true;
      content: string;
      line: number;
      before: string;
      after: string;
      /** What the person opening the change should know, e.g. that `Chart.lock` is stale. */
      notes: string[];
    }
  | { ok: false; reason: string };

// `~> 1.2`, `>= 1.2.0`, `^1.2`, `=1.2.3`, `v1.2.3`, `1.2`: one comparator, one version.
const SINGLE_CONSTRAINT =
  /^(\s*)(~>|>=|<=|=|\^|~|>|<)?(\s*)(v?)(\d+(?:\.\d+){0,2})(\s*)$/;
const SHA = /^[0-9a-f]{7,40}$/i;
// A release label: what precedes the version (a `v`, a tag's prefix) and the version.
const LABEL_VERSION = /^(.*?)(\d+(?:\.\d+){0,2})$/;
// A version in a trailing comment, as pinning tools write it: `# v1.2.3`, `# tag=v1.2.3`.
const COMMENT_VERSION =
  /(#[^\n]*?\bv?)(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)/;

function refusal(reason: string): PinEdit {
  return { ok: false, reason };
}

/** The version with the precision the author wrote: `2.1.1` as `2.1` where they wrote `1.2`. */
function withPrecision(version: string, components: number): string {
  return version.split('.').slice(0, components).join('.');
}

/** A constraint moved to the target, keeping its operator, spacing and precision. */
function editConstraint(text: string, target: string): string | undefined {
  const match = SINGLE_CONSTRAINT.exec(text);
  if (!match) {
    return undefined;
  }
  const [, lead, operator = '', gap, v, version, trail] = match;
  if (operator.startsWith('<') || operator === '>') {
    // `< 2.0` does not say where to go; a person picks the new bound.
    return undefined;
  }
  const precision = version.split('.').length;
  return `${lead}${operator}${gap}${v}${withPrecision(
    target,
    precision,
  )}${trail}`;
}

/**
 * A release label moved to the target in the form written, with the precision written: a version
 * or release line (`v1.4.0`, `1.4`), the release's tag (`postgresql/v1.4.0`) or that tag as a
 * label value (`postgresql-v1.4.0`). Undefined when the label names none of these.
 */
function movedReleaseLabel(old: string, target: PinTarget): string | undefined {
  const match = LABEL_VERSION.exec(old);
  if (!match) {
    return undefined;
  }
  const [, prefix, written] = match;
  const tagPrefix = target.tag.endsWith(target.version)
    ? target.tag.slice(0, -target.version.length)
    : undefined;
  const forms = ['', 'v'];
  if (tagPrefix) {
    forms.push(tagPrefix, releaseLabel(tagPrefix));
  }
  return forms.includes(prefix)
    ? `${prefix}${withPrecision(target.version, written.split('.').length)}`
    : undefined;
}

/**
 * The text that replaces a YAML scalar's value, encoded for how it is written: inside quotes it
 * is escaped for that style, a plain scalar becomes a double-quoted string, since a label value
 * such as `2.0` unquoted would be read as a number.
 */
function yamlScalarText(
  line: string,
  start: number,
  old: string,
  text: string,
) {
  const quote = line[start - 1];
  if ((quote === '"' || quote === "'") && line[start + old.length] === quote) {
    return quote === "'"
      ? { start, end: start + old.length, text: text.replace(/'/g, "''") }
      : {
          start,
          end: start + old.length,
          text: JSON.stringify(text).slice(1, -1),
        };
  }
  return { start, end: start + old.length, text: JSON.stringify(text) };
}

/**
 * The new pin text for the old one: a tag becomes the target's tag, a SHA the target's commit
 * (as long as the old one was), a constraint keeps its operator and precision.
 */
function newPinText(
  reference: Reference,
  target: PinTarget,
): string | { refused: string } {
  const old = reference.ref!;
  if (reference.kind === 'crossplane-composition-ref') {
    // A revision label can hold a release; a revision name or a channel is Crossplane's own
    // name for one revision or a stream of them, which no release version can be turned into.
    if (reference.revisionSelection?.revisionRef?.name === old) {
      return {
        refused: `the composition is held to the revision "${old}" by name, and Crossplane names the revision of a release; a person must choose the revision of ${target.version}`,
      };
    }
    return (
      movedReleaseLabel(old, target) ?? {
        refused: `the composition is pinned by "${old}", a revision name or channel rather than a release of ${target.tag}; a person must choose the revision of ${target.version}`,
      }
    );
  }
  if (reference.pin === 'sha' && SHA.test(old)) {
    return target.commit.slice(0, old.length);
  }
  if (reference.pin === 'constraint') {
    return (
      editConstraint(old, target.version) ?? {
        refused: `the version constraint "${old}" is not a single version or lower bound; a person must choose the new range`,
      }
    );
  }
  if (reference.target && reference.target.type !== 'git') {
    // Registries name releases by version, not by the platform's git tag: keep the author's `v`.
    return `${old.startsWith('v') ? 'v' : ''}${target.version}`;
  }
  return target.tag;
}

/** Where the version text is: the line of the reference, or a registry module's `version` line. */
function findPinSpan(
  lines: string[],
  reference: Reference,
  old: string,
): { line: number; start: number } | undefined {
  const { line, column } = reference.position;
  const fromLine = (index: number, from: number) => {
    const text = lines[index];
    if (text === undefined) {
      return undefined;
    }
    let start = text.indexOf(old, from);
    while (start >= 0) {
      const before = text[start - 1] ?? '';
      const after = text[start + old.length] ?? '';
      // A whole token: `v1.2` must not match inside `v1.2.3`.
      if (!/[\w.]/.test(after) && !/[\w]/.test(before)) {
        return { line: index + 1, start };
      }
      start = text.indexOf(old, start + 1);
    }
    return undefined;
  };
  const onLine = fromLine(line - 1, Math.max(0, column - 1));
  if (onLine || reference.target?.type !== 'terraform-registry') {
    return onLine;
  }
  // A registry module's constraint is its `version` attribute, a few lines below `source`.
  for (let index = line; index < Math.min(lines.length, line + 50); index++) {
    if (/^\s*}/.test(lines[index])) {
      break;
    }
    if (/^\s*version\s*=/.test(lines[index])) {
      return fromLine(index, lines[index].indexOf('='));
    }
  }
  return undefined;
}

function sameReference(a: Reference, b: Reference): boolean {
  return (
    a.kind === b.kind &&
    a.position.line === b.position.line &&
    a.position.column === b.position.column
  );
}

function withoutPin(reference: Reference): string {
  // A claim's revision selection holds the label that is the pin.
  const { ref, commentVersion, source, revisionSelection, ...rest } = reference;
  return JSON.stringify(rest);
}

/**
 * Moves one pinned reference of a file to a target release, changing only the version text (and
 * the version in a SHA pin's trailing comment), so the rest of the file stays byte for byte as
 * it was. The edit is checked by scanning the new file with the same extractors: the reference
 * must now pin the target and every other reference must be unchanged; anything else is refused
 * with the reason, as is a pin the engine cannot edit safely (built from an expression, held in a
 * variable, a range constraint, no pin at all).
 *
 * @public
 */
export function editPin(options: {
  path: string;
  content: string;
  reference: Reference;
  target: PinTarget;
  extractors: ReferenceExtractor[];
}): PinEdit {
  const { path, content, reference, target, extractors } = options;
  if (reference.unresolved) {
    return refusal(
      `the source is built from an expression (${reference.unresolved.expression}); a person must change it`,
    );
  }
  if (reference.pin === 'none' || !reference.ref) {
    return refusal(
      'the reference pins no version; a person must choose how to pin it',
    );
  }
  const replacement = newPinText(reference, target);
  if (typeof replacement !== 'string') {
    return refusal(replacement.refused);
  }
  if (replacement === reference.ref) {
    return refusal(
      `"${reference.ref}" already pins ${target.version}; there is nothing to change`,
    );
  }
  const lines = content.split('\n');
  const span = findPinSpan(lines, reference, reference.ref);
  if (!span) {
    return refusal(
      `"${reference.ref}" is not written at ${path}:${reference.position.line}; it is held elsewhere (a variable or local), which a person must change`,
    );
  }
  const index = span.line - 1;
  const before = lines[index];
  const edit =
    reference.kind === 'crossplane-composition-ref'
      ? yamlScalarText(before, span.start, reference.ref, replacement)
      : {
          start: span.start,
          end: span.start + reference.ref.length,
          text: replacement,
        };
  let after = before.slice(0, edit.start) + edit.text + before.slice(edit.end);
  const notes: string[] = [];
  if (reference.pin === 'sha') {
    const tail = after.slice(span.start + replacement.length);
    const comment = COMMENT_VERSION.exec(tail);
    if (comment) {
      const at = span.start + replacement.length + comment.index;
      const written = comment[2];
      const version = written.includes('.')
        ? withPrecision(target.version, written.split('.').length)
        : target.version;
      after =
        after.slice(0, at + comment[1].length) +
        version +
        after.slice(at + comment[1].length + written.length);
    }
  }
  if (reference.kind === 'helm-dependency') {
    notes.push(
      'Run `helm dependency update` where the chart has a Chart.lock: it still names the old version.',
    );
  }
  lines[index] = after;
  const edited = lines.join('\n');
  const problem = verify(path, content, edited, reference, extractors);
  if (problem) {
    return refusal(problem);
  }
  return { ok: true, content: edited, line: span.line, before, after, notes };
}

/** Why the edited file does not scan as the same file with only this pin moved, if it does not. */
function verify(
  path: string,
  original: string,
  edited: string,
  reference: Reference,
  extractors: ReferenceExtractor[],
): string | undefined {
  const scan = (text: string) =>
    scanFiles([{ path, content: Buffer.from(text, 'utf8') }], { extractors })
      .references;
  const before = scan(original);
  const after = scan(edited);
  if (before.length !== after.length) {
    return `the edit changed how many references ${path} has; refused`;
  }
  for (let i = 0; i < before.length; i++) {
    const was = before[i];
    const now = after[i];
    if (sameReference(was, reference)) {
      if (now.ref === was.ref || withoutPin(now) !== withoutPin(was)) {
        return `the edit did not move only the pin at ${path}:${reference.position.line}; refused`;
      }
    } else if (JSON.stringify(was) !== JSON.stringify(now)) {
      return `the edit would change another reference at ${path}:${was.position.line}; refused`;
    }
  }
  return undefined;
}
