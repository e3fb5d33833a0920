import { Reference } from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { runTreePasses, TreePass, withTreePass } from './treePass';

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
});
