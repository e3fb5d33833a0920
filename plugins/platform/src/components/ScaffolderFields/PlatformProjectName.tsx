import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import {
  askProjectName,
  ProjectNameAnswer,
  projectNameQuestion,
} from './projectNameCheck';

/**
 * `ui:options` of the project name field.
 *
 * @public
 */
export interface PlatformProjectNameUiOptions {
  /** The form field choosing where to publish; `publishTarget` when not given. */
  publishTargetField?: string;
  /** The form field holding the GitHub repository location; `repoUrl` when not given. */
  repoUrlField?: string;
}

/** How long typing must pause before the name is checked. */
export const PROJECT_NAME_CHECK_DELAY_MS = 400;

type CheckState =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'answered'; answer: ProjectNameAnswer }
  | { state: 'failed'; name: string; message: string };

/** The schema's words for an empty name, which ajv says as "must have required property". */
function inWords(error: string): string {
  return error.startsWith('must have required property')
    ? 'Give the project a name.'
    : error;
}

/** What the field says under the name, and whether it is a problem. */
function helperText(
  check: CheckState,
  description: string | undefined,
): { text: string | undefined; problem: boolean } {
  switch (check.state) {
    case 'checking':
      return {
        text: `Checking whether ${check.name} is free…`,
        problem: false,
      };
    case 'failed':
      return {
        text: `Could not check whether ${check.name} is free (${check.message}); Create checks it again.`,
        problem: false,
      };
    case 'answered': {
      const { answer } = check;
      if (answer.invalid) {
        return { text: answer.invalid, problem: true };
      }
      if (answer.taken.length) {
        return {
          text: `${answer.taken.join(' ')} Choose another project name.`,
          problem: true,
        };
      }
      return {
        text: [
          `${answer.name} is free: checked ${answer.asked.join(' and ')}.`,
          ...answer.notAsked,
        ].join(' '),
        problem: false,
      };
    }
    default:
      return { text: description, problem: false };
  }
}

/**
 * The project name, checked while it is typed against the catalog and the repository host the
 * project will be published to, with what is wrong said in words next to it.
 */
export function PlatformProjectName(
  props: FieldExtensionComponentProps<string, PlatformProjectNameUiOptions>,
) {
  const { formData, onChange, schema, uiSchema, formContext } = props;
  const { rawErrors, required, disabled, idSchema } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const question = projectNameQuestion(
    formData ?? '',
    formContext?.formData,
    uiSchema?.['ui:options'],
  );
  const { name, repoUrl } = question;

  useEffect(() => {
    if (!name) {
      setCheck({ state: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setCheck({ state: 'checking', name });
      askProjectName(
        { discoveryApi, fetchApi },
        { name, repoUrl },
        controller.signal,
      ).then(
        answer => setCheck({ state: 'answered', answer }),
        error => {
          if (!controller.signal.aborted) {
            setCheck({
              state: 'failed',
              name,
              message: (error as Error).message,
            });
          }
        },
      );
    }, PROJECT_NAME_CHECK_DELAY_MS);
    // A newer name replaces the question, and an answer about an older one is dropped.
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [name, repoUrl, discoveryApi, fetchApi]);

  const shown = helperText(check, schema.description);
  // An answer about the name as it is now says more than errors from the last Next, which the
  // form keeps until Next is pressed again; those come in words, too.
  const current = check.state === 'answered' && check.answer.name === name;
  const errors = current ? [] : (rawErrors ?? []).map(inWords);
  const text = errors.length ? errors.join(' ') : shown.text;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Project name'}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      required={required}
      disabled={disabled}
      error={errors.length > 0 || shown.problem}
      helperText={text}
      // Only where the template asks (the form's first field), as the scaffolder's own field does.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={!!uiSchema?.['ui:autofocus']}
      autoComplete="off"
      inputProps={{ spellCheck: false }}
      FormHelperTextProps={{ 'aria-live': 'polite' } as object}
      fullWidth
      margin="normal"
    />
  );
}

/**
 * Refuses, when Next is pressed, a name that cannot be used or is taken. A check that cannot be
 * made does not hold the person up: `platform:project:check` asks again when the task runs.
 */
export const validatePlatformProjectName: CustomFieldValidator<
  string,
  PlatformProjectNameUiOptions
> = async (value, validation, context) => {
  if (!value) {
    return;
  }
  const discoveryApi = context.apiHolder.get(discoveryApiRef);
  const fetchApi = context.apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) {
    return;
  }
  let answer: ProjectNameAnswer;
  try {
    answer = await askProjectName(
      { discoveryApi, fetchApi },
      projectNameQuestion(
        value,
        context.formData,
        context.uiSchema?.['ui:options'],
      ),
    );
  } catch {
    return;
  }
  if (answer.invalid) {
    validation.addError(answer.invalid);
  } else if (answer.taken.length) {
    validation.addError(
      `${answer.taken.join(' ')} Choose another project name.`,
    );
  }
};
