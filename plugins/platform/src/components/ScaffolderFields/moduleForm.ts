import {
  ModuleInterface,
  PlatformModuleInfo,
  PlatformModuleKind,
  RESERVED_CLAIM_FIELDS,
  SchemaProperty,
  TerraformVariable,
  XrdInterface,
} from '@platform-portal/plugin-platform-common';

/**
 * A JSON value, as the form stores an input and the template writes it.
 *
 * @public
 */
export type JsonInput =
  | string
  | number
  | boolean
  | null
  | JsonInput[]
  | { [key: string]: JsonInput };

/**
 * The value of the module inputs field: per chosen module, the release shown in the form (the
 * one the template pins) and the inputs the user set.
 *
 * @public
 */
export type ModuleInputsValue = Record<
  string,
  { version: string; inputs: Record<string, JsonInput> }
>;

/** The platform module kind that fits a form's infrastructure tool; undefined for no tool. */
export function moduleKindForTool(
  tool: unknown,
): PlatformModuleKind | undefined {
  switch (tool) {
    case 'terraform':
    case 'opentofu':
      return 'terraform-module';
    case 'crossplane':
      return 'crossplane-composition';
    default:
      return undefined;
  }
}

/** What the module list calls a module of that kind, for messages. */
export function moduleKindLabel(kind: PlatformModuleKind | undefined): string {
  return kind === 'crossplane-composition'
    ? 'Crossplane composition'
    : 'Terraform module';
}

/**
 * How an input is asked: `text` for strings, `number`, `bool` (a switch), `list` (strings,
 * comma separated), `json` for maps, objects, other lists and untyped inputs, `choice` for an
 * XRD property with an enum.
 */
export type InputControl =
  | 'text'
  | 'number'
  | 'bool'
  | 'list'
  | 'json'
  | 'choice';

/** What a JSON input must parse to; `any` takes anything. */
export type JsonShape = 'object' | 'array' | 'any';

/** One question of the form; asked once even when several modules take the input. */
export interface InputQuestion {
  /** Unique within the form. */
  id: string;
  /** The input's name, the key under each module's `inputs`. */
  name: string;
  /** The modules it is written into, in the order they were chosen. */
  modules: string[];
  control: InputControl;
  jsonShape?: JsonShape;
  /** A number that must be whole (an XRD's `integer`). */
  integer?: boolean;
  /** The type as the module declares it, e.g. `map(string)`. */
  type?: string;
  description?: string;
  required: boolean;
  /** The default when every module taking it declares the same one. */
  defaultValue?: unknown;
  hasValidation: boolean;
  choices?: unknown[];
}

/** An input the platform feeds itself, shown but not asked. */
export interface WiredInput {
  module: string;
  name: string;
  from: string;
}

/**
 * A sensitive input: never written into the repository (its history would keep it), so not
 * asked; the project's pipeline sets it as `TF_VAR_<name>`.
 */
export interface PipelineInput {
  module: string;
  name: string;
  required: boolean;
}

/** A chosen module at the release the form is built for. */
export interface ModuleRelease {
  info: PlatformModuleInfo;
  version: string;
  moduleInterface: ModuleInterface;
}

/** What the module inputs step asks, built from the chosen modules' interfaces. */
export interface ModuleForm {
  modules: Array<{
    name: string;
    version: string;
    description?: string;
    /** Questions only this module takes. */
    questions: InputQuestion[];
    wired: WiredInput[];
    pipeline: PipelineInput[];
  }>;
  /** Questions of inputs taken by several modules. */
  shared: InputQuestion[];
}

/** An input as a module declares it, whatever its kind. */
interface DeclaredInput {
  name: string;
  control: InputControl;
  jsonShape?: JsonShape;
  integer?: boolean;
  type?: string;
  description?: string;
  required: boolean;
  sensitive: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
  hasValidation: boolean;
  choices?: unknown[];
}

const stringCollection = /^(list|set)\(\s*string\s*\)$/;

function terraformInput(variable: TerraformVariable): DeclaredInput {
  const type = variable.type?.replace(/\s+/g, ' ').trim();
  let control: InputControl = 'json';
  let jsonShape: JsonShape | undefined;
  if (variable.kind === 'string') control = 'text';
  else if (variable.kind === 'number') control = 'number';
  else if (variable.kind === 'bool') control = 'bool';
  else if (type && stringCollection.test(type)) control = 'list';
  else if (variable.kind === 'map' || variable.kind === 'object')
    jsonShape = 'object';
  else if (['list', 'set', 'tuple'].includes(variable.kind))
    jsonShape = 'array';
  else jsonShape = 'any';
  return {
    name: variable.name,
    control,
    jsonShape,
    type,
    description: variable.description,
    required: variable.required,
    sensitive: variable.sensitive,
    hasDefault: variable.default !== undefined,
    defaultValue: variable.default,
    hasValidation: variable.hasValidation,
  };
}

function schemaInput(property: SchemaProperty): DeclaredInput {
  // Several JSON Schema types come joined with `|`; a nullable one is still its type.
  const types = (property.type ?? '').split('|').filter(t => t && t !== 'null');
  const type = types.length === 1 ? types[0] : undefined;
  let control: InputControl = 'json';
  let jsonShape: JsonShape | undefined;
  if (property.enum?.length) control = 'choice';
  else if (type === 'string') control = 'text';
  else if (type === 'integer' || type === 'number') control = 'number';
  else if (type === 'boolean') control = 'bool';
  else if (type === 'array') jsonShape = 'array';
  else if (type === 'object') jsonShape = 'object';
  else jsonShape = 'any';
  return {
    name: property.name,
    control,
    jsonShape,
    type: property.type,
    integer: type === 'integer',
    description: property.description,
    // The platform writes a required property's default when it is not set.
    required: property.required && property.default === undefined,
    sensitive: false,
    hasDefault: property.default !== undefined,
    defaultValue: property.default,
    hasValidation: false,
    choices: property.enum,
  };
}

/**
 * The XRD version a new claim is written against: the referenceable one, which Crossplane
 * stores, else the last served one.
 */
export function claimVersion(xrd: XrdInterface) {
  return (
    xrd.versions.find(v => v.referenceable && v.served) ??
    [...xrd.versions].reverse().find(v => v.served)
  );
}

function declaredInputs(moduleInterface: ModuleInterface): DeclaredInput[] {
  switch (moduleInterface.kind) {
    case 'terraform':
      return moduleInterface.variables.map(terraformInput);
    case 'xrd':
      return (claimVersion(moduleInterface)?.properties ?? [])
        .filter(property => !RESERVED_CLAIM_FIELDS.has(property.name))
        .map(schemaInput);
    default:
      // Workflows and charts are not created by this form.
      return [];
  }
}

/**
 * Where a wired input comes from, when the platform can feed it in this project: from the
 * project itself, or from an output of another chosen module. Otherwise the input is asked.
 */
function wiringSource(
  release: ModuleRelease,
  input: string,
  chosen: Set<string>,
): string | undefined {
  const wiring = release.info.wiring?.find(w => w.input === input);
  if (!wiring) return undefined;
  if (wiring.from.startsWith('project.')) return wiring.from;
  const [source] = wiring.from.split('.', 1);
  return source !== release.info.name && chosen.has(source)
    ? wiring.from
    : undefined;
}

/**
 * Builds the questions for the chosen modules: wired inputs are shown, not asked; an input of
 * the same name and type in several modules is asked once; required inputs, and optional ones
 * the user may set, each get a question.
 */
export function buildModuleForm(releases: ModuleRelease[]): ModuleForm {
  const chosen = new Set(releases.map(r => r.info.name));
  const asked: Array<{ module: string; input: DeclaredInput }> = [];
  const modules: ModuleForm['modules'] = releases.map(release => {
    const module = release.info.name;
    const wired: WiredInput[] = [];
    const pipeline: PipelineInput[] = [];
    for (const input of declaredInputs(release.moduleInterface)) {
      const from = wiringSource(release, input.name, chosen);
      if (from) wired.push({ module, name: input.name, from });
      else if (input.sensitive) {
        pipeline.push({ module, name: input.name, required: input.required });
      } else asked.push({ module, input });
    }
    return {
      name: module,
      version: release.version,
      description: release.info.description,
      questions: [],
      wired,
      pipeline,
    };
  });

  // Grouped by name and type: a `tags` map in two modules is one question, but a `size` that is
  // a number in one module and a string in another is two.
  const groups = new Map<
    string,
    Array<{ module: string; input: DeclaredInput }>
  >();
  for (const entry of asked) {
    const key = `${entry.input.name}\u0000${entry.input.control}\u0000${
      entry.input.type ?? ''
    }`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }

  const shared: InputQuestion[] = [];
  for (const group of groups.values()) {
    const [first] = group;
    const defaults = group.map(g => JSON.stringify(g.input.defaultValue));
    const question: InputQuestion = {
      id: `${group.map(g => g.module).join('+')}.${first.input.name}`,
      name: first.input.name,
      modules: group.map(g => g.module),
      control: first.input.control,
      jsonShape: first.input.jsonShape,
      integer: first.input.integer,
      type: first.input.type,
      description: group.find(g => g.input.description)?.input.description,
      required: group.some(g => g.input.required),
      defaultValue:
        first.input.hasDefault && defaults.every(d => d === defaults[0])
          ? first.input.defaultValue
          : undefined,
      hasValidation: group.some(g => g.input.hasValidation),
      choices: first.input.choices,
    };
    if (group.length > 1) {
      shared.push(question);
    } else {
      modules.find(m => m.name === first.module)!.questions.push(question);
    }
  }
  return { modules, shared };
}

/** Every question of the form, shared ones first. */
export function allQuestions(form: ModuleForm): InputQuestion[] {
  return [...form.shared, ...form.modules.flatMap(m => m.questions)];
}

/** The answer to a question as the value holds it: the first module that has one. */
export function answerOf(
  value: ModuleInputsValue | undefined,
  question: InputQuestion,
): JsonInput | undefined {
  for (const module of question.modules) {
    const answer = value?.[module]?.inputs?.[question.name];
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** The value with one question answered (or cleared, for undefined) in each of its modules. */
export function withAnswer(
  value: ModuleInputsValue,
  question: InputQuestion,
  answer: JsonInput | undefined,
): ModuleInputsValue {
  const next = { ...value };
  for (const module of question.modules) {
    const entry = next[module] ?? { version: '', inputs: {} };
    const inputs = { ...entry.inputs };
    if (answer === undefined) delete inputs[question.name];
    else inputs[question.name] = answer;
    next[module] = { ...entry, inputs };
  }
  return next;
}

/**
 * The value for this form: one entry per chosen module at the release shown, keeping the answers
 * already given to questions that are still asked, and `false` for a required switch nobody
 * touched, since an unchecked switch is what the user sees.
 */
export function normalizeValue(
  form: ModuleForm,
  value: ModuleInputsValue | undefined,
): ModuleInputsValue {
  let next: ModuleInputsValue = Object.fromEntries(
    form.modules.map(m => [m.name, { version: m.version, inputs: {} }]),
  );
  for (const question of allQuestions(form)) {
    const answer = answerOf(value, question);
    const untouchedRequiredSwitch =
      answer === undefined && question.control === 'bool' && question.required;
    next = withAnswer(next, question, untouchedRequiredSwitch ? false : answer);
  }
  return next;
}

/** The modules a question is written into, for messages: "vpc", "vpc and s3-bucket". */
export function moduleList(modules: string[]): string {
  if (modules.length < 2) return modules.join('');
  return `${modules.slice(0, -1).join(', ')} and ${
    modules[modules.length - 1]
  }`;
}

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A number typed into a text field, or the text itself when it is not one. */
export function parseNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return numberPattern.test(trimmed) ? Number(trimmed) : text;
}

/** A comma separated list of strings; undefined when empty. */
export function parseList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * JSON typed into a text field. Text that does not parse is kept as it is, so the validation can
 * name it; for an untyped (`any`) input, text that is not JSON is taken as a plain string.
 */
export function parseJson(text: string): JsonInput | undefined {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as JsonInput;
  } catch {
    return text;
  }
}

/** Why a JSON text does not parse, or undefined when it does. */
export function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const looksLikeJson = /^\s*[[{]/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `"${text.slice(0, 57)}..."` : `"${text}"`;
}

/** What is wrong with one answer, or undefined when it is acceptable. */
export function answerProblem(
  question: InputQuestion,
  answer: JsonInput | undefined,
): string | undefined {
  const label = `\`${question.name}\` of ${moduleList(question.modules)}`;
  if (answer === undefined || answer === '' || answer === null) {
    return question.required ? `${label} is required` : undefined;
  }
  switch (question.control) {
    case 'text':
      return typeof answer === 'string' ? undefined : `${label} must be text`;
    case 'number':
      if (typeof answer !== 'number' || !Number.isFinite(answer)) {
        return `${label} must be a number, not ${quote(answer)}`;
      }
      return question.integer && !Number.isInteger(answer)
        ? `${label} must be a whole number, not ${answer}`
        : undefined;
    case 'bool':
      return typeof answer === 'boolean'
        ? undefined
        : `${label} must be true or false`;
    case 'list':
      return Array.isArray(answer) && answer.every(i => typeof i === 'string')
        ? undefined
        : `${label} must be a list of strings`;
    case 'choice':
      return question.choices?.some(c => c === answer)
        ? undefined
        : `${label} must be one of ${question.choices
            ?.map(c => quote(c))
            .join(', ')}`;
    default:
      break;
  }
  if (question.jsonShape === 'object') {
    if (typeof answer === 'string') {
      return `${label} is not valid JSON: ${jsonError(answer)}`;
    }
    return isPlainObject(answer)
      ? undefined
      : `${label} must be a JSON object, like {"key": "value"}`;
  }
  if (question.jsonShape === 'array') {
    if (typeof answer === 'string') {
      return `${label} is not valid JSON: ${jsonError(answer)}`;
    }
    return Array.isArray(answer)
      ? undefined
      : `${label} must be a JSON list, like ["a", "b"]`;
  }
  // Untyped: text that is not JSON is a string, unless it was meant as an object or list.
  if (typeof answer === 'string' && looksLikeJson.test(answer)) {
    const error = jsonError(answer);
    if (error) return `${label} is not valid JSON: ${error}`;
  }
  return undefined;
}

/** A problem of the value, with the question it belongs to when there is one. */
export interface ValueProblem {
  questionId?: string;
  message: string;
}

/**
 * Everything wrong with a value for this form: modules missing or at another release than the
 * form shows, inputs the form does not ask, and bad answers.
 */
export function validateValue(
  form: ModuleForm,
  value: ModuleInputsValue | undefined,
): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const questions = allQuestions(form);
  for (const module of form.modules) {
    const entry = value?.[module.name];
    if (!entry) {
      problems.push({
        message: `The inputs of ${module.name} are not filled in`,
      });
      continue;
    }
    if (entry.version !== module.version) {
      problems.push({
        message: `${module.name} is shown at ${
          module.version
        }, but the value names ${entry.version || 'no release'}`,
      });
    }
    for (const name of Object.keys(entry.inputs ?? {})) {
      if (
        !questions.some(q => q.name === name && q.modules.includes(module.name))
      ) {
        problems.push({
          message: `\`${name}\` is not an input that ${module.name} ${module.version} asks for`,
        });
      }
    }
  }
  for (const input of form.modules.flatMap(m => m.pipeline)) {
    if (input.required) {
      problems.push({
        message: `\`${input.name}\` of ${input.module} is sensitive and has no default: a new project cannot leave it out, and the platform does not write secrets into the repository, so ${input.module} cannot be created here`,
      });
    }
  }
  for (const name of Object.keys(value ?? {})) {
    if (!form.modules.some(m => m.name === name)) {
      problems.push({ message: `${name} is not one of the chosen modules` });
    }
  }
  for (const question of questions) {
    const message = answerProblem(question, answerOf(value, question));
    if (message) problems.push({ questionId: question.id, message });
  }
  return problems;
}
