import {
  HttpAuthService,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { ProjectNameCheck } from './actions/projectName';

type Handler = Parameters<HttpRouterService['use']>[0];

/** Where the Create form asks whether a project name is free, under the scaffolder's base URL. */
export const PROJECT_NAME_PATH = '/platform/project-name';

/**
 * `GET /api/scaffolder/platform/project-name?name=orders-api[&repoUrl=...]`: the answer
 * `platform:project:check` would give, for the form to show while the name is typed. Every other
 * request goes on to the scaffolder's own routes.
 */
export function createProjectNameHandler(options: {
  httpAuth: HttpAuthService;
  checkProjectName: ProjectNameCheck;
}): Handler {
  const { httpAuth, checkProjectName } = options;
  return async (req, res, next) => {
    if (req.method !== 'GET' || req.path !== PROJECT_NAME_PATH) {
      next();
      return;
    }
    try {
      const { name, repoUrl } = req.query;
      if (
        typeof name !== 'string' ||
        (repoUrl && typeof repoUrl !== 'string')
      ) {
        res.status(400).json({
          error: {
            name: 'InputError',
            message: 'Ask with one name and at most one repository location.',
          },
        });
        return;
      }
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(
        await checkProjectName(
          { name, repoUrl: (repoUrl as string | undefined) || undefined },
          credentials,
        ),
      );
    } catch (error) {
      next(error);
    }
  };
}
