export { addUpgradeRoutes } from './routes';
export { createUpgradeService } from './createUpgradeService';
export { UpgradeService } from './UpgradeService';
export type {
  UpgradeRequest,
  UpgradePreview,
  UpgradeResult,
} from './UpgradeService';
export type { UpgradeCampaign, UpgradeChange } from './types';
