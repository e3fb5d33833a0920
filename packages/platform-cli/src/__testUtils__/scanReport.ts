import { ScanReport } from '../report/ScanReport';

/** A report of one scan against the fixture platform, with these references and problems. */
export function scanReport(
  report: Pick<ScanReport, 'references' | 'problems'> & { root?: string },
): ScanReport {
  return {
    root: '/work/service',
    filesScanned: 1,
    platform: {
      name: 'acme-platform',
      repository: 'https://github.com/acme/platform.git',
    },
    ...report,
  };
}
