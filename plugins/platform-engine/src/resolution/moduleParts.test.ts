import { parseModuleSource } from '../extractors/hcl/parseModuleSource';
import { partOfModule } from './moduleParts';

/** The part of the module at `modulePath` that a Terraform source installs. */
function partInstalledBy(source: string, modulePath: string): string {
  const { target, name } = parseModuleSource(source, { version: '1.0.0' });
  return partOfModule({ target, name }, { path: modulePath });
}

describe('partOfModule', () => {
  it.each([
    [
      'git::https://github.com/acme/platform.git//modules/eks?ref=eks-v1.0.0',
      'modules/eks',
      '',
    ],
    [
      'git::https://github.com/acme/platform.git//modules/eks/modules/node-group/?ref=eks-v1.0.0',
      'modules/eks',
      'modules/node-group',
    ],
    ['github.com/terraform-aws-modules/terraform-aws-eks?ref=v20.28.0', '', ''],
    [
      'github.com/terraform-aws-modules/terraform-aws-eks//modules/karpenter?ref=v20.31.0',
      '',
      'modules/karpenter',
    ],
    ['registry.acme.example/acme/eks/aws', 'modules/eks', ''],
    [
      'terraform-aws-modules/eks/aws//modules/karpenter',
      '',
      'modules/karpenter',
    ],
    [
      'tfr:///acme/eks/aws//modules/iam?version=1.0.0',
      'modules/eks',
      'modules/iam',
    ],
  ])('%s of the module at "%s" is "%s"', (source, modulePath, part) => {
    expect(partInstalledBy(source, modulePath)).toBe(part);
  });

  it('is the whole module for a chart or package, which has no subdirectories', () => {
    expect(
      partOfModule(
        {
          target: {
            type: 'oci',
            registry: 'ghcr.io',
            repository: 'acme/charts/eks',
          },
          name: 'ghcr.io/acme/charts/eks',
        },
        { path: 'charts/eks' },
      ),
    ).toBe('');
  });
});
