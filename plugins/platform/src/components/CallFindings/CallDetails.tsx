import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { DriftRow } from '@platform-portal/plugin-platform-common';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { moduleRouteRef } from '../../routes';
import { callLines } from './callPresentation';
import { CodeText } from './CodeText';
import { compareLink } from './compareLink';

/**
 * The findings of one call and what its upgrade needs, written out, with a link to the module
 * page comparing the pinned release with the one the upgrade goes to.
 */
export function CallDetails(props: {
  row: Pick<
    DriftRow,
    | 'callStatus'
    | 'callFindings'
    | 'upgrade'
    | 'version'
    | 'module'
    | 'platform'
  >;
}) {
  const { row } = props;
  const moduleLink = useRouteRef(moduleRouteRef);
  const lines = callLines(row);
  if (!row.callStatus || lines.length === 0) {
    return null;
  }
  const compare = row.upgrade?.breaking
    ? compareLink(moduleLink, row)
    : undefined;
  return (
    <Stack spacing={0.5} sx={{ mt: 0.5 }}>
      <Stack component="ul" spacing={0.25} sx={{ m: 0, pl: 2 }}>
        {lines.map((line, index) => (
          <Typography component="li" variant="body2" key={index}>
            <CodeText text={line} />
          </Typography>
        ))}
      </Stack>
      {compare && (
        <Typography variant="body2">
          <Link to={compare}>
            Compare {row.version} with {row.upgrade!.to}
          </Link>
        </Typography>
      )}
    </Stack>
  );
}
