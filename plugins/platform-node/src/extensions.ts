import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReferenceExtractor } from './extractors/types';

/**
 * Lets backend modules add reference extractors to the platform scanner.
 *
 * @public
 */
export interface PlatformExtractorsExtensionPoint {
  addExtractor(...extractors: ReferenceExtractor[]): void;
}

/**
 * The extension point for {@link PlatformExtractorsExtensionPoint}.
 *
 * @public
 */
export const platformExtractorsExtensionPoint =
  createExtensionPoint<PlatformExtractorsExtensionPoint>({
    id: 'platform.extractors',
  });
