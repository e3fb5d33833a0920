import { built, composed } from './__testUtils__/composedDocuments';
import { commentedDocument, seeded } from './__testUtils__/commentedYaml';

/**
 * An independent differential test of the comment lines and blank lines the line-by-line reader
 * gives each node: documents and large files full of them, at every column and in every place,
 * against the YAML library's own reading of the same text.
 */
describe('comment lines and blank lines read line by line, against the YAML library', () => {
  it('builds each generated document as the composer does, or declines it', () => {
    const r = seeded(418);
    const diverging: unknown[] = [];
    let builtCount = 0;
    let commented = 0;
    const documents = 20000;
    for (let i = 0; i < documents; i++) {
      const odds = {
        odd: r.pick([0, 0, 0.05, 0.2]),
        between: r.pick([0, 0.2, 0.5, 0.8]),
      };
      const text = commentedDocument(r, odds, r.chance(0.3));
      const actual = built(text);
      if (!actual) {
        continue;
      }
      builtCount += 1;
      if (/^ *#/m.test(text)) {
        commented += 1;
      }
      const expected = composed(text);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        diverging.push({ text, actual, expected });
      }
    }
    expect(diverging.slice(0, 3)).toEqual([]);
    // Enough documents with comment lines are built for the comparison to mean something.
    expect(builtCount).toBeGreaterThan(documents / 4);
    expect(commented).toBeGreaterThan(documents / 8);
  });
});
