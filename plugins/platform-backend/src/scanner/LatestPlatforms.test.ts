import { LoadedPlatform } from '@platform-portal/plugin-platform-engine';
import { LatestPlatforms } from './LatestPlatforms';

function platform(name: string): LoadedPlatform {
  return {
    url: `https://github.com/acme/${name}`,
    snapshot: {
      manifest: { name, repository: '', modules: [] },
      tags: [],
    },
    fingerprint: name,
    modules: [],
    problems: [],
  } as unknown as LoadedPlatform;
}

describe('LatestPlatforms', () => {
  function setUp(load: () => Promise<LoadedPlatform[]>) {
    let now = 0;
    const loads = jest.fn(load);
    const latest = new LatestPlatforms({
      load: loads,
      maxAgeMs: 60_000,
      now: () => now,
    });
    return {
      latest,
      loads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('answers what the scan loaded until it is older than the limit, then loads once for all readers', async () => {
    const { latest, loads, advance } = setUp(async () => [platform('loaded')]);
    const scanned = [platform('scanned')];
    latest.set(scanned);
    advance(60_000);
    expect(await latest.get()).toBe(scanned);
    expect(loads).not.toHaveBeenCalled();

    advance(1);
    const [first, second] = await Promise.all([latest.get(), latest.get()]);
    expect(first[0].url).toBe('https://github.com/acme/loaded');
    expect(second).toBe(first);
    expect(loads).toHaveBeenCalledTimes(1);
    expect(await latest.get()).toBe(first);
    expect(loads).toHaveBeenCalledTimes(1);
  });

  it('loads when nothing was scanned, and tries again after a failed load', async () => {
    let fail = true;
    const { latest, loads } = setUp(async () => {
      if (fail) {
        throw new Error('the platform repository did not answer');
      }
      return [platform('loaded')];
    });
    await expect(latest.get()).rejects.toThrow('did not answer');
    fail = false;
    expect((await latest.get())[0].fingerprint).toBe('loaded');
    expect(loads).toHaveBeenCalledTimes(2);
  });
});
