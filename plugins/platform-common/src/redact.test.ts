import { redactLocalPaths, redactUrlCredentials } from './redact';

describe('redactUrlCredentials', () => {
  it('hides user and password or token of any scheme, wherever URLs stand in the text', () => {
    expect(
      redactUrlCredentials(
        'cannot clone https://deploy:s3cret@git.example.com/acme/platform.git or oci://robot:t0ken@registry.example.com/charts',
      ),
    ).toBe(
      'cannot clone https://REDACTED@git.example.com/acme/platform.git or oci://REDACTED@registry.example.com/charts',
    );
  });

  it('reads a long text without a URL in linear time', () => {
    const text = `${'a'.repeat(200_000)} https://ci:hunter2@git.acme.example/x`;
    const started = Date.now();
    expect(redactUrlCredentials(text)).toContain(
      'https://REDACTED@git.acme.example/x',
    );
    // Quadratic, 200,000 letters take minutes; linear, a few milliseconds.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves URLs without credentials alone', () => {
    const text =
      'https://charts.example.com/stable and git@github.com:acme/platform.git';
    expect(redactUrlCredentials(text)).toBe(text);
  });
});

describe('redactLocalPaths', () => {
  it('keeps only the last part of a file URL or an absolute path', () => {
    expect(
      redactLocalPaths(
        "Reading the default branch of file:///work/main/.demo-repos/acme/payments-api failed: fatal: '/work/main/.demo-repos/acme/payments-api.git' does not appear to be a git repository",
      ),
    ).toBe(
      "Reading the default branch of <local>/payments-api failed: fatal: '<local>/payments-api.git' does not appear to be a git repository",
    );
    expect(
      redactLocalPaths(
        'git ls-tree exited with 128 in /tmp/platform-fetch-Xq3zP1: bad object',
      ),
    ).toBe(
      'git ls-tree exited with 128 in <local>/platform-fetch-Xq3zP1: bad object',
    );
    expect(
      redactLocalPaths(
        'ENOENT: no such file or directory, open "/srv/backstage/packages/backend/platform.yaml".',
      ),
    ).toBe('ENOENT: no such file or directory, open "<local>/platform.yaml".');
    expect(
      redactLocalPaths('cannot read file://localhost/srv/git/x.git/'),
    ).toBe('cannot read <local>/x.git');
    expect(redactLocalPaths('(at /opt/app/node_modules/a/b.js)')).toBe(
      '(at <local>/b.js)',
    );
  });

  it('leaves URLs of other schemes, relative paths and plain text alone', () => {
    const text =
      'https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0 and git@github.com:acme/platform.git, infra/environments/prod/main.tf:12, 3/4 of the modules, a / b';
    expect(redactLocalPaths(text)).toBe(text);
  });
});
