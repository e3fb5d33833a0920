import { manifestWithModules } from './__testUtils__/manifestText';
import { parsePlatformManifest } from './parsePlatformManifest';

/** A manifest with one reusable workflow whose `required` is the given YAML. */
function manifestRequiring(required: string): string {
  return manifestWithModules(`    - name: terraform-ci
      kind: github-workflow
      path: .github/workflows/terraform.yml
      tagPattern: v{version}
      required: ${required}
    - name: vpc
      kind: terraform-module
      path: modules/vpc
`);
}

function parse(required: string) {
  const { manifest, problems } = parsePlatformManifest(
    manifestRequiring(required),
  );
  return {
    required: manifest?.modules.find(m => m.name === 'terraform-ci')?.required,
    modules: manifest?.modules.map(m => m.name),
    problems: problems.map(p => `${p.line}:${p.column} ${p.message}`),
  };
}

describe('required modules in platform.yaml', () => {
  it('reads a required range of releases', () => {
    expect(parse(`{ versions: '>= 3.0.0' }`)).toEqual({
      required: { versions: '>= 3.0.0' },
      modules: ['terraform-ci', 'vpc'],
      problems: [],
    });
  });

  it('reads true as any release, and false or no field as not required', () => {
    expect(parse('true').required).toEqual({});
    expect(parse('{}').required).toEqual({});
    expect(parse('false').required).toBeUndefined();
    const { manifest } = parsePlatformManifest(manifestRequiring('true'));
    expect(manifest?.modules.find(m => m.name === 'vpc')).not.toHaveProperty(
      'required',
    );
  });

  it('reports a bad range at its line and column, and keeps the module without it', () => {
    expect(parse(`{ versions: 'three or newer' }`)).toEqual({
      required: undefined,
      modules: ['terraform-ci', 'vpc'],
      problems: [
        '12:29 spec.modules[0].required.versions: "three or newer" is not a valid semver range',
      ],
    });
  });

  it('reports a value that is no requirement, and an unknown field in one', () => {
    expect(parse('yes please').problems).toEqual([
      "12:17 spec.modules[0].required: must be true, false or a mapping such as { versions: '>= 2.0.0' }",
    ]);
    expect(parse(`{ version: '>= 3.0.0' }`)).toEqual({
      required: {},
      modules: ['terraform-ci', 'vpc'],
      problems: [
        '12:19 spec.modules[0].required.version: unknown field; expected versions',
      ],
    });
    expect(parse('{ versions: 3 }').problems).toEqual([
      "12:29 spec.modules[0].required.versions: must be a semver range such as '>= 2.0.0'",
    ]);
  });
});
