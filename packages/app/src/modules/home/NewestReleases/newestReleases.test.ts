import { platformModule } from '../__testUtils__/fixtures';
import { newestReleases } from './newestReleases';

describe('newestReleases', () => {
  it('says what each latest release changed, majors first', () => {
    const releases = newestReleases([
      platformModule('vpc', ['2.1.1', '2.1.0', '2.0.0']),
      platformModule('eks', ['3.0.0', '2.5.0']),
      platformModule('dns', ['1.1.0', '1.0.0']),
      platformModule('s3-bucket', ['0.1.0']),
    ]);

    expect(
      releases.map(r => [r.module, r.latest, r.change, r.previous]),
    ).toEqual([
      ['eks', '3.0.0', 'major', '2.5.0'],
      ['dns', '1.1.0', 'minor', '1.0.0'],
      ['vpc', '2.1.1', 'patch', '2.1.0'],
      ['s3-bucket', '0.1.0', 'first', undefined],
    ]);
  });

  it('compares with the stable release before, past prereleases', () => {
    const [release] = newestReleases([
      platformModule('eks', ['3.1.0-rc.2', '3.0.0', '3.0.0-rc.1', '2.5.0']),
    ]);

    expect(release).toMatchObject({
      latest: '3.0.0',
      previous: '2.5.0',
      change: 'major',
    });
  });

  it('leaves out modules without a release', () => {
    expect(
      newestReleases([platformModule('new', [], { latest: undefined })]),
    ).toEqual([]);
  });
});
