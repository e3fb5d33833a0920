import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { verdictLabels } from '@platform-portal/plugin-platform';
import {
  entityName,
  useDriftReportLink,
  useEntityPlatformLink,
} from '../shared/entityLinks';
import { useListRowStyles } from '../shared/listRowStyles';
import { useTeamDrift } from '../shared/useTeamDrift';
import { VerdictLabel } from '../shared/VerdictLabel';
import { ServiceDrift, summariseServices } from './serviceDrift';

const useStyles = makeStyles(theme => ({
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
    // Service names are single words with dashes: break at the dashes, never inside a word.
    overflowWrap: 'normal',
    wordBreak: 'normal',
  },
}));

function ServiceItem(props: { service: ServiceDrift; link?: string }) {
  const { service, link } = props;
  const classes = useStyles();
  const rowClasses = useListRowStyles();
  const name = entityName(service.entityRef);
  const counts = service.counts
    .map(
      ({ verdict, count }) =>
        `${count} ${verdictLabels[verdict].toLocaleLowerCase('en-US')}`,
    )
    .join(' · ');
  return (
    <ListItem className={rowClasses.row} divider data-testid="your-service">
      <Box minWidth={0}>
        <Typography className={classes.name}>
          {link ? <Link to={link}>{name}</Link> : name}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {counts}
        </Typography>
      </Box>
      <VerdictLabel {...service.worst} />
    </ListItem>
  );
}

/**
 * The services of the signed-in user's teams with their platform drift, most in need of
 * attention first, each linking to its Platform tab.
 */
export function YourServices() {
  const { value, loading, error } = useTeamDrift();
  const platformLink = useEntityPlatformLink();
  const reportLink = useDriftReportLink();

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.rows.length === 0) {
    return (
      <Typography>
        None of your teams' services use platform modules yet. They appear here
        once a scan finds platform module references in a repository your teams
        own.
      </Typography>
    );
  }
  const services = summariseServices(value.rows);
  const report = reportLink(value.owners);
  return (
    <>
      <List dense aria-label="Your teams' services">
        {services.map(service => (
          <ServiceItem
            key={service.entityRef}
            service={service}
            link={platformLink(service.entityRef)}
          />
        ))}
      </List>
      {value.totalCount > value.rows.length && (
        <Typography variant="body2" color="textSecondary">
          Counted from the first {value.rows.length} of {value.totalCount}{' '}
          references.
        </Typography>
      )}
      {report && (
        <Box mt={1}>
          <Link to={report}>Your teams' references in the drift report</Link>
        </Box>
      )}
    </>
  );
}
