import type {
  InterfaceDiff,
  Reference,
} from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { createPatch } from 'diff';
import type { ChangedFile } from '../hosts/git/commitChange';
import { editPin, PinTarget } from './editPin';

/**
 * A reference the upgrade cannot change safely: a person must.
 *
 * @public
 */
export interface UpgradeRefusal {
  file: string;
  line: number;
  reason: string;
}

/**
 * What upgrading the references of one module in one repository takes.
 *
 * @public
 */
export interface UpgradePlan {
  /** The files with their whole new content; empty when nothing could be changed. */
  files: ChangedFile[];
  /** A unified diff per changed file, for the preview and the change's description. */
  patches: Array<{ file: string; patch: string }>;
  needsPerson: UpgradeRefusal[];
  /** New required inputs no value was given for: marked in the file, refused by the call check. */
  missingInputs: string[];
  notes: string[];
}

/**
 * Options of {@link planUpgrade}.
 *
 * @public
 */
export interface PlanUpgradeOptions {
  /** The files the references are in, as read at the scanned commit. */
  files: ChangedFile[];
  /** The references to move: those of one module, in the chosen environments. */
  references: Reference[];
  target: PinTarget;
  /** The module's name, as the change's comments name it. */
  module: string;
  /** The interface diff from the release a reference pins to the target, when known. */
  diffFor?: (reference: Reference) => InterfaceDiff | undefined;
  /** Values for the inputs the upgrade needs, by input name; any JSON value. */
  inputs?: Record<string, unknown>;
  /** Encodes an input's value for HCL (the one encoder every generated file uses). */
  hclValue: (value: unknown, where: string) => string;
  extractors: ReferenceExtractor[];
}

const ATTRIBUTE = /^(\s*)([A-Za-z_][\w-]*)\s*=/;
/** A line that closes a top-level block, as `terraform fmt` writes it. */
const BLOCK_END = /^}\s*$/;

/** The lines of the module block around `line` (1-based): its first body line and its `}`. */
function blockAround(
  lines: string[],
  line: number,
): { start: number; end: number } | undefined {
  let start = line - 1;
  while (start > 0 && !/^module\s/.test(lines[start])) {
    start -= 1;
  }
  if (!/^module\s/.test(lines[start] ?? '')) {
    return undefined;
  }
  for (let end = line - 1; end < lines.length; end++) {
    if (BLOCK_END.test(lines[end])) {
      return { start, end };
    }
  }
  return undefined;
}

/** Whether a line holds a whole attribute: its brackets and quotes close on the same line. */
function isWholeLine(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) break;
    else if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) depth -= 1;
  }
  return depth === 0 && !quoted && !/<<-?\w+\s*$/.test(text);
}

/**
 * Plans the upgrade of one module's references in one repository: each pin moved with
 * {@link editPin}; for a Terraform module call whose upgrade is breaking, the inputs it needs
 * are added (with the given values, or as a marked line a person must fill in, which the call
 * check refuses until they do) and the inputs the new release removed are taken out. What
 * cannot be done safely is listed in `needsPerson`, with the reason.
 *
 * @public
 */
export function planUpgrade(options: PlanUpgradeOptions): UpgradePlan {
  const { target, extractors, module } = options;
  const contents = new Map(options.files.map(f => [f.path, f.content]));
  const plan: UpgradePlan = {
    files: [],
    patches: [],
    needsPerson: [],
    missingInputs: [],
    notes: [],
  };
  const inputEdits: Array<{ file: string; line: number; apply: () => void }> =
    [];
  for (const reference of options.references) {
    const { file, line } = reference.position;
    const content = contents.get(file);
    if (content === undefined) {
      plan.needsPerson.push({ file, line, reason: `${file} was not read` });
      continue;
    }
    const edited = editPin({
      path: file,
      content,
      reference,
      target,
      extractors,
    });
    if (!edited.ok) {
      plan.needsPerson.push({ file, line, reason: edited.reason });
      continue;
    }
    contents.set(file, edited.content);
    for (const note of edited.notes) {
      if (!plan.notes.includes(note)) plan.notes.push(note);
    }
    const diff = options.diffFor?.(reference);
    if (diff && reference.kind === 'terraform-module') {
      inputEdits.push({
        file,
        line,
        apply: () => changeInputs(reference, diff),
      });
    }
  }

  /** Adds what the call needs and removes what the release removed, in the call's block. */
  function changeInputs(reference: Reference, diff: InterfaceDiff) {
    const { file, line } = reference.position;
    const lines = contents.get(file)!.split('\n');
    const block = blockAround(lines, line);
    const set = new Set(reference.call?.arguments.map(a => a.name) ?? []);
    const needed = diff.changes.filter(
      change =>
        ((change.change === 'input-added' && change.required) ||
          change.change === 'input-became-required') &&
        !set.has(change.name),
    );
    const removed = diff.changes.filter(
      change => change.change === 'input-removed' && set.has(change.name),
    );
    if (needed.length + removed.length === 0) {
      return;
    }
    if (!block) {
      plan.needsPerson.push({
        file,
        line,
        reason: `the module block around line ${line} is not laid out as terraform fmt writes it; a person must add ${needed
          .map(c => c.name)
          .join(', ')} and remove ${removed.map(c => c.name).join(', ')}`,
      });
      return;
    }
    const indent =
      lines
        .slice(block.start + 1, block.end)
        .map(text => ATTRIBUTE.exec(text)?.[1])
        .find(Boolean) ?? '  ';
    // Removed inputs first, from the bottom up, so the line numbers above stay right.
    let end = block.end;
    for (let i = end - 1; i > block.start; i--) {
      const name = ATTRIBUTE.exec(lines[i])?.[2];
      if (!removed.some(change => change.name === name)) {
        continue;
      }
      if (!isWholeLine(lines[i])) {
        plan.needsPerson.push({
          file,
          line: i + 1,
          reason: `${name} was removed in ${module} ${target.version}, and its value spans several lines; a person must remove it`,
        });
        continue;
      }
      lines.splice(i, 1);
      end -= 1;
    }
    // New inputs last in the block, their `=` aligned with the attribute above as fmt does.
    const above = ATTRIBUTE.exec(lines[end - 1] ?? '');
    const equals = above ? lines[end - 1].indexOf('=') : -1;
    const added = needed.map(change => {
      const given = options.inputs?.[change.name];
      if (given === undefined) {
        if (!plan.missingInputs.includes(change.name)) {
          plan.missingInputs.push(change.name);
        }
        return `${indent}# platform upgrade: set ${change.name}, required by ${module} ${target.version}`;
      }
      const name = change.name.padEnd(equals - indent.length - 1);
      return `${indent}${name} = ${options.hclValue(
        given,
        `${module}.${change.name}`,
      )}`;
    });
    lines.splice(end, 0, ...added);
    contents.set(file, lines.join('\n'));
  }

  // Blocks lower in a file first, so the positions of those above stay where the scan found them.
  inputEdits
    .sort((a, b) => a.file.localeCompare(b.file) || b.line - a.line)
    .forEach(edit => edit.apply());
  for (const file of options.files) {
    const content = contents.get(file.path)!;
    if (content !== file.content) {
      plan.files.push({ path: file.path, content });
      plan.patches.push({
        file: file.path,
        patch: createPatch(file.path, file.content, content, '', ''),
      });
    }
  }
  return plan;
}
