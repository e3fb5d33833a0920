export { VerdictChip } from './VerdictChip';
export { ExplainedChip } from './ExplainedChip';
export { ReadableChip } from './ReadableChip';
export { ToggleVerdictChip } from './ToggleVerdictChip';
export { VerdictCountFilter } from './VerdictCountFilter';
export { VerdictCounts } from './VerdictCounts';
export type { VerdictCount } from './VerdictCountFilter';
export { VerdictMark } from './VerdictMark';
export { readableChipSx } from './readableChip';
export type { ChipColor } from './readableChip';
export {
  quietVerdicts,
  verdictColor,
  verdictLabels,
} from './verdictPresentation';
export type { VerdictColor } from './verdictPresentation';
export { driftVerdictLook, skewVerdictLook } from './verdictPalette';
export type { VerdictLook, VerdictShape } from './verdictPalette';
