export type { DriftStore } from './DriftStore';
export { DatabaseDriftStore } from './DatabaseDriftStore';
