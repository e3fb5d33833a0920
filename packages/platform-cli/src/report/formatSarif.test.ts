import { formatSarif } from './formatSarif';
import { scanReport } from '../__testUtils__/scanReport';

describe('formatSarif', () => {
  it('encodes paths with spaces, # and % as URI references', () => {
    const report = scanReport({
      root: '/work/my repo#1',
      references: [
        {
          file: 'infra/prod env/100%/main.tf',
          line: 3,
          column: 12,
          kind: 'terraform-module',
          source:
            'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.0.0',
          name: 'github.com/acme/platform//modules/vpc',
          pin: 'ref',
          ref: 'vpc/v1.0.0',
          module: 'vpc',
          version: '1.0.0',
          latest: '2.0.0',
          verdict: 'major-behind',
          explanation: '1 release behind 2.0.0 (major)',
        },
      ],
      problems: [],
    });
    const run = JSON.parse(formatSarif(report, '0.1.0')).runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(
      'file:///work/my%20repo%231/',
    );
    expect(
      run.results[0].locations[0].physicalLocation.artifactLocation.uri,
    ).toBe('infra/prod%20env/100%25/main.tf');
  });

  it('escapes control and bidi characters and link brackets in message text', () => {
    const report = scanReport({
      references: [
        {
          file: 'infra/main.tf',
          line: 2,
          column: 12,
          kind: 'terraform-module',
          source: 'git::https://github.com/acme/platform.git//modules/vpc',
          name: 'github.com/acme/platform//modules/vpc\u202e\x1b[2K\u2028',
          pin: 'none',
          verdict: 'unpinned',
        },
      ],
      problems: [
        {
          file: '.github/workflows/ci.yml',
          line: 3,
          message:
            '"[see the fix](https://evil.example/)\\x" is neither owner/repo[/path]@ref\u2066',
        },
      ],
    });
    const [reference, problem] = JSON.parse(formatSarif(report, '0.1.0'))
      .runs[0].results;
    expect(reference.message.text).toBe(
      'github.com/acme/platform//modules/vpc\\u202e\\x1b\\[2K\\u2028: Not pinned to a release: a branch, or no ref at all.',
    );
    // SARIF renders [text](target) in message text as a link, unless the brackets are escaped.
    expect(problem.message.text).toBe(
      '"\\[see the fix\\](https://evil.example/)\\\\x" is neither owner/repo\\[/path\\]@ref\\u2066',
    );
  });
});
