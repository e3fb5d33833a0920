export { UpgradeDialog } from './UpgradeDialog';
export type { UpgradeDialogProps } from './UpgradeDialog';
export type { UpgradeResult } from '../../api';
export { UpgradeCampaignsCard } from './UpgradeCampaignsCard';
export { EntityUpgradeChanges } from './EntityUpgradeChanges';
