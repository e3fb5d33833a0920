import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { platformApiRef } from '@platform-portal/plugin-platform';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import useAsync from 'react-use/esm/useAsync';
import type { AsyncState } from 'react-use/esm/useAsyncFn';
import type { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import {
  entityName,
  useEntityPlatformLink,
  useModuleLink,
} from '../shared/entityLinks';
import { TeamDrift, useTeamDrift } from '../shared/useTeamDrift';
import { AffectedPin, ComingUpItem, ComingUpWhen, comingUp } from './comingUp';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'grid',
    gridTemplateColumns: '6.5rem minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    alignItems: 'start',
    paddingLeft: 0,
    paddingRight: 0,
  },
  when: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  pins: {
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
  },
}));

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function daysUntil(date: string, now: Date): number {
  return Math.ceil((Date.parse(date) - now.getTime()) / 86_400_000);
}

function When(props: { when: ComingUpWhen; now: Date }) {
  const { when, now } = props;
  const classes = useStyles();
  if (when.state === 'now') {
    return <Typography className={classes.when}>Now</Typography>;
  }
  if (when.state === 'next-major') {
    return <Typography className={classes.when}>Next major</Typography>;
  }
  const days = daysUntil(when.date, now);
  return (
    <Box>
      <Typography className={classes.when}>
        <time dateTime={when.date}>
          {dayFormat.format(new Date(when.date))}
        </time>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        in {days === 1 ? '1 day' : `${days} days`}
      </Typography>
    </Box>
  );
}

function Pin(props: { pin: AffectedPin; link?: string }) {
  const { pin, link } = props;
  const name = entityName(pin.entityRef);
  const where = pin.environment ? ` (${pin.environment})` : '';
  return (
    <Typography component="li" variant="body2">
      {link ? (
        <Link to={link} underline="always">
          {name}
        </Link>
      ) : (
        name
      )}
      {where} {pin.version}
    </Typography>
  );
}

function Item(props: { item: ComingUpItem; now: Date }) {
  const { item, now } = props;
  const classes = useStyles();
  const moduleLink = useModuleLink();
  const platformLink = useEntityPlatformLink();
  const link = moduleLink(item.module);
  return (
    <ListItem className={classes.item} divider data-testid="coming-up-item">
      <When when={item.when} now={now} />
      <Box minWidth={0}>
        <Typography>
          {link ? (
            <Link to={link} underline="always">
              {item.module}
            </Link>
          ) : (
            item.module
          )}{' '}
          {item.headline}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {item.message}
        </Typography>
        <ul
          className={classes.pins}
          aria-label={`Pins reached: ${item.module}`}
        >
          {item.pins.map(pin => (
            <Pin
              key={`${pin.entityRef} ${pin.environment} ${pin.version}`}
              pin={pin}
              link={platformLink(pin.entityRef)}
            />
          ))}
        </ul>
      </Box>
    </ListItem>
  );
}

/**
 * Deprecations and ends of support that reach the pins of the signed-in user's teams: in force
 * today, announced for a date, or due with a module's next major.
 */
export function ComingUp() {
  const [everyone, setEveryone] = useState(false);
  const platformApi = useApi(platformApiRef);
  const modules = useAsync(() => platformApi.listModules(), [platformApi]);
  const drift = useTeamDrift({ everyone });

  return (
    <>
      <FormControlLabel
        control={
          <Switch
            checked={everyone}
            onChange={(_, checked) => setEveryone(checked)}
            color="primary"
          />
        }
        label="All teams"
      />
      <ComingUpList modules={modules} drift={drift} everyone={everyone} />
    </>
  );
}

function ComingUpList(props: {
  modules: AsyncState<PlatformModuleInfo[]>;
  drift: AsyncState<TeamDrift>;
  everyone: boolean;
}) {
  const { modules, drift, everyone } = props;
  if (modules.loading || drift.loading) return <Progress />;
  const error = modules.error ?? drift.error;
  if (error) return <ResponseErrorPanel error={error} />;

  const now = new Date();
  const rows = drift.value?.rows ?? [];
  const items = comingUp(modules.value ?? [], rows, now);
  const whose = everyone ? 'any team pins' : 'your teams pin';
  return (
    <>
      {items.length === 0 ? (
        <Typography>
          Nothing coming up: no deprecation or end of support reaches the
          versions {whose}.
        </Typography>
      ) : (
        <List dense aria-label="Deprecations and ends of support">
          {items.map(item => (
            <Item key={item.id} item={item} now={now} />
          ))}
        </List>
      )}
      {drift.value && drift.value.totalCount > rows.length && (
        <Typography variant="body2" color="textSecondary">
          Judged from the first {rows.length} of {drift.value.totalCount}{' '}
          references.
        </Typography>
      )}
    </>
  );
}
