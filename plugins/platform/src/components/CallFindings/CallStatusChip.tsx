import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { DriftRow } from '@platform-portal/plugin-platform-common';
import {
  callLines,
  callStatusColor,
  callStatusLabels,
} from './callPresentation';
import { CodeText } from './CodeText';
import { ReadableChip } from '../verdicts';

/**
 * How a reference's call fares against its module's interface, as a chip: the findings and the
 * upgrade's needs show on hover and focus, and are the chip's accessible description. A call
 * that was not checked shows a dash.
 */
export function CallStatusChip(props: {
  row: Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade' | 'version'>;
  /** False where the findings are written out next to the chip. */
  tooltip?: boolean;
}) {
  const { row, tooltip = true } = props;
  if (!row.callStatus) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        component="span"
        title="Not checked: no call recorded, or the module's interface could not be read"
      >
        —
      </Typography>
    );
  }
  const lines = tooltip ? callLines(row) : [];
  const color = callStatusColor(row.callStatus);
  const chip = (
    <ReadableChip
      size="small"
      color={color}
      variant={row.callStatus === 'ok' ? 'outlined' : 'filled'}
      label={callStatusLabels[row.callStatus]}
      aria-description={lines.length ? lines.join('. ') : undefined}
      tabIndex={lines.length ? 0 : undefined}
      data-call-status={row.callStatus}
    />
  );
  if (!lines.length) {
    return chip;
  }
  return (
    <Tooltip
      describeChild
      title={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {lines.map((line, index) => (
            <li key={index}>
              <CodeText text={line} />
            </li>
          ))}
        </ul>
      }
    >
      {chip}
    </Tooltip>
  );
}
