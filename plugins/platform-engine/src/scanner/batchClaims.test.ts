import { BatchClaims } from './batchClaims';

describe('BatchClaims', () => {
  it('gives each file of a batch once, from either end, then none', () => {
    const claims = BatchClaims.create(5);
    expect(claims.takeFirst()).toBe(0);
    expect(claims.takeLast()).toBe(4);
    expect(claims.takeLast()).toBe(3);
    expect(claims.takeFirst()).toBe(1);
    expect(claims.takeFirst()).toBe(2);
    expect(claims.takeFirst()).toBeUndefined();
    expect(claims.takeLast()).toBeUndefined();
    expect(BatchClaims.create(0).takeLast()).toBeUndefined();
  });

  it('shares its claims with another view of its buffer, as a worker thread sees them', () => {
    const claims = BatchClaims.create(3);
    const elsewhere = new BatchClaims(claims.buffer);
    expect(elsewhere.takeFirst()).toBe(0);
    expect(claims.takeLast()).toBe(2);
    expect(elsewhere.takeFirst()).toBe(1);
    expect(claims.takeLast()).toBeUndefined();
  });

  it('takes the largest batch it can hold, to its last file', () => {
    const claims = BatchClaims.create(0xffff);
    expect(claims.takeLast()).toBe(0xfffe);
    let first: number | undefined;
    for (let i = 0; i < 0xfffe; i++) {
      first = claims.takeFirst();
    }
    expect(first).toBe(0xfffd);
    expect(claims.takeFirst()).toBeUndefined();
  });

  it('refuses a batch it cannot count', () => {
    expect(() => BatchClaims.create(0x10000)).toThrow(
      'a batch holds 0 to 65535 files, not 65536',
    );
    expect(() => BatchClaims.create(-1)).toThrow(RangeError);
    expect(() => BatchClaims.create(1.5)).toThrow(RangeError);
  });
});
