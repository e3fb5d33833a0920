/** The annotations the template writes for orders-api, a Terraform project with all four channels. */
export const ORDERS_API_ANNOTATIONS = {
  'github.com/project-slug': 'acme/orders-api',
  'backstage.io/source-template': 'template:default/federated-project',
  'platform-portal.io/template-version': '2',
  'platform-portal.io/iac-tool': 'terraform',
  'platform-portal.io/release-git-tags':
    'https://github.com/acme/orders-api.git',
  'platform-portal.io/release-helm': 'https://charts.acme.example/#orders-api',
  'platform-portal.io/release-oci': 'ghcr.io/acme/orders-api',
  'platform-portal.io/release-npm': '@acme/orders-api',
};

/** The value of finding 2: a second catalog document hidden in the owner. */
export const INJECTED_DOCUMENT = [
  'group:default/team-orders',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Component',
  'metadata:',
  '  name: sec-injected',
  '  annotations:',
  '    backstage.io/techdocs-ref: url:https://evil.example/',
  'spec:',
  '  type: service',
  '  lifecycle: production',
  '  owner: group:default/attackers',
].join('\n');
