import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ModuleAdoption } from '@platform-portal/plugin-platform-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FormEvent, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef, UpgradePreview, UpgradeResult } from '../../api';
import { apiErrorMessage } from '../ModulePage/apiErrorMessage';
import { ReleaseSelect } from '../ModulePage/ReleaseSelect';
import { canBeChanged, ServicePreview } from './ServicePreview';
import { UpgradeResultList } from './UpgradeResultList';
import { entityName, givenInputs, plural } from './upgradeText';

/**
 * What the upgrade dialog opens on.
 *
 * @public
 */
export interface UpgradeDialogProps {
  open: boolean;
  onClose: () => void;
  /** The platform module whose pins move. */
  module: string;
  /** The release to move to; the module's latest release when absent. */
  version?: string;
  /** The services to upgrade; every service behind when absent. */
  entityRefs?: string[];
  /** Only this environment's references; all environments when absent. */
  environment?: string;
  /** Called once the changes are opened. */
  onCreated?: (result: UpgradeResult) => void;
}

/** The environments the module's references name, for "staging first". */
function environmentsOf(adoption: ModuleAdoption | undefined): string[] {
  const all = new Set<string>();
  for (const group of adoption?.versions ?? []) {
    for (const environment of Object.keys(group.environments)) {
      if (environment) {
        all.add(environment);
      }
    }
  }
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** The inputs asked for: every one a service misses, and every one already given a value. */
function inputNames(
  preview: UpgradePreview | undefined,
  given: Record<string, string>,
): string[] {
  const names = new Set(Object.keys(given));
  for (const service of preview?.services ?? []) {
    service.missingInputs.forEach(name => names.add(name));
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** What the breaking changes say about an input, as help for its field. */
function inputHelp(preview: UpgradePreview | undefined, name: string) {
  for (const service of preview?.services ?? []) {
    const change = service.breakingChanges.find(c => c.name === name);
    if (change) {
      return change.message.replace(/`/g, '');
    }
  }
  return undefined;
}

function Summary({ preview }: { preview: UpgradePreview }) {
  const { services } = preview;
  const changed = services.filter(canBeChanged).length;
  const breaking = services.filter(s => canBeChanged(s) && s.breaking).length;
  const refused = services.length - changed;
  if (services.length === 0) {
    return (
      <Alert severity="success">
        No service is behind on {preview.module} {preview.version}
        {preview.environment ? ` in ${preview.environment}` : ''}: nothing to
        upgrade.
      </Alert>
    );
  }
  const parts = [
    `${plural(changed, 'service')} will get a change to ${preview.tag}`,
  ];
  if (breaking) {
    parts.push(`${breaking} of them breaking`);
  }
  if (refused) {
    parts.push(`${refused} will not be changed (see why below)`);
  }
  return (
    <Typography variant="body1" role="status">
      {parts.join('; ')}.
    </Typography>
  );
}

function DialogBody(props: UpgradeDialogProps & { titleId: string }) {
  const { module, entityRefs, onClose, onCreated, titleId } = props;
  const platformApi = useApi(platformApiRef);
  // Only the module's releases and the environments it is used in are read: one service per
  // version keeps the answer small however many services use the module.
  const adoption = useAsync(
    () =>
      platformApi.getModuleAdoption(module, undefined, {
        servicesPerVersion: 1,
      }),
    [platformApi, module],
  );
  const [chosenVersion, setVersion] = useState(props.version);
  const [environment, setEnvironment] = useState(props.environment ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<Error>();
  const [result, setResult] = useState<UpgradeResult>();

  const latest = adoption.value?.module.latest;
  const version = chosenVersion ?? latest;
  const environments = environmentsOf(adoption.value);
  // Stable keys for the preview's dependencies, which arrive as new arrays and objects.
  const refsKey = JSON.stringify(entityRefs ?? null);
  const inputsKey = JSON.stringify(givenInputs(applied) ?? null);

  const preview = useAsyncRetry(async () => {
    if (!version) {
      return undefined;
    }
    return platformApi.previewUpgrades({
      module,
      version,
      entityRefs,
      environment: environment || undefined,
      inputs: givenInputs(applied),
    });
    // entityRefs and applied are followed through their keys.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [platformApi, module, version, environment, refsKey, inputsKey]);

  const names = useMemo(
    () => inputNames(preview.value, applied),
    [preview.value, applied],
  );
  const edited = names.some(
    name => (values[name] ?? '') !== (applied[name] ?? ''),
  );
  const services = preview.value?.services ?? [];
  const changeable = services.filter(canBeChanged).length;

  const applyInputs = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...values });
  };

  const confirm = async () => {
    if (!version) {
      return;
    }
    setCreating(true);
    setCreateError(undefined);
    try {
      const created = await platformApi.createUpgrades({
        module,
        version,
        entityRefs,
        environment: environment || undefined,
        inputs: givenInputs(applied),
        campaign: services.length > 1,
      });
      setResult(created);
      onCreated?.(created);
    } catch (error) {
      setCreateError(error as Error);
    } finally {
      setCreating(false);
    }
  };

  if (result) {
    return (
      <>
        <DialogContent dividers>
          <UpgradeResultList result={result} />
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose}>
            Close
          </Button>
        </DialogActions>
      </>
    );
  }

  let body;
  if (adoption.loading) {
    body = <Progress />;
  } else if (adoption.error) {
    body = (
      <Alert severity="error">
        Could not read {module}: {apiErrorMessage(adoption.error)}
      </Alert>
    );
  } else if (!version) {
    body = (
      <Alert severity="info">
        {module} has no release yet; there is nothing to upgrade to.
      </Alert>
    );
  } else {
    body = (
      <Stack spacing={2}>
        {preview.loading && (
          <Box role="status">
            <Typography variant="body2" gutterBottom>
              Preparing the preview…
            </Typography>
            <Progress />
          </Box>
        )}
        {!preview.loading && preview.error && (
          <Alert severity="error">
            <AlertTitle>No preview</AlertTitle>
            {apiErrorMessage(preview.error)}
            <Box mt={1}>
              <Button variant="outlined" size="small" onClick={preview.retry}>
                Try again
              </Button>
            </Box>
          </Alert>
        )}
        {!preview.loading && preview.value && (
          <Summary preview={preview.value} />
        )}
        {names.length > 0 && (
          <Box
            component="form"
            aria-label="New required inputs"
            onSubmit={applyInputs}
            sx={{
              border: 1,
              borderColor: 'warning.main',
              borderRadius: 1,
              p: 2,
            }}
          >
            <Typography variant="subtitle1" component="h3" gutterBottom>
              New required inputs
            </Typography>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              {module} {version} needs values the pinned release did not ask
              for. They are written into each service's call of the module.
            </Typography>
            <Stack spacing={2} mt={1}>
              {names.map(name => (
                <TextField
                  key={name}
                  label={name}
                  size="small"
                  value={values[name] ?? ''}
                  onChange={event =>
                    setValues(current => ({
                      ...current,
                      [name]: event.target.value,
                    }))
                  }
                  helperText={inputHelp(preview.value, name)}
                  InputProps={{ sx: { fontFamily: 'monospace' } }}
                />
              ))}
              <Box>
                <Button type="submit" variant="outlined" disabled={!edited}>
                  Update the preview
                </Button>
              </Box>
            </Stack>
          </Box>
        )}
        {!preview.loading &&
          services.map(service => (
            <ServicePreview
              key={service.entityRef}
              service={service}
              version={preview.value?.version ?? version}
            />
          ))}
      </Stack>
    );
  }

  return (
    <>
      <DialogContent dividers>
        <Stack spacing={2}>
          {entityRefs?.length ? (
            <Typography variant="body2" color="text.secondary">
              For {entityRefs.map(entityName).join(', ')}
            </Typography>
          ) : null}
          {adoption.value && (
            <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap>
              <ReleaseSelect
                label="Target release"
                value={version ?? ''}
                versions={adoption.value.module.versions}
                latest={latest}
                onChange={setVersion}
              />
              <TextField
                select
                size="small"
                label="Environment"
                value={environment}
                onChange={event => setEnvironment(event.target.value)}
                SelectProps={{ native: true }}
                // "All environments" is an empty value, which would leave the label over it.
                InputLabelProps={{ shrink: true }}
                helperText="Staging first: upgrade one environment, then the next"
                sx={{ minWidth: 200, mt: 2 }}
              >
                <option value="">All environments</option>
                {[
                  ...environments,
                  // An environment asked for that no reference names stays selectable.
                  ...(environment && !environments.includes(environment)
                    ? [environment]
                    : []),
                ].map(name => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </TextField>
            </Stack>
          )}
          {body}
          {createError && (
            <Alert severity="error" id={`${titleId}-error`}>
              <AlertTitle>The upgrade was not opened</AlertTitle>
              {apiErrorMessage(createError)}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {edited && (
          <Typography variant="body2" color="text.secondary" sx={{ mr: 1 }}>
            Update the preview to see the values before opening the changes.
          </Typography>
        )}
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          onClick={confirm}
          disabled={
            creating ||
            preview.loading ||
            !preview.value ||
            changeable === 0 ||
            edited
          }
        >
          {creating
            ? 'Opening changes…'
            : `Open ${plural(changeable, 'change')}`}
        </Button>
      </DialogActions>
    </>
  );
}

/**
 * A dialog to upgrade a module in one or more services: choose the release and environment,
 * read the preview of every change (diffs, breaking changes, refusals), give the new required
 * inputs, and open the changes (a campaign when there is more than one service).
 *
 * @public
 */
export function UpgradeDialog(props: UpgradeDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="lg"
      fullWidth
      scroll="paper"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>
        Upgrade {props.module}
        {props.entityRefs?.length === 1
          ? ` in ${entityName(props.entityRefs[0])}`
          : ''}
      </DialogTitle>
      {/* Mounted only while open, so each opening starts from the props again. */}
      {props.open && <DialogBody {...props} titleId={titleId} />}
    </Dialog>
  );
}
