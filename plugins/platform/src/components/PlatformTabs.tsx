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
      sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
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
