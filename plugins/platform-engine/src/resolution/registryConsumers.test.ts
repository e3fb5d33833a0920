import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Reference } from '@platform-portal/plugin-platform-common';
import { createDefaultExtractors } from '../extractors/defaultExtractors';
import { parsePlatformManifest } from '../manifest/parsePlatformManifest';
import { scanTree } from '../scanner/scanTree';
import { resolveReferences } from './resolveReference';

// Written by scripts/fetch-registry-corpus.sh: the platform's tags and the consumers' trees.
const CORPUS =
  process.env.REGISTRY_CORPUS_DIR ??
  path.join(os.tmpdir(), 'platform-portal-registry-corpus');
const present = fs.existsSync(path.join(CORPUS, 'platform-tags.txt'));

/** A release as three numbers; the expected verdicts are worked out on these alone. */
type Release = [number, number, number];

function compare(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function releaseOf(text: string): Release | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : undefined;
}

/**
 * The releases a Terraform version constraint admits, as Terraform's documentation states the
 * operators: missing parts are zero, and `~>` lets only the right-most written part grow.
 */
function admits(constraint: string): (release: Release) => boolean {
  const clauses = constraint.split(',').map(clause => {
    const match =
      /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(
        clause,
      );
    if (!match) {
      throw new Error(`the test cannot read the constraint ${constraint}`);
    }
    const [, operator = '=', major, minor, patch] = match;
    const bound: Release = [
      Number(major),
      Number(minor ?? 0),
      Number(patch ?? 0),
    ];
    return (release: Release) => {
      const order = compare(release, bound);
      switch (operator) {
        case '!=':
          return order !== 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '~>':
          if (order < 0) {
            return false;
          }
          if (patch !== undefined) {
            return release[0] === bound[0] && release[1] === bound[1];
          }
          return minor === undefined || release[0] === bound[0];
        default:
          return order === 0;
      }
    };
  });
  return release => clauses.every(clause => clause(release));
}

/** What a pin of `pinned` should be judged, against the newest release. */
function verdictFor(pinned: Release, latest: Release): string {
  if (pinned[0] !== latest[0]) {
    return 'major-behind';
  }
  if (pinned[1] !== latest[1]) {
    return 'minor-behind';
  }
  return pinned[2] !== latest[2] ? 'patch-behind' : 'up-to-date';
}

// How a consumer writes this module: from the registry, with or without its host, or by git.
const REGISTRY_SOURCE =
  /^(?:tfr:\/\/\/?)?(?:registry\.terraform\.io\/)?terraform-aws-modules\/eks\/aws(?:\/\/|\?|$)/i;
const GIT_SOURCE =
  /github\.com[/:]terraform-aws-modules\/terraform-aws-eks(?:\.git)?(?:\/\/|\?|$)/i;

function expectedVerdict(
  reference: Reference,
  releases: Release[],
  latest: Release,
): string {
  if (GIT_SOURCE.test(reference.source)) {
    const ref = /[?&]ref=([^&]+)/.exec(reference.source)?.[1];
    const pinned = ref && releaseOf(ref);
    if (!ref) {
      return 'unpinned';
    }
    return pinned && releases.some(r => compare(r, pinned) === 0)
      ? verdictFor(pinned, latest)
      : 'unknown-version';
  }
  if (!reference.ref) {
    return 'unpinned';
  }
  const best = releases.filter(admits(reference.ref)).pop();
  return best ? verdictFor(best, latest) : 'unknown-version';
}

if (!present) {
  // A skipped suite shows no title, so the reason is said here.
  // eslint-disable-next-line no-console
  console.warn(
    `Skipped the public consumers of terraform-aws-modules/eks/aws: no corpus in ${CORPUS}; run scripts/fetch-registry-corpus.sh (or set REGISTRY_CORPUS_DIR)`,
  );
}

(present ? describe : describe.skip)(
  'public consumers of terraform-aws-modules/eks/aws',
  () => {
    it('judges every reference to the module, from the registry and by git, as its tags imply', async () => {
      const tags = fs
        .readFileSync(path.join(CORPUS, 'platform-tags.txt'), 'utf8')
        .trim()
        .split('\n')
        .map(line => {
          const [name, commit] = line.split(' ');
          return { name, commit };
        });
      const releases = tags
        .map(tag => releaseOf(tag.name))
        .filter((release): release is Release => release !== undefined)
        .sort(compare);
      const latest = releases[releases.length - 1];
      const { manifest, problems } = parsePlatformManifest(
        fs.readFileSync(
          path.join(
            __dirname,
            '__fixtures__',
            'terraform-aws-eks.platform.yaml',
          ),
          'utf8',
        ),
      );
      expect(problems).toEqual([]);

      const extractors = await createDefaultExtractors();
      const consumersDir = path.join(CORPUS, 'consumers');
      const judged: Array<{
        consumer: string;
        written: string;
        verdict: string;
        expected: string;
      }> = [];
      for (const consumer of fs.readdirSync(consumersDir).sort()) {
        const { references } = await scanTree(
          path.join(consumersDir, consumer),
          { extractors },
        );
        const ofModule = references.filter(
          reference =>
            REGISTRY_SOURCE.test(reference.source) ||
            GIT_SOURCE.test(reference.source),
        );
        const drift = resolveReferences(ofModule, {
          manifest: manifest!,
          tags,
        });
        ofModule.forEach((reference, index) => {
          judged.push({
            consumer,
            written: `${reference.position.file}:${reference.position.line} ${
              reference.source
            } ${reference.ref ?? ''}`.trim(),
            verdict: drift[index].verdict,
            expected: expectedVerdict(reference, releases, latest),
          });
        });
      }

      // The corpus is large enough to mean something, and holds both ways of consuming.
      expect(releases.length).toBeGreaterThan(300);
      expect(judged.length).toBeGreaterThan(50);
      expect(judged.some(j => GIT_SOURCE.test(j.written))).toBe(true);
      expect(judged.filter(j => j.verdict === 'external')).toEqual([]);
      expect(judged.filter(j => j.verdict === 'unknown-module')).toEqual([]);
      expect(judged.filter(j => j.verdict !== j.expected)).toEqual([]);

      const figures: Record<string, number> = {};
      for (const { verdict } of judged) {
        figures[verdict] = (figures[verdict] ?? 0) + 1;
      }
      // eslint-disable-next-line no-console
      console.log(
        `${judged.length} references to eks in ${
          new Set(judged.map(j => j.consumer)).size
        } consumer trees (${
          judged.filter(j => GIT_SOURCE.test(j.written)).length
        } by git) against ${releases.length} releases (latest ${latest.join(
          '.',
        )}): ${JSON.stringify(figures)}`,
      );
    });
  },
);
