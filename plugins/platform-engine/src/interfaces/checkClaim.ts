import type {
  CallArgument,
  CallFinding,
  SchemaProperty,
  XrdInterface,
} from '@platform-portal/plugin-platform-common';

type Value = CallArgument['value'];

/** What a claim sets at one path below `spec`: a literal, or an object of further paths. */
interface Given {
  value?: Value;
  children: Map<string, Given>;
}

function tree(callArguments: readonly CallArgument[]): Given {
  const root: Given = { children: new Map() };
  for (const argument of callArguments) {
    let node = root;
    for (const key of argument.name.split('.')) {
      let child = node.children.get(key);
      if (!child) {
        child = { children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    if (argument.value !== undefined) {
      node.value = argument.value;
    }
  }
  return root;
}

/** The Kubernetes API server checks types strictly: `"3"` is not an integer. */
function fits(type: string, value: NonNullable<Value>): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      // `object` and `array`: a scalar is neither.
      return false;
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: NonNullable<Value>): string {
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Where findings go, and the release and version they name. */
interface ClaimCheck {
  where: string;
  findings: CallFinding[];
}

function report(
  check: ClaimCheck,
  finding: CallFinding['finding'],
  path: string,
  message: string,
) {
  check.findings.push({ finding, argument: path, message });
}

function checkObject(
  check: ClaimCheck,
  properties: SchemaProperty[],
  given: Given,
  prefix: string,
) {
  const declared = new Map(properties.map(p => [p.name, p]));
  for (const property of properties) {
    const child = given.children.get(property.name);
    // The API server prunes a null the schema does not allow, so it leaves the property unset.
    if (property.required && (!child || child.value === null)) {
      const path = `${prefix}${property.name}`;
      report(
        check,
        'missing-required-input',
        path,
        `\`spec.${path}\` is required by ${check.where} but not set`,
      );
    }
  }
  for (const [key, child] of given.children) {
    const path = `${prefix}${key}`;
    const property = declared.get(key);
    if (property) {
      checkProperty(check, property, child, path);
    } else {
      report(
        check,
        'unknown-argument',
        path,
        `\`spec.${path}\` is not a property of ${check.where}`,
      );
    }
  }
}

function checkProperty(
  check: ClaimCheck,
  property: SchemaProperty,
  given: Given,
  path: string,
) {
  const types = property.type?.split('|');
  const wrongType = (declared: string[], what: string) =>
    report(
      check,
      'wrong-type',
      path,
      `\`spec.${path}\` is ${
        declared.length > 1
          ? `one of ${declared.join(', ')}`
          : withArticle(declared[0])
      } in ${check.where}, not ${what}`,
    );
  if (given.children.size > 0) {
    if (types && !types.includes('object')) {
      wrongType(types, 'an object');
    } else if (property.properties) {
      checkObject(check, property.properties, given, `${path}.`);
    }
    // An object without declared properties takes any: labels, free-form settings.
    return;
  }
  if (given.value === undefined) {
    // A list or an empty object: the extractor records neither's items.
    if (types && !types.includes('object') && !types.includes('array')) {
      wrongType(types, 'a list or an object');
    } else if (
      types?.includes('object') &&
      !types.includes('array') &&
      property.properties
    ) {
      checkObject(check, property.properties, given, `${path}.`);
    }
    return;
  }
  if (given.value === null) {
    return;
  }
  const value = given.value;
  if (types && !types.some(type => fits(type, value))) {
    wrongType(types, describe(value));
  } else if (property.enum && !property.enum.includes(value)) {
    report(
      check,
      'wrong-type',
      path,
      `\`spec.${path}\` is one of ${property.enum
        .map(allowed => JSON.stringify(allowed))
        .join(', ')} in ${check.where}, not ${JSON.stringify(value)}`,
    );
  }
}

/**
 * Checks a claim against the schema of the XRD version its apiVersion names: the version must
 * be served; below `spec`, required properties must be set (nested ones where their parent is),
 * every property the claim sets must be declared unless its parent is a free-form object, and
 * literals must have the declared type and be one of the `enum` values. `at` names the release.
 */
export function checkClaim(
  at: string,
  xrd: XrdInterface,
  callArguments: readonly CallArgument[],
  schemaVersion: string,
): CallFinding[] {
  const version = xrd.versions.find(v => v.name === schemaVersion);
  if (!version?.served) {
    const served = xrd.versions.filter(v => v.served).map(v => v.name);
    return [
      {
        finding: 'unknown-argument',
        argument: 'apiVersion',
        message: `${
          xrd.group
        }/${schemaVersion} is not a version ${at} serves (${
          served.length > 0 ? `it serves ${served.join(', ')}` : 'none is'
        })`,
      },
    ];
  }
  const check: ClaimCheck = { where: `${at} (${schemaVersion})`, findings: [] };
  checkObject(check, version.properties, tree(callArguments), '');
  return check.findings;
}
