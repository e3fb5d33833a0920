import {
  DriftResult,
  PlatformManifest,
  PlatformModule,
  Reference,
  ResolvedPin,
  bestMatch,
  latestVersion,
  normalizeVersion,
  parseConstraint,
} from '@platform-portal/plugin-platform-common';
import { PlatformTag } from '@platform-portal/plugin-platform-node';

/** What judging a Crossplane reference needs of the snapshot it is resolved against. */
export interface CrossplaneContext {
  manifest: PlatformManifest;
  /** The module's releases: each version with its tag. */
  releases(
    module: PlatformModule,
  ): Array<{ version: string; tag: PlatformTag }>;
  /** Judges a pin of a module, as every other reference's pin is judged. */
  judge(
    module: PlatformModule,
    pinned: ResolvedPin,
    environment: string | undefined,
  ): DriftResult;
  environment?: string;
}

// `1.4`: a release line, as a release label on a CompositionRevision often names one.
const RELEASE_LINE = /^v?\d+\.\d+$/;

/**
 * The Kubernetes label value that names a release tag (`postgresql/v1.1.0` is
 * `postgresql-v1.1.0`), as the platform labels its CompositionRevisions.
 *
 * @public
 */
export function releaseLabel(tag: string): string {
  return tag.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
}

/** Whether a revision label names this release: by its tag as written or as a label value. */
function namesRelease(label: string, tag: PlatformTag): boolean {
  return tag.name === label || releaseLabel(tag.name) === label;
}

function splitType(name: string): { group: string; kind: string } {
  const slash = name.lastIndexOf('/');
  return { group: name.slice(0, slash), kind: name.slice(slash + 1) };
}

function xrdModules(manifest: PlatformManifest) {
  return manifest.modules.filter(
    (m): m is PlatformModule & { xrd: NonNullable<PlatformModule['xrd']> } =>
      m.xrd !== undefined,
  );
}

/**
 * Judges the API version a claim, a composite resource or a Composition's compositeTypeRef
 * names against the XRD at its module's latest release: a served version is up to date, a served
 * but deprecated one deprecated (in the XRD's own words), one no longer served unsupported.
 */
function judgeType(
  reference: Reference,
  name: string,
  context: CrossplaneContext,
): DriftResult | undefined {
  const { manifest, environment } = context;
  const { group, kind } = splitType(name);
  const linked = xrdModules(manifest);
  const inGroup = linked.filter(m => m.xrd.group === group);
  // The claim kind is known only from the XRD as read; one module of the group not read may be it.
  const unread = inGroup.filter(m => !m.xrd.latest);
  const module =
    inGroup.find(
      m => m.xrd.kind === kind || m.xrd.latest?.claimKind === kind,
    ) ?? (unread.length === 1 ? unread[0] : undefined);
  const base = environment === undefined ? {} : { environment };
  if (!module) {
    if (inGroup.length === 0) {
      return undefined;
    }
    if (unread.length > 0) {
      return {
        ...base,
        verdict: 'unknown-version',
        explanation: `the XRDs of ${unread
          .map(m => m.name)
          .join(
            ', ',
          )} could not be read at their latest releases, so which of them defines ${group}/${kind} is not known`,
      };
    }
    return {
      ...base,
      verdict: 'unknown-module',
      explanation: `${group} is the API group of ${manifest.name}'s XRDs, but no module of it defines the kind ${kind}`,
    };
  }
  const latest = latestVersion(context.releases(module).map(r => r.version));
  const found = {
    ...base,
    module: module.name,
    ...(latest !== undefined && { latest }),
  };
  const xrd = module.xrd.latest;
  const apiVersion = `${group}/${reference.ref ?? ''}`;
  if (!xrd) {
    return {
      ...found,
      verdict: 'unknown-version',
      explanation: `the XRD of ${module.name} could not be read at its latest release, so whether it serves ${apiVersion} is not known`,
    };
  }
  const at = `${module.name} ${xrd.version}`;
  const version = xrd.versions.find(v => v.name === reference.ref);
  const served = xrd.versions.filter(v => v.served).map(v => v.name);
  const current = xrd.versions.find(v => v.referenceable)?.name;
  const moveTo = current ? `; move to ${group}/${current}` : '';
  if (!version?.served) {
    return {
      ...found,
      verdict: 'unsupported',
      explanation: `${apiVersion} is not served by the XRD of ${at} (${
        served.length > 0 ? `it serves ${served.join(', ')}` : 'it serves none'
      })${moveTo}`,
    };
  }
  if (version.deprecated) {
    return {
      ...found,
      verdict: 'deprecated',
      explanation: `${apiVersion} is deprecated in the XRD of ${at}: ${
        version.deprecationWarning ?? 'the XRD marks it deprecated'
      }${version.deprecationWarning ? '' : moveTo}`,
    };
  }
  return {
    ...found,
    verdict: 'up-to-date',
    explanation: `${apiVersion} is served by the XRD of ${at}${
      version.referenceable
        ? ''
        : `; Compositions reference ${group}/${current ?? 'no version'}`
    }`,
  };
}

/**
 * The module whose Composition a composition reference selects: by the Composition's name, by
 * the claim's type when it leaves the Composition to the XRD, or by release label.
 */
function compositionModule(
  reference: Reference,
  name: string,
  context: CrossplaneContext,
): PlatformModule | undefined {
  const linked = xrdModules(context.manifest);
  const label = reference.ref;
  // A claim left to its XRD's Composition names its own type, `group/Kind`.
  const type = name.includes('/') ? splitType(name) : undefined;
  return (
    linked.find(m => m.xrd.latest?.compositions.includes(name)) ??
    linked.find(
      m =>
        m.xrd.group === type?.group &&
        (m.xrd.kind === type.kind || m.xrd.latest?.claimKind === type.kind),
    ) ??
    (label
      ? linked.find(m =>
          context.releases(m).some(r => namesRelease(label, r.tag)),
        )
      : undefined)
  );
}

/** The release a revision pin names: a release tag or its label, a version or a release line. */
function revisionPin(
  ref: string,
  module: PlatformModule,
  context: CrossplaneContext,
): ResolvedPin {
  const releases = context.releases(module);
  const byLabel = releases.find(r => namesRelease(ref, r.tag));
  if (byLabel) {
    return {
      type: 'version',
      version: byLabel.version,
      via: `revision label ${ref}`,
    };
  }
  const version = normalizeVersion(ref);
  if (version !== undefined) {
    return { type: 'version', version, via: `revision label ${ref}` };
  }
  if (RELEASE_LINE.test(ref)) {
    const line = parseConstraint(`~${ref.replace(/^v/, '')}`, 'helm');
    const newest =
      line.ok &&
      bestMatch(
        line.constraint,
        releases.map(r => r.version),
      );
    return newest
      ? { type: 'version', version: newest, via: `release line ${ref}` }
      : {
          type: 'unknown-version',
          ref,
          reason: `no release of ${module.name} is on the line ${ref}`,
        };
  }
  return {
    type: 'unknown-version',
    ref,
    reason: `the composition revision "${ref}" names no release of ${module.name}, so which release it holds cannot be told`,
  };
}

/**
 * The verdict of a claim that holds no release's revision of its Composition: on the `Automatic`
 * update policy (Crossplane's default) it follows the newest revision, a revision it names
 * included, unless a revision selector bounds it; on `Manual` without a revision named it holds
 * the one that was newest when it was created. Undefined when it holds the revision it pins.
 */
function followedRevision(
  reference: Reference,
  name: string,
  module: PlatformModule,
  context: CrossplaneContext,
): DriftResult | undefined {
  const selection = reference.revisionSelection;
  const policy = selection?.updatePolicy?.value;
  const manual = policy === 'Manual';
  const named = selection?.revisionRef?.name;
  const movesOffRef = !manual && named !== undefined && reference.ref === named;
  if (reference.ref && !movesOffRef) {
    return undefined;
  }
  const latest = latestVersion(context.releases(module).map(r => r.version));
  const result = (
    verdict: DriftResult['verdict'],
    explanation: string,
  ): DriftResult => ({
    ...(context.environment !== undefined && {
      environment: context.environment,
    }),
    module: module.name,
    ...(latest !== undefined && { latest }),
    verdict,
    explanation: `${explanation}; ${
      latest
        ? `the latest release of ${module.name} is ${latest}`
        : `${module.name} has no releases yet`
    }`,
  });
  if (manual) {
    return result(
      'unknown-version',
      `compositionUpdatePolicy Manual holds it on the revision of ${name} that was newest when it was created, which the file does not name`,
    );
  }
  const automatic = `compositionUpdatePolicy is Automatic${
    policy ? '' : " (Crossplane's default)"
  }`;
  return movesOffRef
    ? result(
        'unpinned',
        `names the revision ${named}, but its ${automatic}, so Crossplane moves it to the newest revision of ${name}${
          selection?.revisionSelector
            ? ' its compositionRevisionSelector matches'
            : ''
        }; set compositionUpdatePolicy: Manual to hold it there`,
      )
    : result(
        'unpinned',
        `follows the newest revision of ${name}: its ${automatic} and it selects no revision`,
      );
}

/**
 * Judges a Crossplane reference against the platform's XRD links: the API version of a claim,
 * composite resource or Composition against the XRD at the latest release, and a claim's pinned
 * composition revision like a version pin. Undefined when the reference is none of the
 * platform's, so it stays external.
 */
export function resolveCrossplane(
  reference: Reference,
  name: string,
  context: CrossplaneContext,
): DriftResult | undefined {
  if (reference.kind === 'crossplane-composite-type') {
    return judgeType(reference, name, context);
  }
  if (reference.kind !== 'crossplane-composition-ref') {
    return undefined;
  }
  const module = compositionModule(reference, name, context);
  if (!module) {
    return undefined;
  }
  const followed = followedRevision(reference, name, module, context);
  if (followed || !reference.ref) {
    return followed;
  }
  return context.judge(
    module,
    revisionPin(reference.ref, module, context),
    context.environment,
  );
}
