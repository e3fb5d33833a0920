import { useRouteRef } from '@backstage/core-plugin-api';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Link as RouterLink } from 'react-router-dom';
import { releaseChannelsRouteRef, rootRouteRef } from '../routes';

/** Links between the organisation-wide platform pages, shown under their headers. */
export function PlatformTabs(props: {
  selected: 'drift' | 'release-channels';
}) {
  const driftLink = useRouteRef(rootRouteRef);
  const releaseChannelsLink = useRouteRef(releaseChannelsRouteRef);
  return (
    <Tabs
      value={props.selected}
      aria-label="Platform pages"
      // Lower than MUI's tabs, so that a laptop screen keeps room for the table below.
      sx={{
        mb: 1.5,
        minHeight: 40,
        borderBottom: 1,
        borderColor: 'divider',
        '& .MuiTab-root': { minHeight: 40, py: 1 },
      }}
    >
      <Tab
        value="drift"
        label="Module drift"
        component={RouterLink}
        to={driftLink()}
      />
      <Tab
        value="release-channels"
        label="Release channels"
        component={RouterLink}
        to={releaseChannelsLink()}
      />
    </Tabs>
  );
}
