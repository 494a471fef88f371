import { scaleBand, scaleLinear } from "d3-scale";
import { stack, stackOffsetDiverging } from "d3-shape";
import { Fragment } from "react";
import { useLocale } from "~/components/i18n";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { CategoryAxisBottom, ValueAxisLeft, categoryLabels, chartWidth, r1, truncate, valueDomain, type Margin } from "./axes";
import { formatTick, formatValue, seriesColour, valueTicks } from "./format";

type Segment = { key: string; seriesIndex: number; reference?: boolean; category: number; from: number; to: number; value: number };

/**
 * The bars of a chart as segments from one value to another: side by side (grouped) or
 * piled up (stacked, with d3-shape's stack; negative values go below zero).
 */
function segments(data: ChartData): { segments: Segment[]; stacked: boolean } {
  const stacked = data.kind === "stacked-bars" || data.kind === "stacked-hbars";
  const out: Segment[] = [];
  if (stacked) {
    const rows = data.categories.map((_, i) => Object.fromEntries(data.series.map((s) => [s.key, s.values[i] ?? 0])));
    const layers = stack<Record<string, number>>()
      .keys(data.series.map((s) => s.key))
      .offset(stackOffsetDiverging)(rows);
    layers.forEach((layer, seriesIndex) => {
      layer.forEach(([from, to], category) => {
        const value = data.series[seriesIndex].values[category];
        if (value === null || value === 0) return;
        out.push({ key: data.series[seriesIndex].key, seriesIndex, category, from, to, value });
      });
    });
  } else {
    data.series.forEach((s, seriesIndex) =>
      s.values.forEach((value, category) => {
        if (value === null) return;
        out.push({ key: s.key, seriesIndex, reference: s.reference, category, from: 0, to: value, value });
      })
    );
  }
  return { segments: out, stacked };
}

function barTitle(data: ChartData, s: Segment, categoryLabel: string, f: ReturnType<typeof useChartFormat>) {
  const series = data.series[s.seriesIndex];
  const name = data.series.length > 1 ? `${series.label} · ` : "";
  return `${name}${categoryLabel}: ${formatValue(data.unit, s.value, f)}`;
}

const V_HEIGHT = 270;
const V_MARGIN: Margin = { top: 16, right: 16, bottom: 46, left: 70 };

/** Vertical bars per month (or pulse): comparisons over time. */
export function BarChart({ data, labelledBy }: { data: ChartData; labelledBy: string }) {
  const f = useChartFormat();
  const locale = useLocale();
  const WIDTH = chartWidth(data);
  const keys = data.categories.map((c) => c.key);
  const x = scaleBand<string>()
    .domain(keys)
    .range([V_MARGIN.left, WIDTH - V_MARGIN.right])
    .padding(0.25);
  const labels = categoryLabels(data, locale, Math.max(6, Math.floor(x.step() / 6.5)));
  const y = scaleLinear()
    .domain(valueDomain(data))
    .range([V_HEIGHT - V_MARGIN.bottom, V_MARGIN.top]);
  if (!data.domain) y.nice();
  const { segments: bars, stacked } = segments(data);
  const inner = scaleBand<string>()
    .domain(stacked ? ["all"] : data.series.map((s) => s.key))
    .range([0, x.bandwidth()])
    .padding(0.08);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${V_HEIGHT}`} role="img" aria-labelledby={labelledBy} className="chart-svg">
      <ValueAxisLeft width={WIDTH} y={y} unit={data.unit} f={f} margin={V_MARGIN} height={V_HEIGHT} label={data.axisLabel} />
      <CategoryAxisBottom positions={keys.map((k) => (x(k) ?? 0) + x.bandwidth() / 2)} labels={labels} y={V_HEIGHT - V_MARGIN.bottom} />
      {bars.map((s) => {
        const top = y(Math.max(s.from, s.to));
        const bottom = y(Math.min(s.from, s.to));
        return (
          <rect
            key={`${s.key}-${s.category}`}
            x={r1((x(keys[s.category]) ?? 0) + (inner(stacked ? "all" : s.key) ?? 0))}
            y={r1(top)}
            width={r1(inner.bandwidth())}
            height={r1(Math.max(bottom - top, 1))}
            fill={seriesColour(s.seriesIndex, s.reference)}
            fillOpacity={s.reference ? 0.55 : 1}
          >
            <title>{barTitle(data, s, labels[s.category].full, f)}</title>
          </rect>
        );
      })}
      <line className="chart-baseline" x1={V_MARGIN.left} x2={WIDTH - V_MARGIN.right} y1={r1(y(0))} y2={r1(y(0))} aria-hidden="true" />
    </svg>
  );
}

const ROW = 30;
/** About how wide a character of a category label is, in SVG units. */
const CHAR = 7;

/** Horizontal bars per team or item: comparisons, longest first as the server sorted them. */
export function HBarChart({ data, labelledBy }: { data: ChartData; labelledBy: string }) {
  const f = useChartFormat();
  const WIDTH = chartWidth(data);
  const keys = data.categories.map((c) => c.key);
  // Room on the left for the labels: as long as the longest, within limits (then truncated).
  const maxChars = data.wide ? 56 : 30;
  const longest = Math.min(maxChars, Math.max(4, ...data.categories.map((c) => c.label.length)));
  const H_MARGIN: Margin = { top: 8, right: 84, bottom: 40, left: Math.round(longest * CHAR + 14) };
  const height = H_MARGIN.top + H_MARGIN.bottom + Math.max(1, keys.length) * ROW;
  const y = scaleBand<string>()
    .domain(keys)
    .range([H_MARGIN.top, height - H_MARGIN.bottom])
    .padding(0.22);
  const x = scaleLinear()
    .domain(valueDomain(data))
    .range([H_MARGIN.left, WIDTH - H_MARGIN.right]);
  if (!data.domain) x.nice();
  const { segments: bars, stacked } = segments(data);
  const inner = scaleBand<string>()
    .domain(stacked ? ["all"] : data.series.map((s) => s.key))
    .range([0, y.bandwidth()])
    .padding(0.1);
  const ticks = valueTicks(x, data.unit);
  const largest = Math.max(...ticks.map(Math.abs));
  // The total at the end of each row (the sum of a stack, or the value of a single series).
  const totals = data.categories.map((_, i) => {
    const values = data.series.map((s) => s.values[i]).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  });
  const showTotals = stacked || data.series.length === 1;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={labelledBy} className="chart-svg">
      <g className="chart-axis" aria-hidden="true">
        {ticks.map((t) => (
          <Fragment key={t}>
            <line
              className={t === 0 ? "chart-baseline" : "chart-gridline"}
              x1={r1(x(t))}
              x2={r1(x(t))}
              y1={H_MARGIN.top}
              y2={height - H_MARGIN.bottom}
            />
            <text x={r1(x(t))} y={height - H_MARGIN.bottom + 16} textAnchor="middle">
              {formatTick(data.unit, t, f, largest)}
            </text>
          </Fragment>
        ))}
        <text className="chart-axis-title" x={(H_MARGIN.left + WIDTH - H_MARGIN.right) / 2} y={height - 6} textAnchor="middle">
          {data.axisLabel}
        </text>
        {data.categories.map((c) => (
          <text
            key={c.key}
            x={H_MARGIN.left - 8}
            y={r1((y(c.key) ?? 0) + y.bandwidth() / 2)}
            dy="0.32em"
            textAnchor="end"
            className="chart-category"
          >
            {truncate(c.label, maxChars)}
            {c.label.length > maxChars ? <title>{c.label}</title> : null}
          </text>
        ))}
      </g>
      {bars.map((s) => {
        const left = x(Math.min(s.from, s.to));
        const right = x(Math.max(s.from, s.to));
        return (
          <rect
            key={`${s.key}-${s.category}`}
            x={r1(left)}
            y={r1((y(keys[s.category]) ?? 0) + (inner(stacked ? "all" : s.key) ?? 0))}
            width={r1(Math.max(right - left, 1))}
            height={r1(inner.bandwidth())}
            fill={seriesColour(s.seriesIndex, s.reference)}
            fillOpacity={s.reference ? 0.55 : 1}
          >
            <title>{barTitle(data, s, data.categories[s.category].label, f)}</title>
          </rect>
        );
      })}
      {showTotals
        ? totals.map((total, i) =>
            total === null ? null : (
              <text
                key={keys[i]}
                x={r1(x(Math.max(0, total)) + 6)}
                y={r1((y(keys[i]) ?? 0) + y.bandwidth() / 2)}
                dy="0.32em"
                className="chart-end-label"
                aria-hidden="true"
              >
                {formatValue(data.unit, total, f)}
              </text>
            )
          )
        : null}
    </svg>
  );
}
