export { VerdictChip } from './VerdictChip';
export { ExplainedChip } from './ExplainedChip';
export { ReadableChip } from './ReadableChip';
export { readableChipSx } from './readableChip';
export type { ChipColor } from './readableChip';
export {
  quietVerdicts,
  verdictColor,
  verdictLabels,
} from './verdictPresentation';
export type { VerdictColor } from './verdictPresentation';
