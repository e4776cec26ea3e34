import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/**
 * The dashboard's two SVG charts (recharts). They are pictures: the figures they draw are in the
 * table beside each (ChartFigure), so the charts carry no keyboard layer of their own and no animation
 * (a print or a screenshot sees the final drawing).
 */

export const PROGRAMME_COLOURS: Record<string, string> = {
  nursery_stay: '#1d6b57',
  school_stay: '#1a5fb4',
  trial_living: '#8a5a00',
  workation: '#7b3fa0',
  dual_region: '#b3261e',
  other: '#5b6770',
};

export interface SeriesPoint {
  label: string;
  [series: string]: number | string;
}

export function CumulativeLineChart({
  data,
  series,
  format,
}: {
  data: SeriesPoint[];
  series: { key: string; name: string; colour: string }[];
  format: (n: number) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#d9d4c7" strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fill: '#1f2a2e', fontSize: 12 }} />
        <YAxis tickFormatter={format} width={96} tick={{ fill: '#1f2a2e', fontSize: 12 }} />
        <Tooltip formatter={(v) => format(Number(v))} />
        <Legend />
        {series.map((s) => (
          <Line
            key={s.key}
            type="linear"
            dataKey={s.key}
            name={s.name}
            stroke={s.colour}
            strokeWidth={2.5}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function StackedBarChart({
  data,
  series,
  format,
}: {
  data: SeriesPoint[];
  series: { key: string; name: string; colour: string }[];
  format: (n: number) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#d9d4c7" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fill: '#1f2a2e', fontSize: 12 }} />
        <YAxis tickFormatter={format} width={96} tick={{ fill: '#1f2a2e', fontSize: 12 }} />
        <Tooltip formatter={(v) => format(Number(v))} />
        <Legend />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="a"
            fill={s.colour}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
