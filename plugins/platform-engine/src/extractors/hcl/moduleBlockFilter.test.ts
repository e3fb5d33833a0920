import { readHclFile } from './hclDocument';
import { HclParser, loadHclParser } from './hclParser';
import { mayHaveModuleBlock } from './moduleBlockFilter';

const MODULE_ONLY = new Map([['module', undefined]]);

/** Files with a module block, in the layouts HCL allows. */
const WITH_BLOCK = {
  'quoted label': 'module "vpc" {\n  source = "./vpc"\n}\n',
  'bare label': 'module vpc {\n  source = "./vpc"\n}\n',
  'no space before the brace': 'module "vpc"{\n  source = "./vpc"\n}\n',
  'tab-indented': 'locals {}\n\tmodule "vpc" {\n\t\tsource = "./vpc"\n\t}\n',
  'after a block comment':
    '/* shared */ module "vpc" {\n  source = "./vpc"\n}\n',
  'CRLF line ends':
    'locals {}\r\nmodule "vpc" {\r\n  source = "./vpc"\r\n}\r\n',
  'one-line block': 'module "vpc" { source = "./vpc" }\n',
  'after reads of module outputs':
    'output "id" {\n  value = module.a.id\n}\nmodule "b" {\n  source = "./b"\n}\n',
  'after resources': `resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\nmodule "vpc" {\n  source = "./vpc"\n}\n`,
};

/** Files that name modules but declare none. */
const WITHOUT_BLOCK = {
  'output reads': 'output "vpc_id" {\n  value = module.vpc.vpc_id\n}\n',
  'an attribute named module':
    'resource "x" "y" {\n  module = "vpc"\n  module_path = "a"\n}\n',
  'another block type': 'tf_module "vpc" {\n  source = "./vpc"\n}\n',
  'a line comment': '# module "vpc" {\n// module "old" {\nlocals {}\n',
  'a depends_on list':
    'resource "x" "y" {\n  depends_on = [\n    module.vpc,\n  ]\n}\n',
};

describe('mayHaveModuleBlock', () => {
  let parser: HclParser;

  beforeAll(async () => {
    parser = await loadHclParser();
  });

  it.each(Object.entries(WITH_BLOCK))(
    'keeps a file with a module block (%s) for the parse',
    (_layout, text) => {
      // The parser agrees that there is a block: the case is no false alarm.
      const { blocks } = readHclFile(parser, text, MODULE_ONLY);
      expect(blocks.map(block => block.type)).toEqual(['module']);
      expect(mayHaveModuleBlock(text)).toBe(true);
    },
  );

  it.each(Object.entries(WITHOUT_BLOCK))(
    'spares the parse of a file without one (%s)',
    (_layout, text) => {
      expect(readHclFile(parser, text, MODULE_ONLY).blocks).toEqual([]);
      expect(mayHaveModuleBlock(text)).toBe(false);
    },
  );

  it('says what the line pattern it replaced says, for every layout of a line', () => {
    // The regular expression this test used to be; it tried every line of a file.
    const lineOpensBlock =
      /^(?:.*\*\/)?[ \t]*module(?:[ \t]*["{]|[ \t]+[^\s=.[(,)}#/])/m;
    const before = ['', ' ', '\t', '*/', '/* c */ ', 'x', '#', 'a = ', '*/x '];
    const words = ['module', 'modules', 'tf_module'];
    const after = [
      '"a" {',
      ' a {',
      '{',
      ' {',
      ' = 1',
      '.a',
      ' ',
      '',
      ' [',
      '\t"a"',
      ' #',
    ];
    const lineEnds = ['\n', '\r\n', '\u2028'];
    let cases = 0;
    for (const head of before) {
      for (const word of words) {
        for (const tail of after) {
          for (const end of lineEnds) {
            for (const text of [
              `${head}${word}${tail}`,
              `locals {}${end}${head}${word}${tail}${end}`,
              `x = module.a${end}${head}${word}${tail}`,
            ]) {
              cases += 1;
              expect([text, mayHaveModuleBlock(text)]).toEqual([
                text,
                lineOpensBlock.test(text),
              ]);
            }
          }
        }
      }
    }
    expect(cases).toBe(before.length * words.length * after.length * 9);
  });
});
