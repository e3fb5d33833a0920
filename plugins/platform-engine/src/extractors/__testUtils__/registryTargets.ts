import { ReferenceTarget } from '@platform-portal/plugin-platform-common';

/** `terraform-aws-modules/vpc/aws` of the public Terraform registry, as a reference's target. */
export const PUBLIC_VPC_MODULE: ReferenceTarget = {
  type: 'terraform-registry',
  host: 'registry.terraform.io',
  namespace: 'terraform-aws-modules',
  name: 'vpc',
  provider: 'aws',
};
