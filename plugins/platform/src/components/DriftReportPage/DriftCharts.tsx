import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { PieChart } from '@mui/x-charts/PieChart';
import {
  DriftSummary,
  DriftVerdict,
  driftVerdicts,
  TrendPoint,
} from '@platform-portal/plugin-platform-common';
import {
  memo,
  ReactNode,
  startTransition,
  useEffect,
  useId,
  useState,
} from 'react';
import { compactCount, countOf, formatCount } from '../layout/plural';
import {
  driftVerdictLook,
  quietVerdicts,
  VerdictMark,
  verdictLabels,
} from '../verdicts';
import { visuallyHidden } from '../layout/visuallyHidden';

const HEIGHT = 200;
const TOP_MODULES = 8;
/** The longest a chart waits for the browser to be idle before it is drawn. */
const IDLE_TIMEOUT_MS = 500;
const TITLES = {
  share: 'References by verdict',
  modules: 'Modules with most drift',
  trend: (days: number) =>
    `References by verdict, last ${countOf(days, 'day')}`,
};

/** A chart with a visible title that names it, and its figures in words for screen readers. */
function ChartCard(props: {
  title: string;
  summary: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent sx={{ pb: '8px !important' }}>
        <Typography variant="subtitle2" component="h2" id={titleId}>
          {props.title}
        </Typography>
        <Box component="figure" aria-labelledby={titleId} sx={{ m: 0 }}>
          {props.children}
          <Box component="figcaption" sx={visuallyHidden}>
            {props.summary}
          </Box>
        </Box>
      </CardContent>
    </Card>
  );
}

/** A count in a chart's tooltip, in full. */
const tooltipCount = (value: number | null) =>
  value === null ? '' : formatCount(value);

/** The verdicts of a chart, each with its shape, colour, words and count. */
function VerdictLegend(props: {
  items: Array<{ verdict: DriftVerdict; count?: number }>;
}) {
  const theme = useTheme();
  return (
    <Box
      component="ul"
      aria-hidden
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: 1.5,
        rowGap: 0.25,
      }}
    >
      {props.items.map(({ verdict, count }) => {
        const look = driftVerdictLook(verdict, theme);
        return (
          <Box
            component="li"
            key={verdict}
            data-verdict={verdict}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 0.5,
              typography: 'caption',
            }}
          >
            <VerdictMark shape={look.shape} color={look.color} />
            {verdictLabels[verdict]}
            {count !== undefined && `: ${formatCount(count)}`}
          </Box>
        );
      })}
    </Box>
  );
}

/** The verdicts a chart shows: those with rows, in the order of their severity. */
function presentVerdicts(counts: Partial<Record<DriftVerdict, number>>[]) {
  return driftVerdicts.filter(verdict =>
    counts.some(c => (c[verdict] ?? 0) > 0),
  );
}

function ShareByVerdict(props: { summary: DriftSummary }) {
  const { summary } = props;
  const theme = useTheme();
  const verdicts = presentVerdicts([summary.byVerdict]);
  const slices = verdicts.map(verdict => ({
    id: verdict,
    value: summary.byVerdict[verdict] ?? 0,
    label: verdictLabels[verdict],
    color: driftVerdictLook(verdict, theme).color,
  }));
  return (
    <ChartCard
      title={TITLES.share}
      summary={slices
        .map(s => `${s.label}: ${countOf(s.value, 'reference')}`)
        .join('; ')}
    >
      <PieChart
        height={HEIGHT - 40}
        series={[
          {
            data: slices,
            innerRadius: 30,
            paddingAngle: 1,
            arcLabel: item => compactCount(item.value),
            valueFormatter: item => formatCount(item.value),
            arcLabelMinAngle: 25,
          },
        ]}
        slotProps={{ legend: { hidden: true } }}
        // A slice grows from its middle: a single verdict would show as an open ring closing
        // at the top until the animation ends, so a whole ring is drawn at once.
        skipAnimation={slices.length === 1}
        margin={{ top: 5, bottom: 5, left: 5, right: 5 }}
        sx={{
          '& .MuiPieArcLabel-root': {
            fontSize: 12,
            fontWeight: 'bold',
          },
        }}
      />
      <VerdictLegend
        items={verdicts.map(verdict => ({
          verdict,
          count: summary.byVerdict[verdict],
        }))}
      />
    </ChartCard>
  );
}

function ModulesWithMostDrift(props: { summary: DriftSummary }) {
  const theme = useTheme();
  const modules = props.summary.byModule.slice(0, TOP_MODULES);
  const current = driftVerdictLook('up-to-date', theme).color;
  return (
    <ChartCard
      title={TITLES.modules}
      summary={modules
        .map(
          m =>
            `${m.module}: ${formatCount(m.drifted)} of ${countOf(
              m.total,
              'reference',
            )} not up to date`,
        )
        .join('; ')}
    >
      <BarChart
        height={HEIGHT}
        layout="horizontal"
        // No axis label: the title says these are modules, and a label left of names as long
        // as the margin allows would be drawn over them.
        yAxis={[{ scaleType: 'band', data: modules.map(m => m.module) }]}
        xAxis={[
          {
            label: 'References',
            tickMinStep: 1,
            valueFormatter: compactCount,
          },
        ]}
        series={[
          {
            label: 'Not up to date',
            data: modules.map(m => m.drifted),
            stack: 'rows',
            valueFormatter: tooltipCount,
            // Not one verdict but several: the page's text colour, not a verdict's.
            color: theme.palette.text.secondary,
          },
          {
            label: 'Up to date',
            data: modules.map(m => m.total - m.drifted),
            stack: 'rows',
            valueFormatter: tooltipCount,
            color: current,
          },
        ]}
        slotProps={{
          legend: {
            position: { vertical: 'top', horizontal: 'middle' },
            itemMarkWidth: 10,
            itemMarkHeight: 10,
            labelStyle: { fontSize: 12 },
          },
        }}
        // The last tick's label is centred on the chart's right edge: half of a label such as
        // "300K" must fit in the right margin, or it is cut off.
        margin={{ left: 100, top: 30, right: 24, bottom: 45 }}
      />
    </ChartCard>
  );
}

function Trend(props: { trends: TrendPoint[]; days: number }) {
  const { trends, days } = props;
  const theme = useTheme();
  // Like the report, the trend leaves out references that ask nothing of anyone.
  const verdicts = presentVerdicts(trends.map(point => point.counts)).filter(
    verdict => !quietVerdicts.includes(verdict),
  );
  return (
    <ChartCard
      title={TITLES.trend(days)}
      summary={trends
        .map(
          point =>
            `${point.day}: ${verdicts
              .map(
                v => `${verdictLabels[v]} ${formatCount(point.counts[v] ?? 0)}`,
              )
              .join(', ')}`,
        )
        .join('; ')}
    >
      {trends.length > 1 ? (
        <>
          <LineChart
            height={HEIGHT - 40}
            xAxis={[
              {
                scaleType: 'point',
                data: trends.map(point => point.day.slice(5)),
                label: 'Day',
              },
            ]}
            yAxis={[
              {
                label: 'References',
                tickMinStep: 1,
                valueFormatter: compactCount,
              },
            ]}
            series={verdicts.map(verdict => ({
              id: verdict,
              label: verdictLabels[verdict],
              color: driftVerdictLook(verdict, theme).color,
              data: trends.map(point => point.counts[verdict] ?? 0),
              stack: 'total',
              valueFormatter: tooltipCount,
              area: true,
              showMark: false,
            }))}
            slotProps={{ legend: { hidden: true } }}
            margin={{ top: 10, right: 10, bottom: 40, left: 55 }}
          />
          <VerdictLegend items={verdicts.map(verdict => ({ verdict }))} />
        </>
      ) : (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ height: HEIGHT, display: 'flex', alignItems: 'center' }}
        >
          The trend appears after scans on two different days.
        </Typography>
      )}
    </ChartCard>
  );
}

/** Runs `callback` when the browser is next idle (at the latest after `timeout` ms). */
function whenIdle(callback: () => void, timeout: number): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(callback, { timeout });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(callback, 0);
  return () => window.clearTimeout(handle);
}

/**
 * How many of `count` charts to draw: none until `start`, then one more each time the browser
 * is idle. Drawing a chart the first time takes a long task (its axes measure their labels and
 * it draws again at its container's width); one at a time, after what the page was waiting for,
 * a click on the counts or the table is answered between two charts instead of after all three.
 */
function useDrawnInTurn(count: number, start: boolean): number {
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    if (!start || drawn >= count) {
      return undefined;
    }
    return whenIdle(
      () => startTransition(() => setDrawn(drawn + 1)),
      IDLE_TIMEOUT_MS,
    );
  }, [start, drawn, count]);
  return drawn;
}

/**
 * References by verdict, the modules with most drift, and references by verdict over time; every
 * verdict in the colour and shape its chips have. Until a chart is drawn (without a summary yet,
 * and then one chart at a time as the browser is idle), its card stands empty at the chart's
 * height, so that nothing below moves when it is drawn.
 */
export const DriftCharts = memo(function DriftChartCards(props: {
  summary?: DriftSummary;
  trends: TrendPoint[];
  trendDays: number;
}) {
  const { summary, trends, trendDays } = props;
  const titles = [TITLES.share, TITLES.modules, TITLES.trend(trendDays)];
  const drawn = useDrawnInTurn(titles.length, !!summary);
  const charts = titles.map((title, index) => {
    if (!summary || index >= drawn) {
      return (
        <ChartCard title={title} summary="">
          <Box sx={{ height: HEIGHT }} />
        </ChartCard>
      );
    }
    return [
      <ShareByVerdict summary={summary} />,
      <ModulesWithMostDrift summary={summary} />,
      <Trend trends={trends} days={trendDays} />,
    ][index];
  });
  return (
    <Grid container spacing={2} aria-busy={drawn < titles.length}>
      {charts.map((chart, index) => (
        <Grid item xs={12} md={4} key={index}>
          {chart}
        </Grid>
      ))}
    </Grid>
  );
});
