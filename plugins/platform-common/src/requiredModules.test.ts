import {
  RequiredModule,
  RequiredModuleReference,
  findRequiredModuleFindings,
} from './requiredModules';

const ci: RequiredModule = {
  platform: 'acme',
  name: 'terraform-ci',
  required: { versions: '>= 3.0.0' },
};

function workflow(
  version: string | undefined,
  extra: Partial<RequiredModuleReference> = {},
): RequiredModuleReference {
  return {
    platform: 'acme',
    module: 'terraform-ci',
    version,
    file: '.github/workflows/ci.yml',
    line: 9,
    ...extra,
  };
}

const vpc: RequiredModuleReference = {
  platform: 'acme',
  module: 'vpc',
  version: '2.1.0',
  file: 'infra/environments/prod/main.tf',
  line: 3,
};

describe('findRequiredModuleFindings', () => {
  it('finds nothing when the service uses the module inside the range', () => {
    expect(findRequiredModuleFindings([ci], [vpc, workflow('3.1.0')])).toEqual(
      [],
    );
  });

  it('names a required module the service does not use at all', () => {
    expect(findRequiredModuleFindings([ci], [vpc])).toEqual([
      {
        platform: 'acme',
        module: 'terraform-ci',
        problem: 'missing',
        versions: '>= 3.0.0',
        references: [],
        message: 'missing required module terraform-ci (>= 3.0.0)',
      },
    ]);
    expect(
      findRequiredModuleFindings([{ ...ci, required: {} }], []).map(
        f => f.message,
      ),
    ).toEqual(['missing required module terraform-ci']);
  });

  it('names each reference outside the range, with its file, line and release', () => {
    const [finding] = findRequiredModuleFindings(
      [ci],
      [
        workflow('2.0.0'),
        workflow('3.1.0', { file: '.github/workflows/release.yml' }),
        workflow('2.4.1', { file: '.github/workflows/nightly.yml', line: 4 }),
      ],
    );
    expect(finding).toEqual({
      platform: 'acme',
      module: 'terraform-ci',
      problem: 'outside-range',
      versions: '>= 3.0.0',
      references: [
        { file: '.github/workflows/ci.yml', line: 9, version: '2.0.0' },
        { file: '.github/workflows/nightly.yml', line: 4, version: '2.4.1' },
      ],
      message:
        'required module terraform-ci must be >= 3.0.0; .github/workflows/ci.yml:9 pins 2.0.0, .github/workflows/nightly.yml:4 pins 2.4.1',
    });
  });

  it('does not count a pin that resolves to no release as inside a range', () => {
    const findings = findRequiredModuleFindings(
      [ci],
      [workflow(undefined, { ref: 'main' }), workflow(undefined)],
    );
    expect(findings.map(f => f.problem)).toEqual(['outside-range']);
    expect(findings[0].message).toBe(
      'required module terraform-ci must be >= 3.0.0; .github/workflows/ci.yml:9 pins no release (main), .github/workflows/ci.yml:9 pins no release (no ref)',
    );
  });

  it('accepts any pin, a branch too, when the requirement names no range', () => {
    expect(
      findRequiredModuleFindings(
        [{ ...ci, required: {} }],
        [workflow(undefined, { ref: 'main' })],
      ),
    ).toEqual([]);
  });

  it('orders a prerelease in the range like a deprecation does', () => {
    expect(
      findRequiredModuleFindings(
        [{ ...ci, required: { versions: '>= 3.0.0-0' } }],
        [workflow('3.0.0-rc.1')],
      ),
    ).toEqual([]);
    expect(
      findRequiredModuleFindings([ci], [workflow('3.0.0-rc.1')]).map(
        f => f.problem,
      ),
    ).toEqual(['outside-range']);
  });

  it('matches the module of the same platform only', () => {
    const findings = findRequiredModuleFindings(
      [ci],
      [
        workflow('3.1.0', { platform: 'zeta' }),
        workflow('3.1.0', { module: 'vpc' }),
      ],
    );
    expect(findings.map(f => f.problem)).toEqual(['missing']);
  });

  it('judges every required module, in the order given', () => {
    const policy: RequiredModule = {
      platform: 'acme',
      name: 'policies',
      required: {},
    };
    expect(
      findRequiredModuleFindings([policy, ci], [workflow('1.0.0')]).map(
        f => `${f.module}: ${f.problem}`,
      ),
    ).toEqual(['policies: missing', 'terraform-ci: outside-range']);
  });
});
