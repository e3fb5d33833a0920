import {
  createCrossplaneExtractor,
  crossplaneExtractor,
} from './crossplaneExtractor';
import { parseYaml, streamYaml } from './yamlDocuments';

const CLAIM = `apiVersion: acme.io/v1
kind: Db
metadata:
  name: orders
spec:
  compositionRef:
    name: db-aws
`;
/** A document nested deeper than the limit of 3 the tests set. */
const DEEP = 'a:\n  b:\n    c:\n      d:\n        e: 1\n';

describe('streamYaml', () => {
  it('reads each document when the loop reaches it, with positions in the whole file', () => {
    const content = `${CLAIM}---\nbroken: [\n---\n${CLAIM}`;
    const stream = streamYaml({ path: 'x.yaml', content });
    const seen: Array<{ line: number; problems: number }> = [];
    for (const doc of stream.documents) {
      seen.push({
        line: doc.position(doc.get(doc.root, 'kind')).line,
        problems: stream.problems.length,
      });
    }
    // The second claim is read after the broken document between them has been reported.
    expect(seen).toEqual([
      { line: 2, problems: 0 },
      { line: 12, problems: 1 },
    ]);
    expect(stream.refused).toBe(false);
    expect(stream.problems).toEqual([
      expect.objectContaining({ line: 10, message: expect.any(String) }),
    ]);
  });

  it('refuses the whole file, the documents already read included, when a later one nests too deep', () => {
    const content = `${CLAIM}---\n${CLAIM}---\n${DEEP}`;
    const stream = streamYaml({ path: 'x.yaml', content }, { maxDepth: 3 });
    expect([...stream.documents].length).toBeGreaterThan(0);
    expect(stream.refused).toBe(true);
    expect(stream.problems).toEqual([
      expect.objectContaining({
        message:
          'YAML nesting is deeper than 3 levels; the file was not parsed',
      }),
    ]);
    expect(
      parseYaml({ path: 'x.yaml', content }, { maxDepth: 3 }).documents,
    ).toEqual([]);
  });
});

describe('the Crossplane extractor on a file read a document at a time', () => {
  it('finds the claims of every document, after a broken one too', () => {
    const content = `${CLAIM}---\nbroken: [\n---\n${CLAIM}`;
    const result = crossplaneExtractor.extract({ path: 'db.yaml', content });
    expect(
      'references' in result &&
        result.references.map(r => [r.kind, r.position.line]),
    ).toEqual([
      ['crossplane-composite-type', 1],
      ['crossplane-composition-ref', 7],
      ['crossplane-composite-type', 11],
      ['crossplane-composition-ref', 17],
    ]);
    expect('problems' in result && result.problems).toHaveLength(1);
  });

  it('gives no claim of a file that turns out to nest too deep', () => {
    const content = `${CLAIM}---\n${CLAIM}---\n${DEEP}`;
    const extractor = createCrossplaneExtractor({ maxDepth: 3 });
    const result = extractor.extract({ path: 'db.yaml', content });
    expect(result).toEqual({
      references: [],
      problems: [
        expect.objectContaining({
          message: expect.stringMatching(/^YAML nesting is deeper than/),
        }),
      ],
    });
  });
});
