import {
  PlatformApiSchemas,
  ReleaseChannelReading,
  latestVersion,
} from '@platform-portal/plugin-platform-common';
import semver from 'semver';

type ModuleChannel = PlatformApiSchemas['ModuleChannel'];
type ModuleRelease = PlatformApiSchemas['ModuleReleaseEntry'];

/**
 * Which of a module's releases each of its channels offers: each channel's newest release and
 * the tagged releases newer than it that it does not have yet (made in git, not yet published),
 * and each release with the channels that have it. A channel that could not be read offers
 * nothing it can be held to: it names its problem and no release as missing.
 *
 * @public
 */
export function channelAvailability(
  releases: readonly ModuleRelease[],
  readings: readonly ReleaseChannelReading[],
): { channels: ModuleChannel[]; releases: ModuleRelease[] } {
  const offered = readings.map(
    reading => new Set(reading.problem ? [] : reading.versions ?? []),
  );
  const channels = readings.map((reading, index): ModuleChannel => {
    const latest = latestVersion(offered[index]);
    const notYetOffered = reading.problem
      ? []
      : releases
          .filter(
            release =>
              !release.prerelease &&
              !offered[index].has(release.version) &&
              (latest === undefined || semver.gt(release.version, latest)),
          )
          .map(release => release.version)
          .sort(semver.rcompare);
    return {
      kind: reading.kind,
      target: reading.target,
      ...(latest !== undefined && { latest }),
      notYetOffered,
      checkedAt: reading.checkedAt,
      ...(reading.problem && {
        problem: {
          code: reading.problem.code,
          message: reading.problem.message,
        },
      }),
    };
  });
  return {
    channels,
    releases: releases.map(release => ({
      ...release,
      channels: readings
        .filter((_reading, index) => offered[index].has(release.version))
        .map(reading => reading.kind),
    })),
  };
}
