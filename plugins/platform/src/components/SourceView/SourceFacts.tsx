import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import { repositoryName } from './repositoryName';

/** What a file or list is of: its repository, the services whose repository it is, the commit. */
export function SourceFacts(props: {
  source: { repository: string; entityRefs: string[]; commit: string };
  /** The commit was not asked for: it is the default branch's head. */
  atHead: boolean;
}) {
  const { source, atHead } = props;
  return (
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
      <dd>{repositoryName(source.repository)}</dd>
      {source.entityRefs.length > 0 && (
        <>
          <dt>{source.entityRefs.length === 1 ? 'Service' : 'Services'}</dt>
          <dd>
            {source.entityRefs.map((entityRef, index) => (
              <span key={entityRef}>
                {index > 0 && ', '}
                <EntityRefLink entityRef={entityRef} defaultKind="component" />
              </span>
            ))}
          </dd>
        </>
      )}
      <dt>Commit</dt>
      <dd>
        <Box component="code" title={source.commit}>
          {source.commit.slice(0, 12)}
        </Box>
        {atHead && ' (head of the default branch)'}
      </dd>
    </Box>
  );
}
