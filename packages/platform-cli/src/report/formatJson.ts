import { ScanReport } from './ScanReport';

/** The report as JSON, in the shape documented by schema/scan-report.schema.json. */
export function formatJson(report: ScanReport): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      platform: report.platform ?? null,
      filesScanned: report.filesScanned,
      references: report.references,
      problems: report.problems,
      ...(report.requiredModules && {
        requiredModules: report.requiredModules,
      }),
      ...(report.channels && { channels: report.channels }),
    },
    null,
    2,
  )}\n`;
}
