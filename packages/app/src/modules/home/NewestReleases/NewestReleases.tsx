import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { platformApiRef } from '@platform-portal/plugin-platform';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import useAsync from 'react-use/esm/useAsync';
import { useModuleLink } from '../shared/entityLinks';
import { useListRowStyles } from '../shared/listRowStyles';
import {
  ModuleRelease,
  moduleKindLabels,
  newestReleases,
} from './newestReleases';

const useStyles = makeStyles(theme => ({
  version: {
    fontWeight: theme.typography.fontWeightBold as number,
    textAlign: 'right',
  },
}));

function describeChange(release: ModuleRelease): string {
  if (release.change === 'first') return 'first release';
  return `${release.change} release after ${release.previous}`;
}

function ReleaseItem(props: { release: ModuleRelease; link?: string }) {
  const { release, link } = props;
  const classes = useStyles();
  const rowClasses = useListRowStyles();
  return (
    <ListItem className={rowClasses.row} divider data-testid="module-release">
      <Box minWidth={0}>
        <Typography>
          {link ? <Link to={link}>{release.module}</Link> : release.module}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {moduleKindLabels[release.kind]}
        </Typography>
      </Box>
      <Box>
        <Typography className={classes.version}>{release.latest}</Typography>
        <Typography variant="body2" color="textSecondary" align="right">
          {describeChange(release)}
        </Typography>
      </Box>
    </ListItem>
  );
}

/** The latest release of every platform module, each linking to its module page. */
export function NewestReleases() {
  const platformApi = useApi(platformApiRef);
  const moduleLink = useModuleLink();
  const { value, loading, error } = useAsync(
    () => platformApi.listModules(),
    [platformApi],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const releases = newestReleases(value ?? []);
  if (releases.length === 0) {
    return (
      <Typography>
        The platform has no released module yet: releases appear here once a
        module is tagged in the platform repository.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Latest release of each platform module">
      {releases.map(release => (
        <ReleaseItem
          key={`${release.platform}/${release.module}`}
          release={release}
          link={moduleLink(release.module)}
        />
      ))}
    </List>
  );
}
