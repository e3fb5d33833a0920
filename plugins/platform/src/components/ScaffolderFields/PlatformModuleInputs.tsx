import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { lighten, Theme } from '@mui/material/styles';
import { ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { FieldSetFrame } from './FieldSetFrame';
import {
  answerOf,
  answerProblem,
  buildModuleForm,
  InputQuestion,
  ModuleInputsValue,
  moduleKindForTool,
  normalizeValue,
  validateValue,
  withAnswer,
} from './moduleForm';
import { loadModuleReleases } from './moduleReleases';
import {
  PipelineInputField,
  QuestionInput,
  WiredInputField,
} from './QuestionInput';

/**
 * `ui:options` of the module inputs step.
 *
 * @public
 */
export interface PlatformModuleInputsUiOptions {
  /** The form field holding the chosen modules; `modules` when not given. */
  modulesField?: string;
  /** The form field holding the infrastructure tool; `iacTool` when not given. */
  toolField?: string;
}

function chosenModules(
  formData: Record<string, unknown> | undefined,
  options: PlatformModuleInputsUiOptions | undefined,
) {
  const names = formData?.[options?.modulesField ?? 'modules'];
  return {
    names: Array.isArray(names)
      ? names.filter((n): n is string => typeof n === 'string')
      : [],
    kind: moduleKindForTool(formData?.[options?.toolField ?? 'iacTool']),
  };
}

/**
 * The theme's error red is too dark to read as small text on a dark paper (axe: contrast below
 * 4.5:1); labels and messages of bad inputs use a lighter red there.
 */
const readableErrors = (theme: Theme) => ({
  // By attribute: the app may prefix MUI's class names (Backstage gives them a `v5-`).
  '& [class*="MuiFormLabel-root"].Mui-error, & [class*="MuiFormHelperText-root"].Mui-error':
    {
      color:
        theme.palette.mode === 'dark'
          ? lighten(theme.palette.error.main, 0.5)
          : theme.palette.error.main,
    },
});

/** A DOM id part from a question id, which holds module and input names. */
function idPart(text: string) {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

function Section(props: {
  id: string;
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={`${props.id}-title`}
      sx={{ p: 2 }}
    >
      <Typography id={`${props.id}-title`} variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.subtitle && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {props.subtitle}
        </Typography>
      )}
      <Stack spacing={2} sx={{ mt: 1 }}>
        {props.children}
      </Stack>
    </Paper>
  );
}

/**
 * The inputs of the chosen modules, built from each module's interface at the release the
 * template will pin: a control per input that fits its type, with its description, default and
 * required mark. Inputs the platform wires are shown with their source instead of being asked,
 * and an input several modules take is asked once.
 */
export function PlatformModuleInputs(
  props: FieldExtensionComponentProps<
    ModuleInputsValue,
    PlatformModuleInputsUiOptions
  >,
) {
  const { formData, onChange, schema, uiSchema, formContext } = props;
  const { rawErrors, disabled, idSchema } = props;
  const api = useApi(platformApiRef);
  const { names, kind } = chosenModules(
    formContext?.formData,
    uiSchema?.['ui:options'],
  );
  const namesKey = names.join('\u0000');
  const state = useAsync(async () => {
    if (!kind || !namesKey) return undefined;
    return loadModuleReleases(api, { names: namesKey.split('\u0000'), kind });
  }, [api, kind, namesKey]);
  const form = useMemo(
    () => state.value && buildModuleForm(state.value.releases),
    [state.value],
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  // The value always has an entry per chosen module at the release shown, so that the step's
  // validation runs (it runs only for fields that have a value) and the review shows versions.
  useEffect(() => {
    if (form) {
      const next = normalizeValue(form, formData);
      if (JSON.stringify(next) !== JSON.stringify(formData)) onChange(next);
    } else if (
      formData === undefined ||
      (!namesKey && Object.keys(formData).length)
    ) {
      onChange({});
    }
  }, [form, formData, namesKey, onChange]);

  const answer = useCallback(
    (
      question: InputQuestion,
      value: ModuleInputsValue[string]['inputs'][string] | undefined,
    ) =>
      onChange(
        withAnswer(form ? normalizeValue(form, formData) : {}, question, value),
      ),
    [form, formData, onChange],
  );
  const submitted = !!rawErrors?.length;
  const id = idSchema?.$id ?? 'moduleInputs';

  const question = (q: InputQuestion) => (
    <QuestionInput
      key={q.id}
      id={`${id}-${idPart(q.id)}`}
      question={q}
      answer={answerOf(formData, q)}
      disabled={disabled}
      problem={
        submitted || touched.has(q.id)
          ? answerProblem(q, answerOf(formData, q))
          : undefined
      }
      onChange={value => {
        // Problems show while typing, not on leaving the field: a message appearing on blur
        // moves the Next button away from under the pointer that is about to click it.
        setTouched(current =>
          current.has(q.id) ? current : new Set(current).add(q.id),
        );
        answer(q, value);
      }}
    />
  );

  let body: ReactNode;
  if (!kind) {
    body = (
      <Typography variant="body2">
        Choose the infrastructure tool first.
      </Typography>
    );
  } else if (!names.length) {
    body = (
      <Typography variant="body2">Choose platform modules first.</Typography>
    );
  } else if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = (
      <Alert severity="error">
        The inputs of the chosen modules could not be read:{' '}
        {state.error.message}
      </Alert>
    );
  } else if (form) {
    body = (
      <Stack spacing={2} sx={readableErrors}>
        {state.value?.problems.map(problem => (
          <Alert key={problem} severity="warning">
            {problem}
          </Alert>
        ))}
        {form.shared.length > 0 && (
          <Section
            id={`${id}-shared`}
            title="Shared inputs"
            subtitle="Asked once, and given to each module that takes them."
          >
            {form.shared.map(question)}
          </Section>
        )}
        {form.modules.map(module => (
          <Section
            key={module.name}
            id={`${id}-${idPart(module.name)}`}
            title={`${module.name} ${module.version}`}
            subtitle={module.description}
          >
            {module.questions.map(question)}
            {module.wired.map(wired => (
              <WiredInputField
                key={wired.name}
                id={`${id}-${idPart(module.name)}-${idPart(wired.name)}-wired`}
                name={wired.name}
                from={wired.from}
              />
            ))}
            {module.pipeline.map(input => (
              <PipelineInputField
                key={input.name}
                id={`${id}-${idPart(module.name)}-${idPart(
                  input.name,
                )}-pipeline`}
                name={input.name}
                required={input.required}
              />
            ))}
            {!module.questions.length &&
              !module.wired.length &&
              !module.pipeline.length && (
                <Typography variant="body2">
                  Nothing to set: every input of {module.name} has a default
                  {form.shared.some(s => s.modules.includes(module.name))
                    ? ' or is asked above'
                    : ''}
                  .
                </Typography>
              )}
          </Section>
        ))}
      </Stack>
    );
  }

  return (
    <FieldSetFrame
      title={schema.title ?? 'Module inputs'}
      description={schema.description}
    >
      <Box sx={{ mt: 1 }}>{body}</Box>
    </FieldSetFrame>
  );
}

/**
 * Checks the value against the interfaces of the modules at the releases it names: required
 * inputs set, numbers numeric, JSON parseable and of the right shape, nothing the modules do
 * not take. The interfaces' own validation blocks are the platform's to check.
 */
export const validatePlatformModuleInputs: CustomFieldValidator<
  ModuleInputsValue,
  PlatformModuleInputsUiOptions
> = async (value, validation, context) => {
  const { names, kind } = chosenModules(
    context.formData,
    context.uiSchema?.['ui:options'],
  );
  if (!kind || !names.length) return;
  const api = context.apiHolder.get(platformApiRef);
  if (!api) {
    validation.addError('The platform API is not available in this app');
    return;
  }
  const versions = Object.fromEntries(
    Object.entries(value ?? {}).map(([name, entry]) => [name, entry?.version]),
  );
  const { releases, problems } = await loadModuleReleases(api, {
    names,
    kind,
    versions,
  });
  for (const problem of problems) validation.addError(problem);
  for (const problem of validateValue(buildModuleForm(releases), value)) {
    validation.addError(problem.message);
  }
};
