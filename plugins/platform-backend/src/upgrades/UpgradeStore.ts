import { UpgradeCampaign, UpgradeChange, UpgradeChangeState } from './types';

/** What identifies a change: asking again for the same one updates it. */
export interface UpgradeChangeKey {
  entityRef: string;
  module: string;
  version: string;
  environment?: string;
}

/** A change as the service records it; the store keeps its id and creation across updates. */
export type UpgradeChangeInput = UpgradeChangeKey &
  Omit<
    UpgradeChange,
    | 'id'
    | 'entityRef'
    | 'module'
    | 'version'
    | 'environment'
    | 'createdAt'
    | 'updatedAt'
  >;

/** Where campaigns and their changes are kept. */
export interface UpgradeStore {
  createCampaign(campaign: {
    module: string;
    version: string;
    environment?: string;
    createdBy: string;
  }): Promise<UpgradeCampaign>;
  /** The campaign with its changes counted by state; undefined when there is none by that id. */
  getCampaign(id: string): Promise<UpgradeCampaign | undefined>;
  getChange(key: UpgradeChangeKey): Promise<UpgradeChange | undefined>;
  /** Adds the change, or updates the one with the same key (keeping its id and creator). */
  recordChange(change: UpgradeChangeInput): Promise<UpgradeChange>;
  listChanges(filter: {
    module?: string;
    entityRef?: string;
    campaignId?: string;
  }): Promise<UpgradeChange[]>;
  setState(id: string, state: UpgradeChangeState): Promise<void>;
}
