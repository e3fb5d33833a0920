import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  RequiredModuleFinding,
  ServiceRequiredModuleFinding,
} from '@platform-portal/plugin-platform-common';
import { HeaderRow, OwnerLink } from '../tables';

/** "Missing" or "Outside >= 3.0.0": the problem in a word or two, for a cell or a title. */
export function requiredProblemText(finding: RequiredModuleFinding): string {
  return finding.problem === 'missing'
    ? 'Missing'
    : `Outside ${finding.versions ?? 'the required releases'}`;
}

/** Where a finding was seen: the references outside the range, each as file:line and release. */
function FindingReferences({ finding }: { finding: RequiredModuleFinding }) {
  if (finding.references.length === 0) {
    return null;
  }
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }}>
      {finding.references.map(reference => (
        <Typography
          component="li"
          variant="body2"
          key={`${reference.file}:${reference.line}`}
        >
          <Box component="code" sx={{ fontFamily: 'monospace' }}>
            {reference.file}:{reference.line}
          </Box>{' '}
          pins {reference.version ?? 'no release'}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The organisation's required-module findings: each service that misses a module every service
 * must use, or pins it outside the required releases.
 */
export function RequiredModuleFindingsTable(props: {
  items: ServiceRequiredModuleFinding[];
}) {
  const { items } = props;
  if (items.length === 0) {
    return (
      <Typography variant="body2" sx={{ py: 2 }}>
        Every scanned service matching these filters uses each required module
        at a required release.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Required module findings">
        <HeaderRow columns={['Service', 'Owner', 'Module', 'Finding']} />
        <TableBody>
          {items.map(({ entityRef, owner, finding }) => (
            <TableRow
              key={`${entityRef}/${finding.platform}/${finding.module}`}
            >
              <TableCell>
                <EntityRefLink entityRef={entityRef} defaultKind="component" />
              </TableCell>
              <TableCell>
                <OwnerLink owner={owner} />
              </TableCell>
              <TableCell>{finding.module}</TableCell>
              <TableCell>
                <Typography variant="body2">
                  {requiredProblemText(finding)}
                </Typography>
                <FindingReferences finding={finding} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * One service's required-module findings, for its Platform tab: a warning per module it misses
 * or pins outside the required releases; nothing when it has none.
 */
export function EntityRequiredModules(props: {
  findings?: RequiredModuleFinding[];
}) {
  const findings = props.findings ?? [];
  if (findings.length === 0) {
    return null;
  }
  return (
    <Stack spacing={1} component="section" aria-label="Required modules">
      {findings.map(finding => (
        <Alert severity="warning" key={`${finding.platform}/${finding.module}`}>
          <AlertTitle>
            {finding.problem === 'missing'
              ? `Missing required module ${finding.module}`
              : `Required module ${finding.module} pinned outside ${finding.versions}`}
          </AlertTitle>
          {finding.problem === 'missing' ? (
            <Typography variant="body2">
              The platform requires every service to use {finding.module}
              {finding.versions ? ` (${finding.versions})` : ''}; no reference
              in this repository resolves to it.
            </Typography>
          ) : (
            <FindingReferences finding={finding} />
          )}
        </Alert>
      ))}
    </Stack>
  );
}
