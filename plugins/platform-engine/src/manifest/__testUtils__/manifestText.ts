/**
 * The text of a `platform.yaml` whose modules are the given YAML lines, indented as items under
 * `modules:` (four spaces before `- name:`).
 */
export function manifestWithModules(
  modules: string,
  platform: { name?: string; repository?: string } = {},
): string {
  const {
    name = 'acme-platform',
    repository = 'https://github.com/acme/platform.git',
  } = platform;
  return `apiVersion: platform-portal.io/v1alpha1
kind: Platform
metadata:
  name: ${name}
spec:
  repository: ${repository}
  modules:
${modules}`;
}
