import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import Stack from '@mui/material/Stack';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { repositoryName } from './repositoryName';
import { SourceFacts } from './SourceFacts';
import { SourceFiles } from './SourceFiles';
import { SourceLines } from './SourceLines';
import { SourceLink } from './SourceLink';
import { ErrorWithRetry } from '../ModulePage/ErrorWithRetry';

/** What the page is asked to show, from its URL. */
interface SourceRequest {
  repository: string;
  commit?: string;
  /** A file; the repository's files are listed when none is given. */
  path?: string;
  line?: number;
}

function readRequest(params: URLSearchParams): SourceRequest | undefined {
  const repository = params.get('repository');
  if (!repository) {
    return undefined;
  }
  const line = Number(params.get('line'));
  return {
    repository,
    commit: params.get('commit') || undefined,
    path: params.get('path') || undefined,
    line: Number.isInteger(line) && line > 0 ? line : undefined,
  };
}

function SourceFileContent(props: { request: SourceRequest; path: string }) {
  const { request, path } = props;
  const platformApi = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      platformApi.getSourceFile({
        repository: request.repository,
        commit: request.commit,
        path,
      }),
    [platformApi, request.repository, request.commit, path],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ErrorWithRetry
        error={error ?? new Error('The file could not be read')}
        onRetry={retry}
      />
    );
  }
  return (
    <Stack spacing={2}>
      <SourceFacts source={value} atHead={!request.commit} />
      <SourceLink
        to={{ repository: value.repository, commit: value.commit }}
        sx={{ alignSelf: 'flex-start' }}
      >
        All files of {repositoryName(value.repository)} at this commit
      </SourceLink>
      <SourceLines
        file={value}
        line={request.line}
        key={`${value.commit}/${value.path}`}
      />
    </Stack>
  );
}

/**
 * The repositories the portal reads from a local root, browsable: a file at a commit, with line
 * numbers and the line a link points at highlighted and scrolled to, or the repository's files.
 * Drift rows link here for repositories that have no web UI. Rendered at
 * `/platform/source?repository=&commit=&path=&line=` (without `path`, the files).
 */
export function SourceViewPage() {
  const [searchParams] = useSearchParams();
  const request = readRequest(searchParams);
  const rootRoute = useRouteRef(rootRouteRef);
  const name = request && repositoryName(request.repository);

  let title = 'Source';
  let subtitle = 'A file of a repository the portal scans';
  if (request?.path) {
    title = request.path.split('/').pop() || request.path;
    subtitle = `${request.path} in ${name}`;
  } else if (request) {
    title = name!;
    subtitle = 'The files of a repository the portal scans';
  }

  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle={subtitle}
        type="Platform"
        typeLink={rootRoute()}
      />
      <Content>
        {request?.path && (
          <SourceFileContent request={request} path={request.path} />
        )}
        {request && !request.path && (
          <SourceFiles
            repository={request.repository}
            commit={request.commit}
          />
        )}
        {!request && (
          <EmptyState
            missing="info"
            title="Which repository?"
            description="This page shows the files of the repositories the portal scans. Follow a reference's file and line from the drift report or a service's Platform tab to open one."
            action={<Link to={rootRoute()}>Open the drift report</Link>}
          />
        )}
      </Content>
    </Page>
  );
}
