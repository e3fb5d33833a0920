import {
  DriftVerdict,
  driftVerdicts,
  verdictSeverity,
} from '@internal/plugin-platform-common';
import { pathToFileURL } from 'node:url';
import { escapeControlCharacters } from './escapeControlCharacters';
import { ScanReport } from './ScanReport';

// SARIF artifact locations are URI references: spaces, `#` and `%` in a path must be encoded.
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * Message text as SARIF plain text: viewers turn `[text](target)` into a link unless its
 * brackets are escaped, and show control and bidi characters raw.
 */
function messageText(text: string): string {
  return escapeControlCharacters(text.replace(/[\\[\]]/g, '\\$&'));
}

const PROBLEM_RULE = 'platform/scan-problem';

const descriptions: Record<DriftVerdict, string> = {
  'up-to-date': 'Pinned at the latest release.',
  local: 'A local module path; not versioned by the platform.',
  external: 'Points outside the platform; not judged.',
  'patch-behind': 'Pinned a patch release behind the latest.',
  'minor-behind': 'Pinned a minor release behind the latest.',
  'major-behind': 'Pinned a major release behind the latest.',
  unpinned: 'Not pinned to a release: a branch, or no ref at all.',
  'unknown-version': 'Pinned to a version the platform never released.',
  'unknown-sha': 'Pinned to a commit that is not at any release.',
  'unknown-module':
    'Points into the platform repository but at no module it publishes.',
  unresolved:
    'The source is built from expressions that could not be resolved.',
  deprecated: 'Pinned to a deprecated version.',
  unsupported: 'Pinned to a version outside the support window.',
};

function level(severity: number): 'none' | 'note' | 'warning' | 'error' {
  if (severity >= 3) return 'error';
  if (severity === 2) return 'warning';
  if (severity === 1) return 'note';
  return 'none';
}

/**
 * SARIF 2.1.0 for code scanning: one result per reference that needs action, on the line
 * where the reference is written, and one per scan problem.
 */
export function formatSarif(report: ScanReport, toolVersion: string): string {
  const reportable = driftVerdicts.filter(v => verdictSeverity(v) > 0);
  const rules = [
    ...reportable.map(verdict => ({
      id: `platform/${verdict}`,
      name: verdict,
      shortDescription: { text: descriptions[verdict] },
      defaultConfiguration: { level: level(verdictSeverity(verdict)) },
    })),
    {
      id: PROBLEM_RULE,
      name: 'scan-problem',
      shortDescription: { text: 'A file could not be read or parsed.' },
      defaultConfiguration: { level: 'warning' as const },
    },
  ];
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));

  const location = (file: string, line?: number, column?: number) => ({
    physicalLocation: {
      artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
      ...(line
        ? {
            region: {
              startLine: line,
              ...(column ? { startColumn: column } : {}),
            },
          }
        : {}),
    },
  });

  const results = [
    ...report.references
      .filter(r => r.verdict && verdictSeverity(r.verdict) > 0)
      .map(r => {
        const ruleId = `platform/${r.verdict}`;
        return {
          ruleId,
          ruleIndex: ruleIndex.get(ruleId)!,
          level: level(verdictSeverity(r.verdict!)),
          message: {
            text: messageText(
              `${r.module ?? r.name}: ${
                r.explanation ?? descriptions[r.verdict!]
              }`,
            ),
          },
          locations: [location(r.file, r.line, r.column)],
        };
      }),
    ...report.problems.map(p => ({
      ruleId: PROBLEM_RULE,
      ruleIndex: ruleIndex.get(PROBLEM_RULE)!,
      level: 'warning' as const,
      message: { text: messageText(p.message) },
      locations: [location(p.file, p.line, p.column)],
    })),
  ];

  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'platform-scan',
            version: toolVersion,
            rules,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: pathToFileURL(report.root).href.replace(/\/?$/, '/'),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
