import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { RetryAlert } from './RetryAlert';
import { InterfaceView } from './InterfaceView';
import { ReleaseSelect } from './ReleaseSelect';

/** The interface of the chosen release of a module, with a selector of its releases. */
export function ModuleInterfaceCard(props: {
  module: PlatformModuleInfo;
  platform?: string;
  release: string;
  onRelease: (version: string) => void;
}) {
  const { module, platform, release, onRelease } = props;
  const api = useApi(platformApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      api.getModuleInterface({
        module: module.name,
        version: release,
        platform,
      }),
    [api, module.name, release, platform],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <RetryAlert
        title={`The interface of ${module.name} ${release} could not be read`}
        error={error}
        onRetry={retry}
      />
    );
  } else if (value) {
    body = (
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary">
          Read from the tag <code>{value.release.tag}</code>.
        </Typography>
        <InterfaceView
          iface={value.interface}
          of={`${module.name} ${value.version}`}
        />
      </Stack>
    );
  }

  return (
    <InfoCard
      title="Interface"
      subheader="What a call of this release sets, and what it gives back"
      action={
        <ReleaseSelect
          label="Release"
          value={release}
          versions={module.versions}
          latest={module.latest}
          onChange={onRelease}
        />
      }
    >
      {body}
    </InfoCard>
  );
}
