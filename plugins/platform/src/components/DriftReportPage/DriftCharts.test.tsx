import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DriftSummary } from '@platform-portal/plugin-platform-common';
import { DriftCharts } from './DriftCharts';

/**
 * The charts animate, as in a browser: without `matchMedia` (jsdom has none) they would draw
 * their last frame at once and hide what a reader sees while they grow.
 */
function withMotion() {
  const before = window.matchMedia;
  beforeEach(() => {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        addEventListener: () => {},
        removeEventListener: () => {},
        addListener: () => {},
        removeListener: () => {},
      } as unknown as MediaQueryList);
  });
  afterEach(() => {
    window.matchMedia = before;
  });
}

/** The path of a whole ring: its outer circle drawn in two halves from the top, then the hole. */
const WHOLE_RING = /^M0,-([\d.]+)A\1,\1,0,1,1,0,\1A\1,\1,0,1,1,0,-\1M/;

async function renderShare(byVerdict: DriftSummary['byVerdict']) {
  const total = Object.values(byVerdict).reduce((sum, n) => sum + (n ?? 0), 0);
  await renderInTestApp(
    <DriftCharts
      summary={{
        total,
        services: 1,
        byVerdict,
        byModule: [{ module: 'vpc', total, drifted: 0 }],
      }}
      trends={[]}
      trendDays={30}
    />,
  );
  const share = screen.getByRole('figure', { name: 'References by verdict' });
  return Array.from(share.querySelectorAll('.MuiPieArc-root'));
}

describe('the references by verdict donut', () => {
  withMotion();

  it('draws a single verdict as a closed ring from its first frame', async () => {
    const arcs = await renderShare({ 'up-to-date': 4 });
    expect(arcs).toHaveLength(1);
    expect(arcs[0].getAttribute('d')).toMatch(WHOLE_RING);
    expect(arcs[0]).toHaveAttribute('visibility', 'visible');
  });

  it('draws several verdicts as slices, none a whole ring', async () => {
    const arcs = await renderShare({ 'up-to-date': 3, deprecated: 1 });
    expect(arcs).toHaveLength(2);
    for (const arc of arcs) {
      expect(arc.getAttribute('d')).not.toMatch(WHOLE_RING);
    }
  });
});

describe('the charts before their summary', () => {
  it('stand as empty cards under their titles, marked busy', async () => {
    await renderInTestApp(<DriftCharts trends={[]} trendDays={30} />);
    for (const title of [
      'References by verdict',
      'Modules with most drift',
      'References by verdict, last 30 days',
    ]) {
      expect(screen.getByRole('figure', { name: title })).toBeInTheDocument();
    }
    expect(
      screen
        .getByRole('figure', { name: 'References by verdict' })
        .parentElement?.closest('[aria-busy="true"]'),
    ).not.toBeNull();
    expect(document.querySelector('.MuiPieArc-root')).toBeNull();
    expect(
      screen.queryByText(
        'The trend appears after scans on two different days.',
      ),
    ).not.toBeInTheDocument();
  });
});
