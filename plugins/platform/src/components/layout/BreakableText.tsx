import { Fragment } from 'react';

/** Where a path or address may wrap: after its slashes and query separators. */
const SEPARATORS = /([/?&#]+)/;

/**
 * Whatever the page around says (Backstage's entity pages let words break anywhere to fit), a
 * name is not broken: a table then gives the column the width of its longest name instead of
 * squeezing it to a few letters a line.
 */
const KEEP_NAMES_WHOLE = {
  overflowWrap: 'normal',
  wordBreak: 'normal',
} as const;

/**
 * A file path or a URL that may wrap after its separators (`infra/environments/` then
 * `prod/main.tf:22`) but never inside a name, as `word-break: break-all` would.
 */
export function BreakableText(props: { children: string }) {
  // With a capturing group, split puts the separators at the odd indexes.
  const parts = props.children.split(SEPARATORS);
  return (
    <span style={KEEP_NAMES_WHOLE}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index % 2 === 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
