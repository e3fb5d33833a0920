import type { ModuleArgument } from './moduleArguments';

/** Long values are cut in the summary; main.tf holds them whole. */
const MAX_VALUE = 60;

/**
 * Text as Markdown shows it literally, on one line: control characters become spaces and
 * Markdown's punctuation (and the table's `|`) is escaped, so no value adds a link, HTML, a
 * table cell or a line.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/([\\`*_{}[\]()<>#!|~&])/g, '\\$1');
}

function shortened(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/**
 * The inputs of one module call for the review, as Markdown on one line:
 * `cidr = "10.0.0.0/16"; subnet_ids ← vpc.private_subnet_ids`.
 */
export function argumentsSummary(args: readonly ModuleArgument[]): string {
  if (args.length === 0) {
    return 'defaults only';
  }
  return args
    .map(argument =>
      markdownText(
        argument.from
          ? `${argument.name} ← ${argument.from}`
          : `${argument.name} = ${shortened(argument.hcl)}`,
      ),
    )
    .join('; ');
}
