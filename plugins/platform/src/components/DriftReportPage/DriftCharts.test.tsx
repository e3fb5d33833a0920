import { renderInTestApp } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
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
  // The chart is drawn once the browser is idle: its first frame is the first with arcs.
  return waitFor(() => {
    const arcs = screen
      .getByRole('figure', { name: 'References by verdict' })
      .querySelectorAll('.MuiPieArc-root');
    expect(arcs.length).toBeGreaterThan(0);
    return Array.from(arcs);
  });
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

describe('counts of a large organisation', () => {
  it('are written in full in the legend and shortened on the slices', async () => {
    await renderShare({ 'up-to-date': 426619, 'minor-behind': 263468 });
    const figure = screen.getByRole('figure', {
      name: 'References by verdict',
    });
    expect(figure).toHaveTextContent('Up to date: 426,619');
    expect(figure).toHaveTextContent('Minor behind: 263,468');
    await waitFor(() =>
      expect(
        Array.from(figure.querySelectorAll('.MuiPieArcLabel-root')).map(
          label => label.textContent,
        ),
      ).toEqual(['427K', '263K']),
    );
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

describe('the charts with their summary', () => {
  const titles = [
    'References by verdict',
    'Modules with most drift',
    'References by verdict, last 30 days',
  ];
  /** Whether a chart is drawn in its card, rather than the card standing empty. */
  const drawn = () =>
    titles.map(
      title =>
        !!screen.getByRole('figure', { name: title }).querySelector('svg, p'),
    );
  let idle: Array<() => void>;
  beforeEach(() => {
    idle = [];
    window.requestIdleCallback = jest.fn(callback => {
      idle.push(() => callback({} as IdleDeadline));
      return idle.length;
    });
    window.cancelIdleCallback = jest.fn();
  });
  afterEach(() => {
    // jsdom has neither.
    delete (window as Partial<Window>).requestIdleCallback;
    delete (window as Partial<Window>).cancelIdleCallback;
  });

  it('are drawn one at a time as the browser is idle, so that a click is answered between two', async () => {
    await renderInTestApp(
      <DriftCharts
        summary={{
          total: 2,
          services: 1,
          byVerdict: { 'up-to-date': 1, deprecated: 1 },
          byModule: [{ module: 'vpc', total: 2, drifted: 1 }],
        }}
        trends={[]}
        trendDays={30}
      />,
    );
    const busy = () =>
      screen
        .getByRole('figure', { name: titles[0] })
        .closest('[aria-busy="true"]') !== null;
    expect(drawn()).toEqual([false, false, false]);
    expect(busy()).toBe(true);

    for (const expected of [
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]) {
      const next = idle.shift()!;
      await act(async () => next());
      await waitFor(() => expect(drawn()).toEqual(expected));
    }
    expect(busy()).toBe(false);
    expect(
      screen.getByText('The trend appears after scans on two different days.'),
    ).toBeInTheDocument();
  });
});
