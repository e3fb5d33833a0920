import { CST, Parser } from 'yaml';
import { DOCUMENT_MARKER, YamlDepthCheck, streamYamlCst } from './parseYamlCst';

/** The CST of `content` from `start` to the end of the marker at `marker`, read until it. */
function untilMarker(content: string, start: number, marker: number) {
  const check: YamlDepthCheck = { tooDeepAt: -1 };
  const tokens = [
    ...streamYamlCst(
      content.slice(start, marker + DOCUMENT_MARKER.length),
      100,
      check,
      start,
      true,
    ),
  ];
  return { tokens, check };
}

describe('streamYamlCst until the next document', () => {
  it.each([
    'a:\n#x\n#y\n---\nb: 1\n',
    'a:\n\n\n---\nb: 1\n',
    'k: 1\na: !t\n  #x\n#y\n---\n- b\n',
    'a: |\n  text\n\n---\nb: 1\n',
    '# head\n---\na: 1\n---\nb: 1\n',
  ])(
    'gives the CST of the documents before the marker of %j as the parser gives them in the whole file',
    content => {
      const marker = content.lastIndexOf('---');
      const whole = [...new Parser().parse(content)];
      const before = whole.filter(
        token => (token as { offset: number }).offset < marker,
      );
      const { tokens, check } = untilMarker(content, 0, marker);
      expect(tokens).toEqual(before);
      expect(check.tooDeepAt).toBe(-1);
    },
  );

  it('gives offsets in the file for a part that starts inside it', () => {
    const content = 'x: 1\n---\na:\n#x\n#y\n---\nb: 1\n';
    const second = content.indexOf('---');
    const marker = content.lastIndexOf('---');
    const [document] = [...new Parser().parse(content)].filter(
      token => token.type === 'document' && token.offset === second,
    );
    expect(untilMarker(content, second, marker).tokens).toEqual([document]);
  });

  it('ends with an error when the marker is read into the document before it', () => {
    // A quoted scalar left open runs on over the marker, as it does in the whole file.
    const content = 'a: "x\n---\nb: 1\n';
    const { tokens } = untilMarker(content, 0, content.indexOf('---'));
    expect(tokens.map(token => token.type)).toEqual(['document', 'error']);
    const [document] = tokens as [CST.Document];
    expect(document.value?.type).toBe('block-map');
  });
});
