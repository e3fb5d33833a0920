import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ScanRun } from '@internal/plugin-platform-common';
import Grid from '@material-ui/core/Grid';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';

const plannedViews = [
  {
    title: 'Drift per service and platform module',
    description:
      'The version each service pins, the latest release, how far behind the pin is, and the file where it was found.',
  },
  {
    title: 'Adoption per platform module',
    description: 'Which services use each module, and at which versions.',
  },
  {
    title: 'Release channels and version skew',
    description:
      'The versions each release channel points to, and how far the services following a channel have spread apart.',
  },
];

function ScanStatus({ status }: { status: ScanRun['status'] }) {
  switch (status) {
    case 'running':
      return <StatusRunning>Running</StatusRunning>;
    case 'succeeded':
      return <StatusOK>Succeeded</StatusOK>;
    case 'failed':
      return <StatusError>Failed</StatusError>;
    default:
      return <>{status}</>;
  }
}

function Timestamp({ value }: { value: string }) {
  return <time dateTime={value}>{new Date(value).toLocaleString()}</time>;
}

function ScanField({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) {
  return (
    <Grid item xs={6} sm={4} md={2}>
      <Typography variant="body2" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="body1" component="div">
        {children}
      </Typography>
    </Grid>
  );
}

function LatestScanCard({ scan }: { scan: ScanRun }) {
  let finished: ReactNode = '-';
  if (scan.finishedAt) {
    finished = <Timestamp value={scan.finishedAt} />;
  } else if (scan.status === 'running') {
    finished = 'Still running';
  }

  return (
    <InfoCard title="Latest scan">
      <Grid container spacing={2}>
        <ScanField label="Status">
          <ScanStatus status={scan.status} />
        </ScanField>
        <ScanField label="Started">
          <Timestamp value={scan.startedAt} />
        </ScanField>
        <ScanField label="Finished">{finished}</ScanField>
        <ScanField label="Repositories scanned">
          {scan.repositoriesScanned}
        </ScanField>
        <ScanField label="Repositories skipped">
          {scan.repositoriesSkipped}
        </ScanField>
        <ScanField label="Repositories failed">
          {scan.repositoriesFailed}
        </ScanField>
      </Grid>
    </InfoCard>
  );
}

function LatestScan() {
  const platformApi = useApi(platformApiRef);
  const { value, loading, error } = useAsync(
    () => platformApi.getLatestScan(),
    [platformApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value?.scan) {
    return (
      <EmptyState
        missing="data"
        title="No scan has run yet"
        description="The portal has not scanned any repository, so there is no drift data yet. The status of the scan will show up here once the platform backend has run its first scan."
      />
    );
  }
  return <LatestScanCard scan={value.scan} />;
}

function PlannedViewsCard() {
  return (
    <InfoCard title="What this page will show">
      <Typography variant="body1">
        Today this page only reports the latest scan run. The views below are
        not built yet; they will be filled from the scan results once the
        scanner records them.
      </Typography>
      {plannedViews.map(view => (
        <Box key={view.title} mt={2}>
          <Typography variant="subtitle1" component="h3">
            {view.title}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {view.description}
          </Typography>
        </Box>
      ))}
    </InfoCard>
  );
}

/** Overview of platform module drift across services. */
export const PlatformPage = () => (
  <Page themeId="tool">
    <Header
      title="Platform"
      subtitle="Platform module drift and release channels across services"
    />
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <LatestScan />
        </Grid>
        <Grid item xs={12}>
          <PlannedViewsCard />
        </Grid>
      </Grid>
    </Content>
  </Page>
);
