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
  verdictSeverity,
} from '@internal/plugin-platform-common';
import { ReactNode } from 'react';
import { verdictColor, verdictLabels } from '../verdicts';

const HEIGHT = 220;
const TOP_MODULES = 8;

/** Verdict groups of the trend chart, by what they ask of a team. */
const TREND_GROUPS: Array<{ label: string; severity: number[] }> = [
  { label: 'Up to date', severity: [0] },
  { label: 'Patch or minor behind', severity: [1, 2] },
  { label: 'Needs attention', severity: [3] },
  { label: 'Must act', severity: [4] },
];

function ChartCard(props: {
  title: string;
  summary: string;
  children: ReactNode;
}) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="subtitle2" component="h2" gutterBottom>
          {props.title}
        </Typography>
        <figure style={{ margin: 0 }} aria-label={props.title}>
          {props.children}
          <figcaption
            style={{
              position: 'absolute',
              left: -10000,
              width: 1,
              height: 1,
              overflow: 'hidden',
            }}
          >
            {props.summary}
          </figcaption>
        </figure>
      </CardContent>
    </Card>
  );
}

/** Share of rows by verdict, the modules with most drift, and the trend over time. */
export function DriftCharts(props: {
  summary: DriftSummary;
  trends: TrendPoint[];
}) {
  const { summary, trends } = props;
  const theme = useTheme();
  const colorOf = (verdict: DriftVerdict) => {
    const color = verdictColor(verdict);
    return color === 'default'
      ? theme.palette.grey[500]
      : theme.palette[color].main;
  };
  const slices = driftVerdicts
    .filter(verdict => (summary.byVerdict[verdict] ?? 0) > 0)
    .map(verdict => ({
      id: verdict,
      value: summary.byVerdict[verdict] ?? 0,
      label: verdictLabels[verdict],
      color: colorOf(verdict),
    }));
  const modules = summary.byModule.slice(0, TOP_MODULES);
  const trendColors = [
    theme.palette.success.main,
    theme.palette.info.main,
    theme.palette.warning.main,
    theme.palette.error.main,
  ];

  return (
    <Grid container spacing={2} sx={{ mb: 2 }}>
      <Grid item xs={12} md={4}>
        <ChartCard
          title="Share by verdict"
          summary={slices.map(s => `${s.label}: ${s.value}`).join('; ')}
        >
          <PieChart
            height={HEIGHT}
            series={[{ data: slices, innerRadius: 40, paddingAngle: 1 }]}
            slotProps={{ legend: { hidden: true } }}
            margin={{ right: 5 }}
          />
        </ChartCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <ChartCard
          title="Modules with most drift"
          summary={modules
            .map(m => `${m.module}: ${m.drifted} of ${m.total} behind`)
            .join('; ')}
        >
          <BarChart
            height={HEIGHT}
            layout="horizontal"
            yAxis={[{ scaleType: 'band', data: modules.map(m => m.module) }]}
            series={[
              {
                label: 'Behind',
                data: modules.map(m => m.drifted),
                stack: 'rows',
                color: theme.palette.warning.main,
              },
              {
                label: 'Current',
                data: modules.map(m => m.total - m.drifted),
                stack: 'rows',
                color: theme.palette.success.main,
              },
            ]}
            margin={{ left: 90, top: 50 }}
          />
        </ChartCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <ChartCard
          title="Trend"
          summary={trends
            .map(
              point =>
                `${point.day}: ${Object.entries(point.counts)
                  .map(([v, n]) => `${v} ${n}`)
                  .join(', ')}`,
            )
            .join('; ')}
        >
          {trends.length > 1 ? (
            <LineChart
              height={HEIGHT}
              xAxis={[
                {
                  scaleType: 'point',
                  data: trends.map(point => point.day.slice(5)),
                },
              ]}
              series={TREND_GROUPS.map((group, index) => ({
                label: group.label,
                color: trendColors[index],
                data: trends.map(point =>
                  Object.entries(point.counts)
                    .filter(
                      ([verdict]) =>
                        group.severity.includes(
                          verdictSeverity(verdict as DriftVerdict),
                        ) &&
                        verdict !== 'external' &&
                        verdict !== 'local',
                    )
                    .reduce((sum, [, count]) => sum + (count ?? 0), 0),
                ),
              }))}
              slotProps={{ legend: { hidden: true } }}
              margin={{ top: 10, right: 10 }}
            />
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
      </Grid>
    </Grid>
  );
}
