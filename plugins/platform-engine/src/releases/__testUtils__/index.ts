export {
  describeWithRegistry,
  makeImageLayout,
  missingRegistryTools,
  pushImage,
  REGISTRY_BINARY,
  requireRegistryTools,
  startHttpServer,
  startHttpsServer,
  startRegistry,
  startTokenServer,
} from './servers';
export type { LocalRegistry, LocalServer, TokenServer } from './servers';
export {
  startChartRepository,
  startTerraformRegistry,
} from './registryServers';
export { failure, testHttp } from './sources';
export type { ReleaseHttp } from '../ReleaseHttp';
