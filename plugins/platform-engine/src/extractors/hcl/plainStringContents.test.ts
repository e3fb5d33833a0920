import { plainStringContents } from './plainStringContents';

describe('plainStringContents', () => {
  const contents = (text: string) =>
    plainStringContents(text).map(([from, to]) => text.slice(from, to));

  it('finds the contents of plain strings, not quotes in comments', () => {
    expect(
      contents(
        'a = "x" # "not"\nb = "y" // "not"\nc = /* "not" */ "z"\nd = ""\ne = "#//"\n',
      ),
    ).toEqual(['x', 'y', 'z', '#//']);
    // `$` and `%` open a template only before `{`.
    expect(contents('a = "%s-%s"\nb = "$5"\nc = "100%"\n')).toEqual([
      '%s-%s',
      '$5',
      '100%',
    ]);
  });

  it('steps over strings that need the parser, templates and strings in them included', () => {
    expect(contents('a = "x"\nb = "a\\"b"\nc = "y"\n')).toEqual(['x', 'y']);
    expect(contents('a = "x"\nb = "${v}"\nc = "y"\n')).toEqual(['x', 'y']);
    expect(contents('a = "x"\nb = "%{ if v }y%{ endif }"\nc = "y"\n')).toEqual([
      'x',
      'y',
    ]);
    expect(contents('a = "x"\nb = "$${v}"\nc = "y"\n')).toEqual(['x', 'y']);
    expect(
      contents('a = "${lookup(m, "k", { a = "}" })}-${x}"\nb = "y"\n'),
    ).toEqual(['y']);
  });

  it('stops at what it cannot follow', () => {
    expect(contents('a = "x"\nb = <<EOT\n"y"\nEOT\n')).toEqual(['x']);
    expect(contents('a = "x"\nb = "${a / b}"\nc = "y"\n')).toEqual(['x']);
    expect(contents('a = "x"\nb = "${v"\nc = "y"\n')).toEqual(['x']);
    expect(contents('a = "x\nb = "y"\n')).toEqual([]);
    expect(contents('a = "x\r\n"')).toEqual([]);
    expect(contents('a = "x" /* "y"')).toEqual(['x']);
    expect(
      contents(`a = ${'"${'.repeat(40)}x${'}"'.repeat(40)}\nb = "y"`),
    ).toEqual([]);
  });
});
