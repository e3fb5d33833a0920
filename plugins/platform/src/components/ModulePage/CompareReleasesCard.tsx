import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  InterfaceDiff,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { forwardRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { CodeText } from '../CallFindings';
import { RetryAlert } from './RetryAlert';
import { changeLabels, diffHeadline, plural } from './interfacePresentation';
import { ReleaseSelect } from './ReleaseSelect';
import { ReadableChip } from '../verdicts';
import { WrappingRow } from '../layout/WrappingRow';

function DiffView({ diff }: { diff: InterfaceDiff }) {
  // Breaking changes first: they are what a caller has to act on.
  const changes = [...diff.changes].sort(
    (a, b) => Number(b.breaking) - Number(a.breaking),
  );
  const breaking = changes.filter(c => c.breaking).length;
  return (
    <Stack spacing={2}>
      <WrappingRow spacing={2} alignItems="baseline">
        <Stack direction="row" spacing={1} alignItems="center">
          {/* Coloured text would be too faint on the dark theme; the icon carries the colour. */}
          {breaking > 0 ? (
            <ErrorOutlineIcon color="error" aria-hidden />
          ) : (
            <CheckCircleOutlineIcon color="success" aria-hidden />
          )}
          <Typography variant="h6" component="h3" data-testid="diff-headline">
            {diffHeadline(changes)}
          </Typography>
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {changes.length === 0
            ? `The interfaces of ${diff.from.tag} and ${diff.to.tag} are the same.`
            : `${plural(changes.length, 'change')} from ${diff.from.tag} to ${
                diff.to.tag
              }`}
        </Typography>
      </WrappingRow>
      {changes.length > 0 && (
        <TableContainer>
          <Table
            size="small"
            aria-label={`Changes from ${diff.from.tag} to ${diff.to.tag}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>Change</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Breaking</TableCell>
                <TableCell>What it means</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {changes.map((change, index) => (
                <TableRow
                  key={`${change.change} ${change.name} ${index}`}
                  data-testid="diff-change"
                >
                  <TableCell>
                    {changeLabels[change.change] ?? change.change}
                  </TableCell>
                  <TableCell>
                    <code>{change.name}</code>
                  </TableCell>
                  <TableCell>
                    {change.breaking ? (
                      <ReadableChip
                        size="small"
                        color="error"
                        label="Breaking"
                      />
                    ) : (
                      <ReadableChip
                        size="small"
                        variant="outlined"
                        label="Not breaking"
                      />
                    )}
                  </TableCell>
                  <TableCell>
                    <CodeText text={change.message} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Stack>
  );
}

function Comparison(props: {
  module: string;
  platform?: string;
  from: string;
  to: string;
}) {
  const { module, platform, from, to } = props;
  const api = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      from === to
        ? undefined
        : api.getModuleInterfaceDiff({ module, from, to, platform }),
    [api, module, from, to, platform],
  );
  if (from === to) {
    return (
      <Typography variant="body2">
        Choose two different releases to compare.
      </Typography>
    );
  }
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <RetryAlert
        title={`${module} ${from} and ${to} could not be compared`}
        error={error}
        onRetry={retry}
      />
    );
  }
  return value ? <DiffView diff={value} /> : null;
}

/**
 * What changed in a module's interface between two releases, each change marked breaking or
 * not; the page an upgrade links to with `?from=&to=`.
 */
export const CompareReleasesCard = forwardRef<
  HTMLDivElement,
  {
    module: PlatformModuleInfo;
    platform?: string;
    /** Undefined when the module has fewer than two releases. */
    pair?: { from: string; to: string };
    onChange: (pair: { from: string; to: string }) => void;
  }
>(function CompareReleases(props, ref) {
  const { module, platform, pair, onChange } = props;
  return (
    <div ref={ref}>
      <InfoCard
        title="Compare releases"
        subheader="What an upgrade asks of the services that call this module"
        action={
          pair && (
            <Stack
              direction="row"
              spacing={1}
              component="form"
              aria-label="Releases to compare"
            >
              <ReleaseSelect
                label="From"
                value={pair.from}
                versions={module.versions}
                latest={module.latest}
                onChange={from => onChange({ ...pair, from })}
              />
              <ReleaseSelect
                label="To"
                value={pair.to}
                versions={module.versions}
                latest={module.latest}
                onChange={to => onChange({ ...pair, to })}
              />
            </Stack>
          )
        }
      >
        {pair ? (
          <Comparison
            module={module.name}
            platform={platform}
            from={pair.from}
            to={pair.to}
          />
        ) : (
          <Typography variant="body2">
            {module.name} has{' '}
            {module.versions.length === 0 ? 'no release' : 'one release only'},
            so there is nothing to compare yet.
          </Typography>
        )}
      </InfoCard>
    </div>
  );
});
