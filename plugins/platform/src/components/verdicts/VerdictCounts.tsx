import {
  DriftVerdict,
  driftVerdicts,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { ChipList } from '../layout/ChipList';
import { ReadableChip } from './ReadableChip';
import { verdictColor, verdictLabels } from './verdictPresentation';

/** Verdicts most severe first, the order the counts read in. */
const verdictOrder = [...driftVerdicts].sort(
  (a, b) => verdictSeverity(b) - verdictSeverity(a),
);

/**
 * How many references have each verdict, most severe first, one chip per verdict that has any;
 * a verdict that asks nothing of anyone is outlined rather than filled.
 */
export function VerdictCounts(props: {
  counts: Partial<Record<DriftVerdict, number>>;
}) {
  const { counts } = props;
  return (
    <ChipList label="References per verdict">
      {verdictOrder
        .filter(verdict => counts[verdict])
        .map(verdict => (
          <li key={verdict}>
            <ReadableChip
              size="small"
              color={verdictColor(verdict)}
              variant={
                verdictColor(verdict) === 'default' ? 'outlined' : 'filled'
              }
              label={`${counts[verdict]} ${verdictLabels[verdict]}`}
              data-verdict={verdict}
            />
          </li>
        ))}
    </ChipList>
  );
}
