import fc from 'fast-check';
import {
  ConstraintSyntax,
  VersionConstraint,
  bestMatch,
  parseConstraint,
} from './constraints';

function constraint(text: string, syntax: ConstraintSyntax): VersionConstraint {
  const result = parseConstraint(text, syntax);
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.constraint;
}

/** The versions a constraint judges wrongly: accepted ones it rejects, rejected ones it accepts. */
function misjudged(
  syntax: ConstraintSyntax,
  text: string,
  accepted: string[],
  rejected: string[],
): string[] {
  const parsed = constraint(text, syntax);
  return [
    ...accepted.filter(version => !parsed.satisfies(version)),
    ...rejected.filter(version => parsed.satisfies(version)),
  ];
}

describe('parseConstraint terraform', () => {
  it.each<[string, string[], string[]]>([
    ['1.2.3', ['1.2.3', 'v1.2.3'], ['1.2.4', '1.2.2', '1.2.3-rc.1']],
    ['= 1.2.3', ['1.2.3'], ['1.2.4']],
    ['=1.2', ['1.2.0'], ['1.2.1']],
    ['!= 1.2.3', ['1.2.4', '0.1.0'], ['1.2.3']],
    ['> 1.2.3', ['1.2.4', '2.0.0'], ['1.2.3', '1.0.0']],
    ['> 1.2', ['1.2.1'], ['1.2.0']],
    ['>= 1.2.3', ['1.2.3', '3.0.0'], ['1.2.2']],
    ['< 1.2.3', ['1.2.2', '0.0.1'], ['1.2.3', '1.2.3-rc.1']],
    ['<= 1.2', ['1.2.0', '1.1.9'], ['1.2.1']],
    ['~> 1.2', ['1.2.0', '1.9.9'], ['1.1.9', '2.0.0', '2.0.0-rc.1']],
    ['~> 1.2.3', ['1.2.3', '1.2.10'], ['1.2.2', '1.3.0']],
    ['~> 1.0.4', ['1.0.5', '1.0.10'], ['1.1.0']],
    ['~> 1', ['1.0.0', '7.3.0'], ['0.9.0']],
    ['~>0.3', ['0.3.0', '0.99.0'], ['1.0.0']],
    ['>= 1.0, < 2.0', ['1.0.0', '1.99.99'], ['0.9.9', '2.0.0']],
    ['>= 1.0, < 2.0, != 1.5.0', ['1.4.0', '1.5.1'], ['1.5.0']],
    ['v1.2.3', ['1.2.3'], ['1.2.4']],
    ['= 2.0.0-rc.1', ['2.0.0-rc.1'], ['2.0.0', '2.0.0-rc.2']],
  ])('%s', (text, accepted, rejected) => {
    expect(misjudged('terraform', text, accepted, rejected)).toEqual([]);
  });

  it.each([
    '',
    '   ',
    'latest',
    '>= 1.0,',
    ', >= 1.0',
    '=> 1.0',
    '^1.2.0',
    '~1.2',
    '1.2.3.4',
    '>= 1.0 < 2.0',
    '1.x',
    '>=',
    '01.2.3',
  ])('rejects %j', text => {
    expect(parseConstraint(text, 'terraform')).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^invalid terraform version constraint: |^the version constraint is empty$/,
      ),
    });
  });

  it('names the bad clause in the error', () => {
    expect(parseConstraint('>= 1.0, latest', 'terraform')).toEqual({
      ok: false,
      error:
        'invalid terraform version constraint: "latest" is not an operator (=, !=, >, >=, <, <=, ~>) followed by a version',
    });
  });
});

describe('parseConstraint helm', () => {
  it.each<[string, string[], string[]]>([
    ['^1.2.0', ['1.2.0', '1.9.0'], ['2.0.0', '1.1.9']],
    ['^0.2.3', ['0.2.9'], ['0.3.0']],
    ['~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0']],
    ['~> 1.2', ['1.2.0', '1.2.9'], ['1.3.0']],
    ['1.2.x', ['1.2.0', '1.2.99'], ['1.3.0']],
    ['1.x', ['1.0.0', '1.99.0'], ['2.0.0']],
    ['*', ['0.0.1', '99.0.0'], ['1.0.0-rc.1']],
    ['1.2.3', ['1.2.3'], ['1.2.4']],
    ['>=1.0.0 <2.0.0', ['1.0.0', '1.5.0'], ['2.0.0']],
    ['>= 1.0.0, < 2.0.0', ['1.0.0', '1.5.0'], ['2.0.0', '0.9.0']],
    ['>=1.0.0,<2.0.0', ['1.5.0'], ['2.0.0']],
    ['^1.0.0 || ^3.0.0', ['1.2.0', '3.1.0'], ['2.0.0']],
    ['1.2 - 1.4', ['1.2.0', '1.4.9'], ['1.1.9', '1.5.0']],
    ['1.2.3 - 2.3.4', ['1.2.3', '2.3.4'], ['2.3.5']],
    ['>= 1.0.0, != 1.3.0', ['1.2.0', '1.4.0'], ['1.3.0']],
    ['!=1.3', ['1.2.0', '1.4.0'], ['1.3.0', '1.3.7']],
    ['v1.2.3', ['1.2.3'], ['1.2.4']],
    ['>=2.0.0-rc.1', ['2.0.0-rc.2', '2.0.0'], ['2.1.0-rc.1']],
  ])('%s', (text, accepted, rejected) => {
    expect(misjudged('helm', text, accepted, rejected)).toEqual([]);
  });

  it.each([
    '',
    'latest',
    '>=',
    '^1.0.0 ||',
    '|| 1.0.0',
    '1.2.3 -',
    '!= latest',
    '>=1.0.0 foo',
  ])('rejects %j', text => {
    const result = parseConstraint(text, 'helm');
    expect(result.ok).toBe(false);
  });

  it('names the range in the error', () => {
    expect(parseConstraint('>= 1.0.0, banana', 'helm')).toEqual({
      ok: false,
      error:
        'invalid helm version constraint: ">= 1.0.0  banana" is not a valid version range (Invalid comparator: banana)',
    });
  });
});

describe('satisfies', () => {
  it('is false for text that is no version', () => {
    expect(constraint('>= 1.0', 'terraform').satisfies('main')).toBe(false);
    expect(constraint('*', 'helm').satisfies('1.2')).toBe(false);
  });

  it('agrees between ~> 1.2 in terraform and ^1.2.0 in helm for releases', () => {
    const tf = constraint('~> 1.2', 'terraform');
    const helm = constraint('^1.2.0', 'helm');
    fc.assert(
      fc.property(fc.nat(5), fc.nat(5), fc.nat(5), (a, b, c) => {
        const version = `${a}.${b}.${c}`;
        expect(tf.satisfies(version)).toBe(helm.satisfies(version));
      }),
    );
  });
});

describe('bestMatch', () => {
  const versions = ['1.0.0', '1.2.0', '1.2.5', '1.3.0-rc.1', '1.9.0', '2.0.0'];

  it('is the highest satisfying release', () => {
    expect(bestMatch(constraint('~> 1.2.0', 'terraform'), versions)).toBe(
      '1.2.5',
    );
    expect(bestMatch(constraint('~> 1.2', 'terraform'), versions)).toBe(
      '1.9.0',
    );
    expect(bestMatch(constraint('^1.0.0', 'helm'), versions)).toBe('1.9.0');
    expect(bestMatch(constraint('1.2.0', 'terraform'), versions)).toBe('1.2.0');
  });

  it('never picks a prerelease', () => {
    expect(
      bestMatch(constraint('>= 1.3.0-rc.1, < 1.4.0', 'terraform'), versions),
    ).toBeUndefined();
  });

  it('is undefined when nothing satisfies', () => {
    expect(
      bestMatch(constraint('>= 3.0', 'terraform'), versions),
    ).toBeUndefined();
    expect(bestMatch(constraint('*', 'helm'), [])).toBeUndefined();
  });
});
