/**
 * The part of a Helm repository index that can hold one chart's versions, so that only it is
 * parsed: a large repository's index is tens of megabytes, nearly all of it other charts, and
 * parsing it whole holds the process for a minute.
 *
 * `helm repo index` writes a top-level `entries:` with one key per chart indented under it; the
 * chart's key and every line under it is the section, as a document of its own (`entries:` and
 * that key). `no-chart` when the index has that layout without the chart; `other-layout` when it is
 * written some other way (flow style, JSON), which only a parse of the whole index can read.
 */
export function helmIndexSection(
  text: string,
  chart: string,
): string | 'no-chart' | 'other-layout' {
  const from = (pattern: RegExp, start: number) => {
    pattern.lastIndex = start;
    return pattern.exec(text);
  };
  const entries = from(/^entries:[ \t]*\r?$/gm, 0);
  if (!entries) {
    return 'other-layout';
  }
  const body = entries.index + entries[0].length;
  // The charts are indented as the first line under `entries:` that is not blank or a comment.
  const first = from(/^( *)[^\s#]/gm, body);
  const indent = first?.[1].length ?? 0;
  if (indent === 0) {
    return 'other-layout';
  }
  const end = from(/^[^\s#]/gm, body)?.index ?? text.length;
  // A chart name has only letters, digits, `.`, `_` and `-`; the dot is the one to escape. Its
  // versions follow on the lines below the key, or on the key's line in flow style.
  const name = chart.replace(/\./g, '\\.');
  const key = from(
    new RegExp(
      `^ {${indent}}(?:${name}|"${name}"|'${name}')[ \\t]*:(?:[ \\t].*)?$`,
      'gm',
    ),
    body,
  );
  if (!key || key.index > end) {
    return 'no-chart';
  }
  // The section ends at the next line indented no deeper than the key, other than the key's own
  // list items (`- `), which `helm repo index` writes at the key's indentation.
  const next = from(
    new RegExp(`^ {0,${indent}}[^ \\t\\r\\n#-]`, 'gm'),
    key.index + key[0].length,
  );
  return `entries:\n${text.slice(key.index, next?.index ?? text.length)}`;
}
