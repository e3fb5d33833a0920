import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ServiceUpgradePreview } from '../../api';
import { CodeText } from '../CallFindings';
import { ReadableChip } from '../verdicts';
import { UnifiedDiff } from './UnifiedDiff';
import { entityName, plural } from './upgradeText';
import { WrappingRow } from '../layout/WrappingRow';

/** Whether the upgrade of this service can be pushed as it is previewed. */
export function canBeChanged(service: ServiceUpgradePreview): boolean {
  return !service.refused && service.needsPerson.length === 0;
}

/**
 * One service in the preview of an upgrade: what it pins now and will pin, what breaks, why it
 * is refused or what a person must do, and each file's diff.
 */
export function ServicePreview(props: {
  service: ServiceUpgradePreview;
  version: string;
}) {
  const { service, version } = props;
  const name = entityName(service.entityRef);
  const headingId = `upgrade-service-${name}`;
  const breaking = service.breakingChanges.filter(c => c.breaking);
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      data-testid={`upgrade-preview-${name}`}
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2 }}
    >
      <Stack spacing={1.5}>
        <WrappingRow>
          <Typography variant="h6" component="h3" id={headingId}>
            {name}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {service.from.length
              ? `${service.from.join(', ')} → ${version}`
              : `→ ${version}`}
          </Typography>
          {service.breaking ? (
            <ReadableChip size="small" color="error" label="Breaking" />
          ) : (
            !service.refused && (
              <ReadableChip
                size="small"
                variant="outlined"
                label="Not breaking"
              />
            )
          )}
        </WrappingRow>
        <Typography variant="body2" color="text.secondary">
          {service.title} · {service.entityRef} · branch{' '}
          <Box component="code" sx={{ fontFamily: 'monospace' }}>
            {service.branch}
          </Box>
        </Typography>

        {service.refused && (
          <Alert severity="info">
            <AlertTitle>Nothing will be changed in {name}</AlertTitle>
            {service.refused}
          </Alert>
        )}

        {service.needsPerson.length > 0 && (
          <Alert severity="warning">
            <AlertTitle>
              Needs a person: nothing will be pushed to {name}
            </AlertTitle>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {service.needsPerson.map(refusal => (
                <li key={`${refusal.file}:${refusal.line}`}>
                  <Box component="code" sx={{ fontFamily: 'monospace' }}>
                    {refusal.file}:{refusal.line}
                  </Box>{' '}
                  — {refusal.reason}
                </li>
              ))}
            </Box>
          </Alert>
        )}

        {breaking.length > 0 && (
          <Box>
            <Typography variant="subtitle2" component="h4">
              Breaking changes ({breaking.length})
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {breaking.map(change => (
                <Typography
                  component="li"
                  variant="body2"
                  key={`${change.change}:${change.name}`}
                >
                  <CodeText text={change.message} />
                </Typography>
              ))}
            </Box>
          </Box>
        )}

        {service.missingInputs.length > 0 && (
          <Alert severity="warning">
            {name} needs a value for{' '}
            {service.missingInputs.map((input, index) => (
              <span key={input}>
                {index > 0 && ', '}
                <Box component="code" sx={{ fontFamily: 'monospace' }}>
                  {input}
                </Box>
              </span>
            ))}
            . Without one, the change carries a marked placeholder that the
            policy check refuses.
          </Alert>
        )}

        {service.notes.length > 0 && (
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {service.notes.map(note => (
              <Typography component="li" variant="body2" key={note}>
                <CodeText text={note} />
              </Typography>
            ))}
          </Box>
        )}

        {service.files.length > 0 && (
          <Stack spacing={1}>
            <Typography variant="subtitle2" component="h4">
              {plural(service.files.length, 'file')} changed
            </Typography>
            {service.files.map(file => (
              <UnifiedDiff
                key={file.path}
                path={file.path}
                patch={file.patch}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
