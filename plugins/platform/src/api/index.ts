export { platformApiRef } from './PlatformApi';
export type {
  CreateUpgradesRequest,
  PlatformApi,
  ServiceUpgradePreview,
  UpgradeCampaign,
  UpgradeChange,
  UpgradePreview,
  UpgradeRequest,
  UpgradeResult,
} from './PlatformApi';
export { PlatformClient } from './PlatformClient';
