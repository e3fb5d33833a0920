import { argumentsSummary, markdownText } from './reviewText';

describe('the review text', () => {
  it('lists wired inputs by their source and set ones by their value', () => {
    expect(
      argumentsSummary([
        { name: 'cluster_name', hcl: 'local.name', from: 'project.name' },
        { name: 'kubernetes_version', hcl: '"1.33"' },
      ]),
    ).toBe('cluster\\_name ← project.name; kubernetes\\_version = "1.33"');
    expect(argumentsSummary([])).toBe('defaults only');
  });

  it('cuts long values, which main.tf holds whole', () => {
    const summary = argumentsSummary([
      { name: 'cidr', hcl: `"${'1'.repeat(100)}"` },
    ]);
    expect(summary).toBe(`cidr = "${'1'.repeat(58)}…`);
  });

  it('adds no table cell, line, link or HTML, whatever a value holds', () => {
    const text = markdownText(
      'a | b\n[x](https://evil.example) <img src=x> `c` &amp;',
    );
    expect(text).toBe(
      'a \\| b \\[x\\]\\(https://evil.example\\) \\<img src=x\\> \\`c\\` \\&amp;',
    );
    expect(text.replace(/\\(.)/g, '$1')).toBe(
      'a | b [x](https://evil.example) <img src=x> `c` &amp;',
    );
  });
});
