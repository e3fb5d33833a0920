import { Reference } from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { runTreePasses, TreePass, withTreePass } from './treePass';
import { scanFixtureTree } from './__testUtils__/scanFixtureTree';

const reference = (file: string, line: number, name: string): Reference => ({
  kind: 'terragrunt-source',
  position: { file, line, column: 12 },
  source: name,
  name,
  pin: 'none',
});

const extractor = (pass: TreePass): ReferenceExtractor =>
  withTreePass(
    {
      id: 'test',
      matches: () => true,
      extract: () => ({ references: [], problems: [] }),
    },
    pass,
  );

describe('runTreePasses', () => {
  it('puts a reference found across files in place of the one at the same position, and adds the others', () => {
    const result = {
      references: [
        reference('a.hcl', 1, 'before'),
        reference('b.hcl', 1, 'kept'),
      ],
      problems: [],
    };
    runTreePasses(
      [
        extractor(() => ({
          references: [
            reference('a.hcl', 1, 'after'),
            reference('c.hcl', 2, 'new'),
          ],
          problems: [{ file: 'c.hcl', message: 'seen' }],
        })),
      ],
      ['a.hcl', 'b.hcl', 'c.hcl'],
      () => ({ content: '' }),
      result,
      {},
    );
    expect(result.references.map(r => r.name)).toEqual([
      'after',
      'kept',
      'new',
    ]);
    expect(result.problems).toEqual([{ file: 'c.hcl', message: 'seen' }]);
  });

  it('reads only the files of the tree', () => {
    const read = jest.fn(() => ({ content: 'text' }));
    const seen: Array<string | undefined> = [];
    runTreePasses(
      [
        extractor(tree => {
          seen.push(
            tree.read('a.hcl'),
            tree.read('../outside.hcl'),
            tree.read('/etc/passwd'),
          );
          return { references: [], problems: [] };
        }),
      ],
      ['a.hcl'],
      read,
      { references: [], problems: [] },
      {},
    );
    expect(seen).toEqual(['text', undefined, undefined]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('keeps the per-file findings and reports a pass that fails', () => {
    const result = {
      references: [reference('a.hcl', 1, 'kept')],
      problems: [],
    };
    runTreePasses(
      [
        extractor(() => {
          throw new Error('boom');
        }),
      ],
      ['a.hcl'],
      () => ({ content: '' }),
      result,
      {},
    );
    expect(result.references.map(r => r.name)).toEqual(['kept']);
    expect(result.problems).toEqual([
      {
        file: '.',
        message:
          'extractor "test" failed to follow references across files: boom',
      },
    ]);
  });

  it('starts a pass with marks from the files it marked while they were extracted', async () => {
    const marked: string[][] = [];
    const pass: TreePass = tree => {
      marked.push([...tree.marked]);
      return { references: [], problems: [] };
    };
    pass.marks = (_file, content) => content.includes('include');
    const files = {
      'a/terragrunt.hcl': 'include "root" {}',
      'b/terragrunt.hcl': 'terraform {}',
      'c/terragrunt.hcl': 'locals {}',
    };
    await scanFixtureTree(files, [extractor(pass)]);
    expect(marked).toEqual([['a/terragrunt.hcl']]);

    // Without marks a pass sees every file, as before.
    const all: string[][] = [];
    await scanFixtureTree(files, [
      extractor(tree => {
        all.push([...tree.marked]);
        return { references: [], problems: [] };
      }),
    ]);
    expect(all).toEqual([Object.keys(files)]);
  });
});
