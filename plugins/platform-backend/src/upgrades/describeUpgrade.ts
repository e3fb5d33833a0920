import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  InterfaceChange,
  PlatformUpgradeNotes,
} from '@platform-portal/plugin-platform-common';
import type { UpgradeRefusal } from '@platform-portal/plugin-platform-engine';
import semver from 'semver';

/** The upgrade notes of one major, as a web page of the platform repository or a file at a tag. */
export interface UpgradeNotesLink {
  major: number;
  path: string;
  tag: string;
  /** A web page of the file at the tag; absent when the repository's host has none. */
  url?: string;
}

/** What the description of one service's upgrade is made from. */
export interface UpgradeFacts {
  entityRef: string;
  module: string;
  version: string;
  environment?: string;
  /** Each pin moved, as the scan found it. */
  pins: Array<{ file: string; line: number; from: string }>;
  /** The interface changes from each pinned release to the target, by pinned release. */
  changes: Array<{ from: string; changes: InterfaceChange[] }>;
  missingInputs: string[];
  needsPerson: UpgradeRefusal[];
  /** Deprecation messages of the releases pinned now. */
  deprecations: string[];
  /** Upgrade notes of the majors the upgrade moves into. */
  upgradeNotes?: UpgradeNotesLink[];
  notes: string[];
}

/** A path or ref with each segment URL-encoded and its slashes kept. */
function encodeSegments(text: string): string {
  return text.split('/').map(encodeURIComponent).join('/');
}

/**
 * The upgrade notes a person reads before taking the upgrade: those of every major above the
 * lowest pinned one, up to the target's (the target's alone when no pin has a version), each at
 * the target's tag. A GitHub platform repository gets links to the files; any other host (a
 * local repository of the demo) gets the path and tag in words, since no page would open.
 */
export function upgradeNotesOf(options: {
  notes?: PlatformUpgradeNotes[];
  from: string[];
  version: string;
  tag: string;
  /** The platform repository's URL as its host reads it (after rewrites). */
  repositoryUrl?: string;
  integrations?: ScmIntegrationRegistry;
}): UpgradeNotesLink[] {
  const target = semver.major(options.version);
  const majors = options.from
    .flatMap(version => (semver.valid(version) ? [semver.major(version)] : []))
    .sort((a, b) => a - b);
  const lowest = majors.length ? majors[0] : target - 1;
  const url = options.repositoryUrl;
  const web =
    url &&
    /^https?:\/\//.test(url) &&
    options.integrations?.byUrl(url)?.type === 'github'
      ? url.replace(/\.git\/?$|\/$/, '')
      : undefined;
  return (options.notes ?? [])
    .filter(note => note.major > lowest && note.major <= target)
    .map(note => ({
      major: note.major,
      path: note.path,
      tag: options.tag,
      ...(web && {
        url: `${web}/blob/${encodeSegments(options.tag)}/${encodeSegments(
          note.path,
        )}`,
      }),
    }));
}

/** Text as inline code that no backtick in it can end early. */
function code(text: string): string {
  const ticks = '`'.repeat(
    Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length)) + 1,
  );
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * Text from a repository or a manifest on one line, after a list marker or in a table cell, so
 * that it cannot start a block of its own or end the cell.
 */
function line(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

/** The title of the change: what moves where. */
export function upgradeTitle(facts: {
  module: string;
  version: string;
  environment?: string;
}): string {
  return `Upgrade ${facts.module} to ${facts.version}${
    facts.environment ? ` in ${facts.environment}` : ''
  }`;
}

/**
 * The change's description in Markdown: the pins it moves, what the new release breaks and adds,
 * the inputs a person must still give, the upgrade notes of the majors it crosses, the deprecation
 * of the release pinned now, and a link to the module page's comparison of the two releases.
 */
export function describeUpgrade(facts: UpgradeFacts): string {
  const { module, version } = facts;
  const out: string[] = [
    `Moves platform module **${line(module)}** to **${line(
      version,
    )}** in ${code(facts.entityRef)}${
      facts.environment ? ` (environment ${code(facts.environment)})` : ''
    }.`,
    '',
    '| File | Line | From | To |',
    '| --- | --- | --- | --- |',
    ...facts.pins.map(
      pin =>
        // GitHub ends a cell at a pipe even in code, unless it is escaped.
        `| ${code(pin.file).replace(/\|/g, '\\|')} | ${pin.line} | ${line(
          pin.from,
        )} | ${line(version)} |`,
    ),
  ];
  for (const { from, changes } of facts.changes) {
    const link = `/platform/modules/${encodeURIComponent(
      module,
    )}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(version)}`;
    const breaking = changes.filter(c => c.breaking);
    const other = changes.filter(c => !c.breaking);
    out.push('', `### From ${line(from)}`, '');
    if (changes.length === 0) {
      out.push('The interface is the same: a version bump only.');
    }
    if (breaking.length) {
      out.push(
        '**Breaking:**',
        '',
        ...breaking.map(c => `- ${line(c.message)}`),
        '',
      );
    }
    if (other.length) {
      out.push(
        'Other changes:',
        '',
        ...other.map(c => `- ${line(c.message)}`),
        '',
      );
    }
    out.push(`[Compare ${line(from)} and ${line(version)}](${link})`);
  }
  if (facts.missingInputs.length) {
    out.push(
      '',
      '### Inputs to fill in',
      '',
      `The new release requires ${facts.missingInputs
        .map(code)
        .join(
          ', ',
        )}; the change marks where with a \`# platform upgrade: set …\` line, and the platform's call check refuses the call until a value is set.`,
    );
  }
  if (facts.needsPerson.length) {
    out.push(
      '',
      '### Needs a person',
      '',
      ...facts.needsPerson.map(
        r => `- ${code(r.file)} line ${r.line}: ${line(r.reason)}`,
      ),
    );
  }
  if (facts.upgradeNotes?.length) {
    out.push(
      '',
      '### Upgrade notes',
      '',
      ...facts.upgradeNotes.map(note =>
        note.url
          ? `- Major ${note.major}: [${code(note.path)} at ${code(
              note.tag,
            )}](<${note.url}>)`
          : `- Major ${note.major}: ${code(note.path)} at tag ${code(
              note.tag,
            )} of the platform repository`,
      ),
    );
  }
  if (facts.deprecations.length) {
    out.push(
      '',
      '### Deprecated',
      '',
      ...facts.deprecations.map(message => `> ${line(message)}`),
    );
  }
  if (facts.notes.length) {
    out.push('', '### Notes', '', ...facts.notes.map(n => `- ${line(n)}`));
  }
  out.push('', '_Opened by the Platform Portal._', '');
  return out.join('\n');
}
