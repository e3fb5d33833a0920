import { namesModulePath } from './namesModulePath';

describe('namesModulePath', () => {
  it('finds the module path as a whole subdirectory of the source', () => {
    const platform = 'git::https://github.com/acme/platform.git';
    expect(
      namesModulePath(
        `${platform}//modules/vpc?ref=\${var.ref}`,
        'modules/vpc',
      ),
    ).toBe(true);
    expect(namesModulePath(`${platform}//modules/vpc`, 'modules/vpc')).toBe(
      true,
    );
    expect(
      namesModulePath(`${platform}//modules/vpc/sub?ref=x`, 'modules/vpc'),
    ).toBe(true);
  });

  it('does not take another module whose path starts the same for this one', () => {
    expect(
      namesModulePath(
        'git::https://github.com/acme/platform.git//modules/vpc-extra?ref=${var.ref}',
        'modules/vpc',
      ),
    ).toBe(false);
    expect(namesModulePath('modules/vpc', 'modules/vpc')).toBe(false);
  });
});
