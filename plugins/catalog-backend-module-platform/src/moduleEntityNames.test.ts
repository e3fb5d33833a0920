import { isValidEntityName } from './tests/fixtures';
import { moduleEntityRefs, toEntityName } from './moduleEntityNames';

describe('toEntityName', () => {
  it('keeps names that are valid already', () => {
    expect(toEntityName('vpc')).toBe('vpc');
    expect(toEntityName('s3-bucket')).toBe('s3-bucket');
  });

  it('lowers case and replaces what an entity name may not hold', () => {
    expect(toEntityName('My Module/v2')).toBe('my-module-v2');
    expect(toEntityName('--_edge_.')).toBe('edge');
  });

  it('shortens long names and keeps them apart with a hash', () => {
    const a = toEntityName(`${'x'.repeat(70)}a`);
    const b = toEntityName(`${'x'.repeat(70)}b`);
    expect(a).toHaveLength(63);
    expect(a).not.toBe(b);
    expect(isValidEntityName(a)).toBe(true);
  });

  it('names something even when nothing of the text is left', () => {
    const name = toEntityName('%%%');
    expect(name).toMatch(/^module-[0-9a-f]{8}$/);
  });
});

describe('moduleEntityRefs', () => {
  it('names a module after itself when one platform has it', () => {
    const refOf = moduleEntityRefs([
      { platform: 'acme-platform', name: 'vpc' },
      { platform: 'acme-platform', name: 'eks' },
    ]);
    expect(refOf('acme-platform', 'vpc')).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'vpc',
    });
    expect(refOf('acme-platform', 'eks')?.name).toBe('eks');
  });

  it('adds the platform when two platforms have a module of the same name', () => {
    const refOf = moduleEntityRefs([
      { platform: 'acme-platform', name: 'vpc' },
      { platform: 'edge-platform', name: 'VPC' },
      { platform: 'edge-platform', name: 'cdn' },
    ]);
    expect(refOf('acme-platform', 'vpc')?.name).toBe('acme-platform-vpc');
    expect(refOf('edge-platform', 'VPC')?.name).toBe('edge-platform-vpc');
    expect(refOf('edge-platform', 'cdn')?.name).toBe('cdn');
  });

  it('does not depend on the order of the modules', () => {
    const modules = [
      { platform: 'b', name: 'vpc' },
      { platform: 'a', name: 'vpc' },
      { platform: 'a', name: 'eks' },
    ];
    const forward = moduleEntityRefs(modules);
    const backward = moduleEntityRefs([...modules].reverse());
    for (const { platform, name } of modules) {
      expect(forward(platform, name)).toEqual(backward(platform, name));
    }
  });

  it('keeps a qualified name from meeting another module of that name', () => {
    const refOf = moduleEntityRefs([
      { platform: 'a', name: 'b' },
      { platform: 'z', name: 'b' },
      { platform: 'y', name: 'a-b' },
    ]);
    const names = [refOf('a', 'b'), refOf('z', 'b'), refOf('y', 'a-b')].map(
      ref => ref?.name,
    );
    expect(new Set(names).size).toBe(3);
    expect(names[1]).toBe('z-b');
    for (const name of names) {
      expect(isValidEntityName(name!)).toBe(true);
    }
  });

  it('knows no ref for a module the platforms do not have', () => {
    const refOf = moduleEntityRefs([
      { platform: 'acme-platform', name: 'vpc' },
    ]);
    expect(refOf('acme-platform', 'gone')).toBeUndefined();
    expect(refOf('other-platform', 'vpc')).toBeUndefined();
  });
});
