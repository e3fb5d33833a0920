import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { platformApiRef } from '../../api';
import { countOf } from '../layout/plural';
import { RequiredModuleFindingsTable } from './RequiredModuleFindings';

/**
 * The drift report's section of required-module findings, under the report's owner and module
 * filters: which services miss a module every service must use, or pin it outside its range.
 */
export function RequiredModulesSection(props: {
  owner: string[];
  module: string[];
}) {
  const api = useApi(platformApiRef);
  const filterKey = JSON.stringify({
    owner: props.owner,
    module: props.module,
  });
  const findings = useAsyncRetry(
    () => api.listRequiredModuleFindings(JSON.parse(filterKey)),
    [api, filterKey],
  );
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby="required-modules-heading"
      sx={{ px: 2, py: 1, mb: 1.5 }}
    >
      <Typography variant="h6" component="h2" id="required-modules-heading">
        Required modules
        {findings.value &&
          `: ${countOf(findings.value.services, 'service')} short`}
      </Typography>
      {findings.error && <ResponseErrorPanel error={findings.error} />}
      {findings.loading && !findings.value && <Progress />}
      {findings.value && (
        <RequiredModuleFindingsTable items={findings.value.items} />
      )}
    </Paper>
  );
}
