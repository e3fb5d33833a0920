import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { crossplaneExtractor } from './crossplaneExtractor';
import { githubActionsExtractor } from './githubActionsExtractor';
import { helmExtractor } from './helmExtractor';

/**
 * The YAML extractors (GitHub Actions, Helm, Crossplane) with default options.
 *
 * @public
 */
export const yamlExtractors: ReferenceExtractor[] = [
  githubActionsExtractor,
  helmExtractor,
  crossplaneExtractor,
];
