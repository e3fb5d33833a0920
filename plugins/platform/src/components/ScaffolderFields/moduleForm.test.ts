import { TerraformModuleInterface } from '@platform-portal/plugin-platform-common';
import {
  moduleInterfaces,
  platformModules,
} from './__testUtils__/platformModules';
import {
  buildModuleForm,
  ModuleRelease,
  normalizeValue,
  parseJson,
  parseList,
  parseNumber,
  validateValue,
} from './moduleForm';

function releases(...names: string[]): ModuleRelease[] {
  return names.map(name => {
    const info = platformModules.find(m => m.name === name)!;
    return {
      info,
      version: info.latest!,
      moduleInterface: moduleInterfaces[`${name}@${info.latest}`].interface,
    };
  });
}

describe('buildModuleForm', () => {
  it('asks an input of several modules once and shows wired inputs with their source', () => {
    const form = buildModuleForm(releases('vpc', 's3-bucket'));

    expect(form.shared).toEqual([
      expect.objectContaining({
        name: 'tags',
        modules: ['vpc', 's3-bucket'],
        control: 'json',
        jsonShape: 'object',
        required: false,
        defaultValue: {},
      }),
    ]);
    const [vpc, s3] = form.modules;
    expect(vpc.questions.map(q => [q.name, q.control, q.required])).toEqual([
      ['cidr', 'text', true],
      ['region', 'text', false],
      ['az_count', 'number', false],
      ['enable_ipv6', 'bool', false],
    ]);
    expect(vpc.wired).toEqual([
      { module: 'vpc', name: 'name', from: 'project.name' },
    ]);
    expect(s3.questions.map(q => q.name)).toEqual(['noncurrent_version_days']);
  });

  it('asks an input wired from a module that was not chosen', () => {
    const alone = buildModuleForm(releases('eks'));
    expect(alone.modules[0].questions.map(q => [q.name, q.control])).toEqual([
      ['kubernetes_version', 'text'],
      ['subnet_ids', 'list'],
      ['node_groups', 'json'],
    ]);

    const withVpc = buildModuleForm(releases('vpc', 'eks'));
    expect(withVpc.modules[1].wired).toContainEqual({
      module: 'eks',
      name: 'subnet_ids',
      from: 'vpc.private_subnet_ids',
    });
  });

  it('asks the spec of the XRD version a claim is written against, not the fields Crossplane reads', () => {
    const form = buildModuleForm(releases('postgresql'));

    // A required property with a default is written with it when not set.
    expect(
      form.modules[0].questions.map(q => [q.name, q.control, q.required]),
    ).toEqual([
      ['storageGB', 'number', false],
      ['region', 'choice', true],
      ['version', 'text', false],
    ]);
    expect(
      validateValue(form, {
        postgresql: {
          version: '1.1.0',
          inputs: { storageGB: 2.5, region: 'us-east-1' },
        },
      }).map(p => p.message),
    ).toEqual([
      '`storageGB` of postgresql must be a whole number, not 2.5',
      '`region` of postgresql must be one of "eu-west-1", "eu-central-1"',
    ]);
  });
});

describe('normalizeValue', () => {
  it('keeps one entry per chosen module at its release, with the answers still asked', () => {
    const form = buildModuleForm(releases('vpc', 's3-bucket'));

    expect(
      normalizeValue(form, {
        vpc: {
          version: '2.0.0',
          inputs: { cidr: '10.0.0.0/16', tags: { team: 'orders' }, name: 'x' },
        },
        rds: { version: '2.1.0', inputs: { allocated_storage: 100 } },
      }),
    ).toEqual({
      vpc: {
        version: '2.1.1',
        inputs: { cidr: '10.0.0.0/16', tags: { team: 'orders' } },
      },
      's3-bucket': { version: '1.4.0', inputs: { tags: { team: 'orders' } } },
    });
  });
});

describe('validateValue', () => {
  const form = buildModuleForm(releases('vpc', 'rds', 's3-bucket'));
  const messages = (value: Parameters<typeof validateValue>[1]) =>
    validateValue(form, normalizeValue(form, value)).map(p => p.message);

  it('accepts set required inputs and well-formed optional ones', () => {
    expect(
      messages({
        vpc: {
          version: '2.1.1',
          inputs: { cidr: '10.0.0.0/16', az_count: 2, tags: { team: 'a' } },
        },
      }),
    ).toEqual([]);
  });

  it('names each required input that is missing', () => {
    expect(messages({})).toEqual(['`cidr` of vpc is required']);
  });

  it('refuses a number that is not one, and JSON that does not parse or is not an object', () => {
    expect(
      messages({
        vpc: {
          version: '2.1.1',
          inputs: {
            cidr: '10.0.0.0/16',
            az_count: parseNumber('three')!,
            tags: parseJson('{"team": ')!,
          },
        },
      }),
    ).toEqual([
      expect.stringMatching(/^`tags` of vpc and s3-bucket is not valid JSON: /),
      '`az_count` of vpc must be a number, not "three"',
    ]);
    expect(
      messages({
        vpc: {
          version: '2.1.1',
          inputs: { cidr: '10.0.0.0/16', tags: parseJson('["a"]')! },
        },
      }),
    ).toEqual([
      '`tags` of vpc and s3-bucket must be a JSON object, like {"key": "value"}',
    ]);
  });

  it('does not ask a sensitive input, and refuses a module whose sensitive input is required', () => {
    const [rds] = releases('rds');
    expect(buildModuleForm([rds]).modules[0]).toMatchObject({
      questions: [
        expect.objectContaining({ name: 'subnet_ids' }),
        expect.objectContaining({ name: 'allocated_storage' }),
        expect.objectContaining({ name: 'deletion_protection' }),
      ],
      pipeline: [{ module: 'rds', name: 'master_password', required: false }],
    });
    expect(
      validateValue(buildModuleForm([rds]), {
        rds: {
          version: '2.1.0',
          inputs: { subnet_ids: ['a'], master_password: 'x' },
        },
      }).map(p => p.message),
    ).toEqual(['`master_password` is not an input that rds 2.1.0 asks for']);

    const moduleInterface = rds.moduleInterface as TerraformModuleInterface;
    const withRequiredSecret = {
      ...rds,
      moduleInterface: {
        ...moduleInterface,
        variables: moduleInterface.variables.map(v =>
          v.name === 'master_password'
            ? { ...v, default: undefined, required: true }
            : v,
        ),
      },
    };
    expect(
      validateValue(buildModuleForm([withRequiredSecret]), {
        rds: {
          version: '2.1.0',
          inputs: { subnet_ids: ['a'] },
        },
      }).map(p => p.message),
    ).toEqual([
      '`master_password` of rds is sensitive and has no default: a new project cannot leave it out, and the platform does not write secrets into the repository, so rds cannot be created here',
    ]);
  });

  it('refuses inputs the release does not take, modules not chosen and another release', () => {
    const value = {
      vpc: {
        version: '2.0.0',
        inputs: { cidr: '10.0.0.0/16', cidr_block: 'x' },
      },
      eks: { version: '3.2.0', inputs: {} },
    };
    expect(
      validateValue(buildModuleForm(releases('vpc')), value).map(
        p => p.message,
      ),
    ).toEqual([
      'vpc is shown at 2.1.1, but the value names 2.0.0',
      '`cidr_block` is not an input that vpc 2.1.1 asks for',
      'eks is not one of the chosen modules',
    ]);
  });
});

describe('parsing typed text', () => {
  it('reads numbers, comma lists and JSON, keeping text that does not parse', () => {
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('-1.5e3')).toBe(-1500);
    expect(parseNumber('12abc')).toBe('12abc');
    expect(parseNumber('  ')).toBeUndefined();
    expect(parseList('a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseList(' , ')).toBeUndefined();
    expect(parseJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseJson('{"a": ')).toBe('{"a": ');
  });
});
