import { UpgradeChange } from '../../api';
import { ChipColor, ReadableChip } from '../verdicts';

const looks: Record<
  UpgradeChange['state'],
  { label: string; color: ChipColor }
> = {
  open: { label: 'Open', color: 'info' },
  merged: { label: 'Merged', color: 'success' },
  closed: { label: 'Closed', color: 'default' },
  failed: { label: 'Failed', color: 'error' },
};

/** The state of an upgrade change, in words on a colour. */
export function UpgradeStateChip({ state }: { state: UpgradeChange['state'] }) {
  const look = looks[state] ?? { label: state, color: 'default' };
  return <ReadableChip size="small" color={look.color} label={look.label} />;
}
