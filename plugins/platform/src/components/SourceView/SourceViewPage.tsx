import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { SourceLines } from './SourceLines';

/** What the page is asked to show, from its URL. */
interface SourceRequest {
  repository: string;
  path: string;
  commit?: string;
  line?: number;
}

function readRequest(params: URLSearchParams): SourceRequest | undefined {
  const repository = params.get('repository');
  const path = params.get('path');
  if (!repository || !path) {
    return undefined;
  }
  const line = Number(params.get('line'));
  return {
    repository,
    path,
    commit: params.get('commit') || undefined,
    line: Number.isInteger(line) && line > 0 ? line : undefined,
  };
}

/** `https://github.com/acme/payments-api` as people name it: `acme/payments-api`. */
export function repositoryName(repository: string): string {
  try {
    const url = new URL(repository);
    return (
      url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '') || url.host
    );
  } catch {
    return repository;
  }
}

function SourceContent(props: { request: SourceRequest }) {
  const { request } = props;
  const platformApi = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      platformApi.getSourceFile({
        repository: request.repository,
        commit: request.commit,
        path: request.path,
      }),
    [platformApi, request.repository, request.commit, request.path],
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
  return (
    <Stack spacing={2}>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          m: 0,
          '& dt': { color: 'text.secondary' },
          '& dd': { m: 0, overflowWrap: 'anywhere' },
        }}
      >
        <dt>Repository</dt>
        <dd>{repositoryName(value.repository)}</dd>
        {value.entityRefs.length > 0 && (
          <>
            <dt>{value.entityRefs.length === 1 ? 'Service' : 'Services'}</dt>
            <dd>
              {value.entityRefs.map((entityRef, index) => (
                <span key={entityRef}>
                  {index > 0 && ', '}
                  <EntityRefLink
                    entityRef={entityRef}
                    defaultKind="component"
                  />
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>Commit</dt>
        <dd>
          <Box component="code" title={value.commit}>
            {value.commit.slice(0, 12)}
          </Box>
          {!request.commit && ' (head of the default branch)'}
        </dd>
      </Box>
      <SourceLines
        file={value}
        line={request.line}
        key={`${value.commit}/${value.path}`}
      />
    </Stack>
  );
}

/**
 * A file of a repository the portal reads from a local root, at a commit, with line numbers and
 * the line a link points at highlighted and scrolled to: where drift rows link for repositories
 * that have no web UI. Rendered at `/platform/source?repository=&commit=&path=&line=`.
 */
export function SourceViewPage() {
  const [searchParams] = useSearchParams();
  const request = readRequest(searchParams);
  const rootRoute = useRouteRef(rootRouteRef);
  const title = request?.path.split('/').pop() ?? 'Source';

  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle={
          request
            ? `${request.path} in ${repositoryName(request.repository)}`
            : 'A file of a repository the portal scans'
        }
        type="Platform"
        typeLink={rootRoute()}
      />
      <Content>
        {request ? (
          <SourceContent request={request} />
        ) : (
          <EmptyState
            missing="info"
            title="Which file?"
            description="This page shows a file of a repository the portal scans. Follow a reference's file and line from the drift report or a service's Platform tab to open one."
            action={<Link to={rootRoute()}>Open the drift report</Link>}
          />
        )}
        <Typography variant="caption" component="p" sx={{ mt: 2 }}>
          Files are read from the repositories the portal scans, as they are at
          the commit shown.
        </Typography>
      </Content>
    </Page>
  );
}
