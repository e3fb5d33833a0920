import type { PlatformApiSchemas as Schemas } from './apiClient';
import type { ScanProblem } from './references';
import type {
  InterfaceDiff,
  ModuleInterface,
  ModuleReleaseInterface,
  UpgradeSummary,
} from './interfaces';
import type {
  ChannelVersionSeen,
  EntityReleaseChannels,
  ReleaseChannelsPage,
  ServiceReleaseChannelsItem,
} from './releaseChannelsApi';
import type {
  DriftFacets,
  DriftRow,
  DriftSummary,
  EntityDrift,
  ModuleAdoption,
  PlatformModuleInfo,
  RepositoryStatus,
  RequiredModuleFindingList,
  TrendPoint,
} from './types';

// The domain types the engine and the report are written against stay hand-written; here the
// compiler holds each of them to the schema the API answers with, both ways, so that `yarn tsc`
// fails when the spec and the code drift apart.
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

/** @internal */
export type SchemaAgreement = [
  Expect<Agrees<DriftRow, Schemas['DriftRow']>>,
  Expect<Agrees<ScanProblem, Schemas['ScanProblem']>>,
  Expect<Agrees<RepositoryStatus, Schemas['RepositoryStatus']>>,
  Expect<Agrees<EntityDrift, Schemas['EntityDrift']>>,
  Expect<Agrees<PlatformModuleInfo, Schemas['PlatformModule']>>,
  Expect<Agrees<ModuleAdoption, Schemas['ModuleAdoption']>>,
  Expect<Agrees<DriftFacets, Schemas['DriftFacets']>>,
  Expect<Agrees<DriftSummary, Schemas['DriftSummary']>>,
  Expect<
    Agrees<RequiredModuleFindingList, Schemas['RequiredModuleFindingList']>
  >,
  Expect<Agrees<TrendPoint, Schemas['TrendResponse']['points'][number]>>,
  Expect<Agrees<ServiceReleaseChannelsItem, Schemas['ServiceReleaseChannels']>>,
  Expect<Agrees<EntityReleaseChannels, Schemas['EntityReleaseChannels']>>,
  Expect<
    Agrees<
      ChannelVersionSeen,
      Schemas['EntityReleaseChannels']['history'][number]
    >
  >,
  Expect<Agrees<ReleaseChannelsPage, Schemas['ReleaseChannelsPage']>>,
  Expect<Agrees<ModuleInterface, Schemas['ModuleInterface']>>,
  Expect<Agrees<InterfaceDiff, Schemas['InterfaceDiff']>>,
  Expect<Agrees<UpgradeSummary, Schemas['UpgradeSummary']>>,
  Expect<Agrees<ModuleReleaseInterface, Schemas['ModuleReleaseInterface']>>,
];
