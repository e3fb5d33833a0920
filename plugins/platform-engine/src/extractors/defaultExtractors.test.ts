import { createDefaultExtractors } from './defaultExtractors';

describe('createDefaultExtractors', () => {
  it('returns the HCL and YAML extractors with distinct ids', async () => {
    const extractors = await createDefaultExtractors();
    const ids = extractors.map(extractor => extractor.id);
    expect(ids.slice(0, 2)).toEqual(['terraform', 'terragrunt']);
    expect(ids).toContain('github-actions');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
