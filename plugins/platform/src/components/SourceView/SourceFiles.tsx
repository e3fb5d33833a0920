import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { SourceFacts } from './SourceFacts';
import { SourceLink } from './SourceLink';
import { ErrorWithRetry } from '../ModulePage/ErrorWithRetry';

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
      <ErrorWithRetry
        error={
          error ?? new Error('The files of the repository could not be listed')
        }
        onRetry={retry}
      />
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
            <SourceLink
              to={{
                repository: value.repository,
                commit: value.commit,
                path: file,
              }}
            >
              {file}
            </SourceLink>
          </li>
        ))}
      </Box>
    </Stack>
  );
}
