import { parseUnifiedDiff } from './unifiedDiff';

describe('parseUnifiedDiff', () => {
  it('tells file headers from removed and added lines that look like them', () => {
    const lines = parseUnifiedDiff(
      [
        '--- a/main.tf',
        '+++ b/main.tf',
        '@@ -1,3 +1,3 @@',
        ' # keep',
        '--- a comment line that starts with dashes',
        '+++ one that starts with pluses',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    expect(lines.map(l => [l.kind, l.marker, l.text])).toEqual([
      ['header', '', '--- a/main.tf'],
      ['header', '', '+++ b/main.tf'],
      ['hunk', '', '@@ -1,3 +1,3 @@'],
      ['context', ' ', '# keep'],
      ['removed', '-', '-- a comment line that starts with dashes'],
      ['added', '+', '++ one that starts with pluses'],
      ['header', '', '\\ No newline at end of file'],
    ]);
  });

  it('reads an empty patch as no lines', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});
