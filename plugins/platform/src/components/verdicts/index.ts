export { VerdictChip } from './VerdictChip';
export {
  quietVerdicts,
  verdictColor,
  verdictLabels,
} from './verdictPresentation';
export type { VerdictColor } from './verdictPresentation';
