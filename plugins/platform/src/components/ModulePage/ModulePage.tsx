import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ModuleAdoption,
  PlatformDeprecation,
  PlatformModuleInfo,
  PlatformModuleKind,
} from '@platform-portal/plugin-platform-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import {
  ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { UpgradeCampaignsCard, UpgradeDialog } from '../Upgrades';
import { VerdictChip } from '../verdicts';
import { CompareReleasesCard } from './CompareReleasesCard';
import { ErrorWithRetry } from './ErrorWithRetry';
import { ModuleInterfaceCard } from './ModuleInterfaceCard';
import { ReleasesCard } from './ReleasesCard';
import { defaultComparison, defaultRelease } from './releasePairs';

type VersionGroup = ModuleAdoption['versions'][number];

/**
 * Services listed per version: the counts come with the answer, so that a module used by
 * thousands of services neither sends nor renders all of them; the drift report lists the rest.
 */
const SERVICES_PER_VERSION = 50;

const kindLabels: Record<PlatformModuleKind, string> = {
  'terraform-module': 'Terraform module',
  'crossplane-composition': 'Crossplane composition',
  'github-workflow': 'GitHub reusable workflow',
  'helm-chart': 'Helm chart',
  policy: 'Policy',
};

// Same as MUI's visuallyHidden (in @mui/utils, which this package does not depend on).
const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

function kindLabel(kind: PlatformModuleKind): string {
  return kindLabels[kind] ?? kind;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function versionLabel(group: VersionGroup): string {
  return group.version ?? 'No release';
}

function environmentLabel(environment: string | undefined): string {
  return environment ? environment : 'No environment';
}

/**
 * The support window in words, computed like the drift verdicts do: the newest
 * `supportedMajors` majors that have (non-prerelease) releases.
 */
export function supportWindow(module: PlatformModuleInfo): string {
  if (module.supportedMajors === undefined) {
    return 'All versions supported';
  }
  const majors = [
    ...new Set(
      module.versions
        .filter(v => !v.includes('-'))
        .map(v => Number.parseInt(v, 10))
        .filter(m => !Number.isNaN(m)),
    ),
  ]
    .sort((a, b) => b - a)
    .slice(0, Math.max(module.supportedMajors, 0))
    .sort((a, b) => a - b);
  const newest =
    module.supportedMajors === 1
      ? 'Newest major supported'
      : `Newest ${module.supportedMajors} majors supported`;
  return majors.length
    ? `${newest} (${majors.map(m => `${m}.x`).join(', ')})`
    : `${newest} (no releases yet)`;
}

/** Version groups newest first, in the order of the module's releases; unresolved pins last. */
function sortGroups(adoption: ModuleAdoption): VersionGroup[] {
  const order = new Map(adoption.module.versions.map((v, i) => [v, i]));
  const rank = (group: VersionGroup) =>
    group.version === undefined
      ? Number.MAX_SAFE_INTEGER
      : order.get(group.version) ?? Number.MAX_SAFE_INTEGER - 1;
  return [...adoption.versions].sort((a, b) => rank(a) - rank(b));
}

function environmentsOf(groups: VersionGroup[]): string[] {
  const all = new Set<string>();
  for (const group of groups) {
    for (const environment of Object.keys(group.environments)) {
      all.add(environment);
    }
  }
  // Rows without an environment go last.
  return [...all].sort((a, b) => {
    if (!a || !b) {
      return a ? -1 : 1;
    }
    return a.localeCompare(b);
  });
}

function total(group: VersionGroup): number {
  return Object.values(group.environments).reduce((sum, n) => sum + n, 0);
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={12} sm={6} md={4}>
      <Typography variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography variant="body1" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

function AboutCard({ module }: { module: PlatformModuleInfo }) {
  return (
    <InfoCard title="About">
      <Grid container spacing={2}>
        <Field label="Module">{module.name}</Field>
        <Field label="Kind">{kindLabel(module.kind)}</Field>
        <Field label="Platform">{module.platform}</Field>
        <Field label="Latest version">
          {module.latest ?? 'No release yet'}
        </Field>
        <Field label="Support window">{supportWindow(module)}</Field>
        <Field label="Releases">{module.versions.length}</Field>
        <Field label="Path">
          <code>{module.path}</code>
        </Field>
        <Field label="Repository">
          <Box component="span" sx={{ wordBreak: 'break-all' }}>
            {module.repository}
          </Box>
        </Field>
        {module.description && (
          <Grid item xs={12}>
            <Typography variant="body2" color="text.secondary">
              Description
            </Typography>
            <Typography variant="body1">{module.description}</Typography>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}

function DeprecationsCard({
  deprecations,
}: {
  deprecations: PlatformDeprecation[];
}) {
  return (
    <InfoCard title="Deprecations">
      {deprecations.length === 0 ? (
        <Typography variant="body1">No version is deprecated.</Typography>
      ) : (
        <Stack spacing={1}>
          {deprecations.map((deprecation, index) => (
            <Alert key={index} severity="warning">
              <Typography variant="subtitle2" component="p">
                {deprecation.versions
                  ? `Versions ${deprecation.versions}`
                  : 'All versions'}
                {deprecation.since ? ` · since ${deprecation.since}` : ''}
              </Typography>
              <Typography variant="body2">{deprecation.message}</Typography>
            </Alert>
          ))}
        </Stack>
      )}
    </InfoCard>
  );
}

function AdoptionChart(props: { module: string; groups: VersionGroup[] }) {
  const { module, groups } = props;
  const titleId = useId();
  const environments = environmentsOf(groups);
  const title = `Services per version and environment of ${module}`;

  // The SVG says little to assistive technology, so it is hidden from it; the table below
  // carries the same numbers as text.
  return (
    <Box component="figure" aria-labelledby={titleId} sx={{ m: 0 }}>
      <Typography
        id={titleId}
        variant="subtitle1"
        component="figcaption"
        gutterBottom
      >
        {title}
      </Typography>
      <Box aria-hidden>
        <BarChart
          height={300}
          xAxis={[
            {
              scaleType: 'band',
              data: groups.map(versionLabel),
              label: 'Version',
            },
          ]}
          yAxis={[{ label: 'Services', tickMinStep: 1 }]}
          series={environments.map(environment => ({
            id: environment || 'none',
            label: environmentLabel(environment),
            stack: 'services',
            data: groups.map(group => group.environments[environment] ?? 0),
          }))}
        />
      </Box>
      <Box sx={visuallyHidden}>
        <Table size="small">
          <caption>{title}</caption>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                Version
              </TableCell>
              {environments.map(environment => (
                <TableCell key={environment} component="th" scope="col">
                  {environmentLabel(environment)}
                </TableCell>
              ))}
              <TableCell component="th" scope="col">
                Total
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {groups.map(group => (
              <TableRow key={versionLabel(group)}>
                <TableCell component="th" scope="row">
                  {versionLabel(group)}
                </TableCell>
                {environments.map(environment => (
                  <TableCell key={environment}>
                    {group.environments[environment] ?? 0}
                  </TableCell>
                ))}
                <TableCell>{total(group)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}

/** Counted by the backend: the page holds only the first services of each version. */
function BlastRadius(props: { adoption: ModuleAdoption }) {
  const { module, serviceCount, servicesBehind: behind } = props.adoption;
  if (!module.latest) {
    return (
      <Typography variant="body1">
        {module.name} has no release yet; {plural(serviceCount, 'service')} use
        it.
      </Typography>
    );
  }
  return (
    <Typography variant="body1">
      {behind === 0 ? (
        <>
          All {plural(serviceCount, 'service')} are on the latest version,{' '}
          {module.latest}.
        </>
      ) : (
        <>
          <strong>
            {behind} of {plural(serviceCount, 'service')}
          </strong>{' '}
          {behind === 1 ? 'is' : 'are'} not on the latest version,{' '}
          {module.latest}, in at least one environment.
        </>
      )}
    </Typography>
  );
}

/**
 * "and 950 more services": the services of a version the answer did not list, as a link to the
 * module's references of that version in the drift report (an empty version stands for those
 * that resolve to no release), every verdict shown, by service as this page lists them.
 */
function MoreServices(props: { module: string; group: VersionGroup }) {
  const { module, group } = props;
  const rootRoute = useRouteRef(rootRouteRef);
  const listed = new Set(group.services.map(s => s.entityRef)).size;
  const more = group.serviceCount - listed;
  if (more <= 0) {
    return null;
  }
  const query = new URLSearchParams([
    ['module', module],
    ['version', group.version ?? ''],
    ['all', '1'],
    ['sort', 'entity'],
    ['order', 'asc'],
  ]);
  return (
    <Typography variant="body2" mt={1}>
      <Link to={`${rootRoute()}?${query}`}>
        and {plural(more, 'more service')}
      </Link>{' '}
      on {versionLabel(group)}, in the drift report
    </Typography>
  );
}

function ServicesByVersion(props: {
  module: string;
  groups: VersionGroup[];
  latest?: string;
}) {
  const { module, groups, latest } = props;
  return (
    <Stack spacing={3}>
      {groups.map(group => (
        <Box
          key={versionLabel(group)}
          component="section"
          aria-label={`Services on ${versionLabel(group)}`}
        >
          <Stack direction="row" spacing={1} alignItems="center" mb={1}>
            <Typography variant="h6" component="h3">
              {versionLabel(group)}
              {group.version && group.version === latest ? ' (latest)' : ''}
            </Typography>
            <VerdictChip verdict={group.verdict} />
            <Typography variant="body2" color="text.secondary">
              {plural(group.serviceCount, 'service')}
            </Typography>
          </Stack>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>Environment</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {group.services.map(service => (
                <TableRow
                  key={`${service.entityRef} ${service.environment ?? ''}`}
                >
                  <TableCell>
                    <EntityRefLink entityRef={service.entityRef} />
                  </TableCell>
                  <TableCell>
                    {service.owner ? (
                      <EntityRefLink
                        entityRef={service.owner}
                        defaultKind="group"
                      />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>{service.environment ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <MoreServices module={module} group={group} />
        </Box>
      ))}
    </Stack>
  );
}

/**
 * "Upgrade 5 services": opens the upgrade of every service behind to the latest release; when
 * there is none, disabled with the reason next to it.
 */
function UpgradeButton(props: {
  adoption: ModuleAdoption;
  onOpen: () => void;
}) {
  const { adoption, onOpen } = props;
  const reasonId = useId();
  const behind = adoption.servicesBehind;
  const { latest, name } = adoption.module;
  let reason: string | undefined;
  if (!latest) {
    reason = `${name} has no release to upgrade to yet.`;
  } else if (behind === 0) {
    reason = `Every service is on ${latest}.`;
  }
  return (
    <Stack direction="row" spacing={2} alignItems="center">
      <Button
        variant="contained"
        onClick={onOpen}
        disabled={!!reason}
        aria-describedby={reason ? reasonId : undefined}
      >
        Upgrade {plural(behind, 'service')}
      </Button>
      {reason && (
        <Typography variant="body2" color="text.secondary" id={reasonId}>
          {reason}
        </Typography>
      )}
    </Stack>
  );
}

function AdoptionCard(props: { adoption: ModuleAdoption; action?: ReactNode }) {
  const { adoption, action } = props;
  const { module } = adoption;
  if (adoption.versions.length === 0) {
    return (
      <InfoCard title="Adoption">
        <Typography variant="body1">
          No service uses {module.name} yet.
        </Typography>
      </InfoCard>
    );
  }
  const groups = sortGroups(adoption);
  return (
    <InfoCard title="Adoption" subheader="Blast radius of the next release">
      <Stack spacing={3}>
        <BlastRadius adoption={adoption} />
        {action}
        <AdoptionChart module={module.name} groups={groups} />
        <Box>
          <Typography variant="h6" component="h2" gutterBottom>
            Services by version
          </Typography>
          <ServicesByVersion
            module={module.name}
            groups={groups}
            latest={module.latest}
          />
        </Box>
      </Stack>
    </InfoCard>
  );
}

function ModuleContent(props: { name: string; platform?: string }) {
  const { name, platform } = props;
  const platformApi = useApi(platformApiRef);
  const rootRoute = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      platformApi.getModuleAdoption(name, platform, {
        servicesPerVersion: SERVICES_PER_VERSION,
      }),
    [platformApi, name, platform],
  );
  const [upgrading, setUpgrading] = useState(false);
  const [upgradesCreated, setUpgradesCreated] = useState(0);

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ErrorWithRetry error={error} onRetry={retry} />;
  }
  if (!value) {
    const where = platform ? ` in platform ${platform}` : '';
    return (
      <EmptyState
        missing="info"
        title={`Module ${name} not found`}
        description={`No platform defines a module named ${name}${where}. It may have been renamed or removed from the platform manifest.`}
        action={<Link to={rootRoute()}>Back to the drift report</Link>}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <AboutCard module={value.module} />
      </Grid>
      <Grid item xs={12} md={5}>
        <DeprecationsCard deprecations={value.module.deprecations} />
      </Grid>
      <Grid item xs={12}>
        <ReleasesCard
          module={value.module.name}
          platform={platform}
          latest={value.module.latest}
        />
      </Grid>
      {value.module.kind !== 'policy' && (
        <InterfaceSections module={value.module} platform={platform} />
      )}
      <Grid item xs={12}>
        <AdoptionCard
          adoption={value}
          action={
            <UpgradeButton adoption={value} onOpen={() => setUpgrading(true)} />
          }
        />
      </Grid>
      <Grid item xs={12}>
        <UpgradeCampaignsCard
          module={value.module.name}
          reloadKey={upgradesCreated}
        />
      </Grid>
      <UpgradeDialog
        open={upgrading}
        onClose={() => setUpgrading(false)}
        module={value.module.name}
        onCreated={() => setUpgradesCreated(count => count + 1)}
      />
    </Grid>
  );
}

/**
 * The comparison of two releases and the interface of one, chosen in the URL (`?from=&to=`,
 * `?release=`) so that an upgrade can link to the comparison it needs.
 */
function InterfaceSections(props: {
  module: PlatformModuleInfo;
  platform?: string;
}) {
  const { module, platform } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const change = useCallback(
    (values: Record<string, string>) =>
      setSearchParams(
        current => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(values)) {
            next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const fallback = defaultComparison(module);
  const from = searchParams.get('from') || fallback?.from;
  const to = searchParams.get('to') || fallback?.to;
  const pair = from && to ? { from, to } : undefined;
  const release = searchParams.get('release') || defaultRelease(module);

  // A link to a comparison (from an upgrade) opens with the comparison in view.
  const compareRef = useRef<HTMLDivElement>(null);
  const linked = searchParams.has('from') || searchParams.has('to');
  useEffect(() => {
    if (linked) {
      compareRef.current?.scrollIntoView?.({ block: 'start' });
    }
    // Only when the page opens: choosing other releases must not move the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <Grid item xs={12}>
        <CompareReleasesCard
          ref={compareRef}
          module={module}
          platform={platform}
          pair={pair}
          onChange={next => change(next)}
        />
      </Grid>
      {release && (
        <Grid item xs={12}>
          <ModuleInterfaceCard
            module={module}
            platform={platform}
            release={release}
            onRelease={version => change({ release: version })}
          />
        </Grid>
      )}
    </>
  );
}

/**
 * One platform module: what it is, its support window and deprecations, and which services
 * use which version of it. Rendered at `/platform/modules/:name`, optionally `?platform=`.
 */
export function ModulePage() {
  const { name = '' } = useParams();
  const [searchParams] = useSearchParams();
  const platform = searchParams.get('platform') || undefined;
  const rootRoute = useRouteRef(rootRouteRef);

  return (
    <Page themeId="tool">
      <Header
        title={name}
        subtitle={
          platform
            ? `Platform module of ${platform}: releases, support, interface and adoption`
            : 'Platform module: releases, support, interface and adoption'
        }
        type="Platform"
        typeLink={rootRoute()}
      />
      <Content>
        <ModuleContent
          key={`${platform ?? ''}/${name}`}
          name={name}
          platform={platform}
        />
      </Content>
    </Page>
  );
}
