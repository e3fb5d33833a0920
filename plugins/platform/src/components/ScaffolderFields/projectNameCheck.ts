import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ProjectNameAnswer,
  ProjectNameQuestion,
} from '@platform-portal/plugin-platform-common';

export type { ProjectNameAnswer, ProjectNameQuestion };

/**
 * Asks the scaffolder's platform module (`platform:project:check`'s own check) whether a
 * project name is free in the catalog and on the repository host it will be published to.
 */
export async function askProjectName(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  question: ProjectNameQuestion,
  signal?: AbortSignal,
): Promise<ProjectNameAnswer> {
  const query = new URLSearchParams({ name: question.name });
  if (question.repoUrl) {
    query.set('repoUrl', question.repoUrl);
  }
  const baseUrl = await apis.discoveryApi.getBaseUrl('scaffolder');
  const response = await apis.fetchApi.fetch(
    `${baseUrl}/platform/project-name?${query}`,
    { signal },
  );
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as ProjectNameAnswer;
}

/** The form's publish choice, read the way the template's steps read it. */
export function projectNameQuestion(
  name: string,
  formData: Record<string, unknown> | undefined,
  options: { publishTargetField?: string; repoUrlField?: string } | undefined,
): ProjectNameQuestion {
  const target = formData?.[options?.publishTargetField ?? 'publishTarget'];
  const repoUrl = formData?.[options?.repoUrlField ?? 'repoUrl'];
  return target === 'github' && typeof repoUrl === 'string' && repoUrl
    ? { name, repoUrl }
    : { name };
}
