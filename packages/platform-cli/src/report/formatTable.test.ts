import { formatTable } from './formatTable';
import { ScanReport } from './ScanReport';
import { scanReport } from '../__testUtils__/scanReport';

const hostile: Array<[string, string, string]> = [
  ['ESC', '\x1b', '\\x1b'],
  ['a newline', '\n', '\\x0a'],
  ['a carriage return', '\r', '\\x0d'],
  ['a C1 control (CSI)', '\x9b', '\\x9b'],
  ['DEL', '\x7f', '\\x7f'],
  ['a right-to-left override', '\u202e', '\\u202e'],
  ['a left-to-right isolate', '\u2066', '\\u2066'],
  ['the line separator', '\u2028', '\\u2028'],
  ['the paragraph separator', '\u2029', '\\u2029'],
];
const all = `${hostile.map(([, char]) => char).join('')}FAKE 0 problems\n`;

function reportWith(text: string): ScanReport {
  return scanReport({
    references: [
      {
        file: `infra/${text}main.tf`,
        line: 2,
        column: 12,
        kind: 'terraform-module',
        source: `git::https://github.com/acme/platform.git//modules/vpc${text}?ref=v1${text}`,
        name: `github.com/acme/platform//modules/vpc${text}`,
        pin: 'ref',
        ref: `v1${text}`,
        module: 'vpc',
        version: '1.0.0',
        latest: '2.0.0',
        verdict: 'major-behind',
      },
    ],
    problems: [
      {
        file: `.github/workflows/${text}ci.yml`,
        line: 3,
        message: `"acme/platform${text}@v1" is neither owner/repo[/path]@ref`,
      },
    ],
  });
}

describe('formatTable', () => {
  it('prints one line per reference and problem whatever their file names and values hold', () => {
    const lines = formatTable(reportWith(all)).split('\n');
    // Header, one reference, one problem, the summary and the final newline.
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[3]).toMatch(/^1 reference in 1 file\b/);
  });

  it.each(hostile)(
    'writes %s as an escape in every cell',
    (_, char, escaped) => {
      const text = formatTable(reportWith(char));
      const lines = text.split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line).not.toContain(char);
      const [, row, problem] = lines;
      expect(row).toContain(`infra/${escaped}main.tf:2`);
      expect(row).toContain(`modules/vpc${escaped}`);
      expect(row).toContain(`v1${escaped}`);
      expect(problem).toContain(`workflows/${escaped}ci.yml:3`);
      expect(problem).toContain(`acme/platform${escaped}@v1`);
    },
  );

  it('leaves printable text, accents and other scripts as they are', () => {
    const text = formatTable(reportWith('ünïcødé-日本-ß '));
    expect(text).toContain('infra/ünïcødé-日本-ß main.tf');
  });
});
