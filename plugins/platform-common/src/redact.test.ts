import { redactUrlCredentials } from './redact';

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

  it('leaves URLs without credentials alone', () => {
    const text =
      'https://charts.example.com/stable and git@github.com:acme/platform.git';
    expect(redactUrlCredentials(text)).toBe(text);
  });
});
