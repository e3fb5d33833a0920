import {
  CallFinding,
  DriftVerdict,
  driftVerdicts,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
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
const UPGRADE_RULE = 'platform/breaking-upgrade';

/** A call that does not match the release it pins fails where it is planned or run. */
const callFindingRules: Record<CallFinding['finding'], string> = {
  'missing-required-input':
    'A module call does not set an input the release it pins requires.',
  'unknown-argument':
    'A module call sets an argument the release it pins does not declare.',
  'wrong-type':
    'A module call sets a value of a type or value the release it pins does not accept.',
};

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
 * where the reference is written, one per problem of a module call against the release it pins
 * and one per call its upgrade to the latest release would break, at the call, and one per scan
 * problem.
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
    ...Object.entries(callFindingRules).map(([finding, text]) => ({
      id: `platform/${finding}`,
      name: finding,
      shortDescription: { text },
      defaultConfiguration: { level: 'error' as const },
    })),
    {
      id: UPGRADE_RULE,
      name: 'breaking-upgrade',
      shortDescription: {
        text: 'Upgrading a module call to the latest release would break it.',
      },
      defaultConfiguration: { level: 'warning' as const },
    },
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
    ...report.references.flatMap(r =>
      (r.callFindings ?? []).map(finding => {
        const ruleId = `platform/${finding.finding}`;
        return {
          ruleId,
          ruleIndex: ruleIndex.get(ruleId)!,
          level: 'error' as const,
          message: {
            text: messageText(`${r.module ?? r.name}: ${finding.message}`),
          },
          locations: [location(r.file, r.line, r.column)],
        };
      }),
    ),
    ...report.references
      .filter(r => r.upgrade && r.upgrade.needs.length > 0)
      .map(r => ({
        ruleId: UPGRADE_RULE,
        ruleIndex: ruleIndex.get(UPGRADE_RULE)!,
        level: 'warning' as const,
        message: {
          text: messageText(
            `${r.module ?? r.name}: upgrade to ${
              r.upgrade!.to
            }: ${r.upgrade!.needs.join('; ')}`,
          ),
        },
        locations: [location(r.file, r.line, r.column)],
      })),
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
