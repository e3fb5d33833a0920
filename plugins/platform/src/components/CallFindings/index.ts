export { CallDetails } from './CallDetails';
export { CallStatusChip } from './CallStatusChip';
export { CodeText } from './CodeText';
export { compareLink } from './compareLink';
export {
  callLines,
  callStatusColor,
  callStatusLabels,
  callStatuses,
  countCallStatuses,
  isCallStatus,
  upgradeText,
} from './callPresentation';
