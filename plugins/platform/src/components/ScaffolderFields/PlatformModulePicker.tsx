import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { FieldSetFrame } from './FieldSetFrame';
import { moduleKindForTool, moduleKindLabel } from './moduleForm';
import { modulesOfKind } from './moduleReleases';

/**
 * `ui:options` of the module picker.
 *
 * @public
 */
export interface PlatformModulePickerUiOptions {
  /** The form field holding the infrastructure tool; `iacTool` when not given. */
  toolField?: string;
}

function toolOf(
  formData: Record<string, unknown> | undefined,
  options: PlatformModulePickerUiOptions | undefined,
) {
  return formData?.[options?.toolField ?? 'iacTool'];
}

/**
 * Checkboxes for the platform's modules that fit the chosen infrastructure tool, each with its
 * description and latest release, so a module the platform team adds is offered without a
 * template change.
 */
export function PlatformModulePicker(
  props: FieldExtensionComponentProps<string[], PlatformModulePickerUiOptions>,
) {
  const { formData, onChange, schema, uiSchema, formContext } = props;
  const { rawErrors, required, disabled, idSchema } = props;
  const api = useApi(platformApiRef);
  const kind = moduleKindForTool(
    toolOf(formContext?.formData, uiSchema?.['ui:options']),
  );
  const {
    value: modules,
    loading,
    error,
  } = useAsync(() => api.listModules(), [api]);
  const offered = useMemo(
    () => (kind && modules ? modulesOfKind(modules, kind) : undefined),
    [kind, modules],
  );
  const chosen = useMemo(() => formData ?? [], [formData]);

  // A choice made for another tool does not carry over: Terraform modules are not compositions.
  useEffect(() => {
    if (!offered) return;
    const kept = chosen.filter(name => offered.some(m => m.name === name));
    if (kept.length !== chosen.length) onChange(kept);
  }, [offered, chosen, onChange]);

  const toggle = (name: string, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(name);
    else next.delete(name);
    // The platform's order, whatever order they were ticked in.
    onChange((offered ?? []).map(m => m.name).filter(n => next.has(n)));
  };

  const id = idSchema?.$id ?? 'modules';
  let body;
  if (!kind) {
    body = (
      <Typography variant="body2">
        Choose the infrastructure tool first.
      </Typography>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <Alert severity="error">
        The platform modules could not be listed: {error.message}
      </Alert>
    );
  } else if (!offered?.length) {
    body = (
      <Typography variant="body2">
        The platform offers no {moduleKindLabel(kind)}s. Its manifest
        (platform.yaml) lists the modules a project can use.
      </Typography>
    );
  } else {
    body = (
      <FormGroup>
        {offered.map(module => {
          const aboutId = `${id}-${module.name}-about`;
          return (
            <Box key={module.name} sx={{ mb: 1 }}>
              <FormControlLabel
                label={module.name}
                control={
                  <Checkbox
                    // The colour of the form's own checkboxes.
                    color="secondary"
                    checked={chosen.includes(module.name)}
                    disabled={disabled || !module.latest}
                    onChange={(_event, checked) => toggle(module.name, checked)}
                    inputProps={{ 'aria-describedby': aboutId }}
                  />
                }
              />
              <Typography
                id={aboutId}
                variant="body2"
                color="text.secondary"
                sx={{ ml: 4, mt: -0.5 }}
              >
                {module.description ?? 'No description.'}{' '}
                {module.latest
                  ? `Latest release ${module.latest}.`
                  : 'No release yet.'}
              </Typography>
            </Box>
          );
        })}
      </FormGroup>
    );
  }

  return (
    <FieldSetFrame
      title={schema.title ?? 'Modules'}
      description={schema.description}
      required={required}
      error={!!rawErrors?.length}
    >
      {body}
    </FieldSetFrame>
  );
}

/**
 * Refuses modules the platform does not offer for the chosen tool, or that have no release:
 * the form may have been filled from a link, and the list may have changed since it loaded.
 */
export const validatePlatformModulePicker: CustomFieldValidator<
  string[],
  PlatformModulePickerUiOptions
> = async (value, validation, context) => {
  const kind = moduleKindForTool(
    toolOf(context.formData, context.uiSchema?.['ui:options']),
  );
  if (!kind) {
    validation.addError('Choose the infrastructure tool first');
    return;
  }
  const api = context.apiHolder.get(platformApiRef);
  if (!api) {
    validation.addError('The platform API is not available in this app');
    return;
  }
  const offered = modulesOfKind(await api.listModules(), kind);
  for (const name of value ?? []) {
    const module = offered.find(m => m.name === name);
    if (!module) {
      validation.addError(
        `${name} is not a ${moduleKindLabel(kind)} of the platform`,
      );
    } else if (!module.latest) {
      validation.addError(`${name} has no release yet`);
    }
  }
};
