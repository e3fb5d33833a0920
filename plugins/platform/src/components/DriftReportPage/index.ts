export { DriftReportPage } from './DriftReportPage';
