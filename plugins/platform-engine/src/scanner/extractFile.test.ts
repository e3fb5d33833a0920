import { decodeText } from './extractFile';

describe('decodeText', () => {
  const text = (value: string) => new TextEncoder().encode(value);

  it('decodes the next file whole after refusing one cut inside a character', () => {
    const cut = text('name: café').subarray(0, -1);

    expect(decodeText(cut, 1024)).toEqual({
      problem: 'file is not valid UTF-8 text; not scanned',
    });
    expect(decodeText(text('name: naïve\n'), 1024)).toEqual({
      content: 'name: naïve\n',
    });
  });

  it('refuses bytes with a NUL and bytes over the limit', () => {
    expect(decodeText(new Uint8Array([0x61, 0x00]), 1024)).toEqual({
      problem: 'binary file (contains NUL bytes); not scanned',
    });
    expect(decodeText(text('x'.repeat(2048)), 1024)).toEqual({
      problem: 'file is 2 KB, over the size limit of 1 KB; not scanned',
    });
  });
});
