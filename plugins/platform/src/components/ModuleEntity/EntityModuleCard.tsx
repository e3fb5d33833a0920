import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ModuleAdoption,
  PlatformModuleKind,
} from '@platform-portal/plugin-platform-common';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { platformApiRef } from '../../api';
import { moduleRouteRef } from '../../routes';
import {
  PLATFORM_MODULE_ANNOTATION,
  PLATFORM_PLATFORM_ANNOTATION,
} from './entityFilters';

const kindNames: Record<PlatformModuleKind, string> = {
  'terraform-module': 'a Terraform module',
  'crossplane-composition': 'a Crossplane composition',
  'github-workflow': 'a reusable GitHub workflow',
  'helm-chart': 'a Helm chart',
  policy: 'a policy bundle',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ModuleSummary(props: { adoption: ModuleAdoption; link: string }) {
  const {
    module,
    serviceCount: services,
    servicesBehind: behind,
  } = props.adoption;
  const support = module.supportedMajors
    ? ` The newest ${count(
        module.supportedMajors,
        'major is',
        'majors are',
      )} supported.`
    : '';
  return (
    <Stack spacing={1.5}>
      <Typography variant="body1">
        <strong>{module.name}</strong> is {kindNames[module.kind]} of the
        platform {module.platform}
        {module.description ? `: ${module.description}` : '.'}
      </Typography>
      <Typography variant="body2">
        {module.latest
          ? `Latest release ${module.latest}.`
          : 'No release is tagged yet.'}
        {support}
      </Typography>
      <Typography variant="body2" data-testid="module-usage">
        {services === 0
          ? 'No scanned service uses it yet.'
          : `Used by ${count(services, 'service', 'services')}${
              behind ? `, ${behind} not on the latest release` : ''
            }.`}
      </Typography>
      <Typography variant="body2">
        <Link to={props.link}>
          Open the module page: releases, interface, adoption and upgrades
        </Link>
      </Typography>
    </Stack>
  );
}

/**
 * The overview card of a platform module's catalog entity: what the module is, how many services
 * use it, and the way to its module page, where its releases and upgrades are.
 */
export function EntityModuleCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[PLATFORM_MODULE_ANNOTATION] ?? entity.metadata.name;
  const platform = annotations[PLATFORM_PLATFORM_ANNOTATION];
  const moduleRoute = useRouteRef(moduleRouteRef);
  const platformApi = useApi(platformApiRef);
  // The card shows counts only, which come with the answer: one service per version is the
  // least the backend lists.
  const { value, loading, error } = useAsync(
    () =>
      platformApi.getModuleAdoption(name, platform, { servicesPerVersion: 1 }),
    [platformApi, name, platform],
  );

  const query = platform ? `?${new URLSearchParams({ platform })}` : '';
  const link = `${moduleRoute({ name })}${query}`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = (
      <Typography variant="body2">
        No platform defines a module named <strong>{name}</strong>
        {platform ? ` in ${platform}` : ''} any more; it may have been renamed
        or removed from the platform manifest.
      </Typography>
    );
  } else {
    body = <ModuleSummary adoption={value} link={link} />;
  }

  return (
    <InfoCard
      title="Platform module"
      deepLink={{ title: 'View module page', link }}
    >
      {body}
    </InfoCard>
  );
}
