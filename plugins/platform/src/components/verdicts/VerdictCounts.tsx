import {
  DriftVerdict,
  driftVerdicts,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { useTheme } from '@mui/material/styles';
import { ChipList } from '../layout/ChipList';
import { formatCount } from '../layout/plural';
import { ExplainedChip } from './ExplainedChip';
import { driftVerdictLook } from './verdictPalette';
import { quietVerdicts, verdictLabels } from './verdictPresentation';

/** Verdicts most severe first, the order the counts read in. */
const verdictOrder = [...driftVerdicts].sort(
  (a, b) => verdictSeverity(b) - verdictSeverity(a),
);

/**
 * How many references have each verdict, most severe first, one chip per verdict that has any,
 * in the verdict's own colour and shape, as on the report's chips and charts; a verdict that asks
 * nothing of anyone is outlined rather than filled.
 */
export function VerdictCounts(props: {
  counts: Partial<Record<DriftVerdict, number>>;
}) {
  const { counts } = props;
  const theme = useTheme();
  return (
    <ChipList label="References per verdict">
      {verdictOrder
        .filter(verdict => counts[verdict])
        .map(verdict => (
          <li key={verdict}>
            <ExplainedChip
              verdict={verdict}
              label={`${formatCount(counts[verdict]!)} ${
                verdictLabels[verdict]
              }`}
              look={driftVerdictLook(verdict, theme)}
              quiet={quietVerdicts.includes(verdict)}
            />
          </li>
        ))}
    </ChipList>
  );
}
