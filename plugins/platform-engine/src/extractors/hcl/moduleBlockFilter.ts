const KEYWORD = 'module';
/** What may not follow `module` and its blanks on a block's line: an attribute, a traversal, a call. */
const NOT_A_LABEL = new Set(['=', '.', '[', '(', ',', ')', '}', '#', '/']);
const WHITESPACE = /\s/;

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';
/** The line ends a JavaScript regular expression's `^` and `.` know. */
const isLineEnd = (char: string | undefined) =>
  char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029';

/**
 * Whether the `module` at `at` may open a block: `module "name" {`, `module name {` or
 * `module {`, after nothing but blanks or the end of a block comment on its line. HCL writes a
 * block's type and labels on the line of its opening brace, so `module.vpc.id` (an output
 * read), `module = …` (an attribute) and `tf_module "x"` (another block type) are no such line.
 */
function opensBlock(text: string, at: number): boolean {
  let next = at + KEYWORD.length;
  while (isBlank(text[next])) {
    next += 1;
  }
  const following = text[next];
  const labelOrBrace =
    following === '"' ||
    following === '{' ||
    (next > at + KEYWORD.length &&
      following !== undefined &&
      !WHITESPACE.test(following) &&
      !NOT_A_LABEL.has(following));
  if (!labelOrBrace) {
    return false;
  }
  let before = at - 1;
  while (isBlank(text[before])) {
    before -= 1;
  }
  return (
    before < 0 ||
    isLineEnd(text[before]) ||
    (text[before] === '/' && text[before - 1] === '*')
  );
}

/**
 * Whether a Terraform file may hold a module block: false only when it holds none. A cheap
 * test before the parse, which a file that only declares resources or reads module outputs
 * does not need. It may say true of text that is no block (a comment, a heredoc): the parser
 * decides then. It looks only where the word occurs, so a file pays for its `module` words, not
 * for each of its lines.
 */
export function mayHaveModuleBlock(text: string): boolean {
  for (
    let at = text.indexOf(KEYWORD);
    at !== -1;
    at = text.indexOf(KEYWORD, at + 1)
  ) {
    if (opensBlock(text, at)) {
      return true;
    }
  }
  return false;
}
