import {
  normalizeVersion,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import { lexer } from 'marked';

/** The longest section kept for one release; notes, not a place to store files. */
const MAX_SECTION_CHARS = 16_000;

/**
 * The first word of a heading, which names a release: `## 2.1.0`, `## v2.1.0`, `## vpc/v2.1.0`
 * (its tag), `## [2.1.0] - 2025-01-31` (Keep a Changelog), `## [2.1.0](https://…)` (release-please).
 */
const FIRST_WORD = /^\[?([^\s\]()]+)/;

function headingVersion(text: string, tagPattern: string): string | undefined {
  const word = FIRST_WORD.exec(text.trim())?.[1];
  if (!word) {
    return undefined;
  }
  return (
    normalizeVersion(word) ?? parseTagVersion(word, tagPattern) ?? undefined
  );
}

/**
 * The section of each release in a CHANGELOG.md, by version (normalised, without `v`): the
 * Markdown under the heading that names the version or its tag (under `tagPattern`), up to the
 * next heading of the same or a higher level. Headings inside code blocks are code, not
 * sections: the file is read by a Markdown parser, not line by line.
 */
export function changelogSections(
  markdown: string,
  tagPattern: string,
): Map<string, string> {
  const tokens = lexer(markdown);
  const sections = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const heading = tokens[i];
    if (heading.type !== 'heading') {
      continue;
    }
    const version = headingVersion(heading.text, tagPattern);
    if (!version || sections.has(version)) {
      continue;
    }
    let body = '';
    for (let j = i + 1; j < tokens.length; j++) {
      const token = tokens[j];
      if (token.type === 'heading' && token.depth <= heading.depth) {
        break;
      }
      body += token.raw;
    }
    const text = body.trim();
    if (text) {
      sections.set(
        version,
        text.length > MAX_SECTION_CHARS
          ? `${text.slice(0, MAX_SECTION_CHARS)}…`
          : text,
      );
    }
  }
  return sections;
}
