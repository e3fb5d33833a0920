import { ResponseErrorPanel, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { SourceFacts } from './SourceFacts';
import { sourceSearch } from './sourceSearch';

/** The files of a repository at a commit, each a link to its view at that same commit. */
export function SourceFiles(props: { repository: string; commit?: string }) {
  const { repository, commit } = props;
  const platformApi = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => platformApi.listSourceFiles({ repository, commit }),
    [platformApi, repository, commit],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <Stack spacing={2} alignItems="flex-start">
        {error && <ResponseErrorPanel error={error} />}
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </Stack>
    );
  }
  const count = `${value.files.length} file${
    value.files.length === 1 ? '' : 's'
  }`;
  return (
    <Stack spacing={2}>
      <SourceFacts source={value} atHead={!commit} />
      <Typography variant="h6" component="h2">
        {value.truncated ? `The first ${count}` : count}
      </Typography>
      <Box
        component="ul"
        sx={{
          m: 0,
          pl: 0,
          listStyle: 'none',
          fontFamily: 'monospace',
          fontSize: '0.875rem',
          lineHeight: 1.8,
          overflowWrap: 'anywhere',
        }}
      >
        {value.files.map(file => (
          <li key={file}>
            <MuiLink
              component={RouterLink}
              to={{
                search: sourceSearch({
                  repository: value.repository,
                  commit: value.commit,
                  path: file,
                }),
              }}
            >
              {file}
            </MuiLink>
          </li>
        ))}
      </Box>
    </Stack>
  );
}
