/**
 * A line that may open a module block: `module "name" {`, `module name {` or `module {`, after
 * nothing but blanks or the end of a block comment. HCL writes a block's type and labels on the
 * line of its opening brace, so `module.vpc.id` (an output read), `module = …` (an attribute)
 * and `tf_module "x"` (another block type) are no such line.
 */
const MODULE_BLOCK_LINE =
  /^(?:.*\*\/)?[ \t]*module(?:[ \t]*["{]|[ \t]+[^\s=.[(,)}#/])/m;

/**
 * Whether a Terraform file may hold a module block: false only when it holds none. A cheap
 * test before the parse, which a file that only declares resources or reads module outputs
 * does not need. It may say true of text that is no block (a comment, a heredoc): the parser
 * decides then.
 */
export function mayHaveModuleBlock(text: string): boolean {
  return MODULE_BLOCK_LINE.test(text);
}
