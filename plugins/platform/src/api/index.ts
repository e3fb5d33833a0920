export { platformApiRef } from './PlatformApi';
export type {
  CreateUpgradesRequest,
  ModuleReleases,
  PlatformApi,
  ServiceUpgradePreview,
  SourceFile,
  SourceFileList,
  UpgradeCampaign,
  UpgradeChange,
  UpgradePreview,
  UpgradeRequest,
  UpgradeResult,
} from './PlatformApi';
export { PlatformClient } from './PlatformClient';
