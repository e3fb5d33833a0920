/** Where a change stands: open until merged or closed; failed when it could not be made. */
export type UpgradeChangeState = 'open' | 'merged' | 'closed' | 'failed';

export const UPGRADE_CHANGE_STATES: readonly UpgradeChangeState[] = [
  'open',
  'merged',
  'closed',
  'failed',
];

/** One service's change: the branch the portal pushed, and its pull request where there is one. */
export interface UpgradeChange {
  id: string;
  campaignId?: string;
  entityRef: string;
  module: string;
  /** The release the change moves the module's pins to. */
  version: string;
  /** Absent when the change moves the pins of every environment. */
  environment?: string;
  branch: string;
  /** The commit the branch points at; absent when nothing was pushed. */
  commit?: string;
  /** The pull request, or a compare page of the branch when the host has a web UI. */
  url?: string;
  pullRequest?: number;
  state: UpgradeChangeState;
  /** Why the change could not be made, or what a person must do. */
  error?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The upgrade of one module to one release in many services, with its changes counted by state. */
export interface UpgradeCampaign {
  id: string;
  module: string;
  version: string;
  environment?: string;
  createdBy: string;
  createdAt: string;
  total: number;
  counts: Record<UpgradeChangeState, number>;
}
