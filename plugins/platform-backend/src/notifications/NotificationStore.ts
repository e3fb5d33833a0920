import { PinEventKind } from './findPinEvents';
import { NotificationSeverity } from './describePinEvent';

/**
 * An event as stored: who it is for, what it is and the notification's text, frozen as it read
 * when the event was first found.
 *
 * @internal
 */
export interface StoredPinEvent {
  /** Stable for the owner, kind, platform, module and subject. */
  id: string;
  owner: string;
  kind: PinEventKind;
  platform: string;
  module: string;
  subject: string;
  severity: NotificationSeverity;
  title: string;
  description: string;
  link: string;
  createdAt: string;
}

/**
 * An event to record; the store derives its id.
 *
 * @internal
 */
export type PinEventInput = Omit<StoredPinEvent, 'id' | 'createdAt'>;

/**
 * What owners were told about their pins, so that each event is sent once.
 *
 * @internal
 */
export interface NotificationStore {
  /** Whether the events that were already true when notifications were switched on are recorded. */
  hasBaseline(): Promise<boolean>;
  /**
   * Records these events as known without sending them, and that the baseline is taken, in one
   * transaction.
   */
  takeBaseline(events: PinEventInput[], at: Date): Promise<void>;
  /** Records the events not recorded before as pending; answers how many were new. */
  recordEvents(events: PinEventInput[], at: Date): Promise<number>;
  /** Events recorded and not yet sent, oldest first. */
  listPending(): Promise<StoredPinEvent[]>;
  /** Marks pending events as sent; answers how many were still pending. */
  markSent(ids: string[], at: Date): Promise<number>;
}
