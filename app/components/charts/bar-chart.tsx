import { scaleBand, scaleLinear } from "d3-scale";
import { stack, stackOffsetDiverging } from "d3-shape";
import { Fragment } from "react";
import { useLocale } from "~/components/i18n";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { COMPACT_WIDTH, CategoryAxisBottom, ValueAxisLeft, categoryLabels, chartWidth, compactMargin, r1, textWidth, truncate, valueDomain, type Margin } from "./axes";
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

const V_HEIGHT_NATURAL = 270;
const V_MARGIN_NATURAL: Margin = { top: 16, right: 16, bottom: 46, left: 70 };
const V_HEIGHT_COMPACT = 240;

/**
 * Vertical bars per month (or pulse): comparisons over time. `width` is the drawing width in
 * SVG units (the width the chart has on screen); without it, the natural width, scaled to the box.
 */
export function BarChart({ data, labelledBy, width }: { data: ChartData; labelledBy: string; width?: number }) {
  const f = useChartFormat();
  const locale = useLocale();
  const WIDTH = width ?? chartWidth(data);
  const compact = WIDTH < COMPACT_WIDTH;
  const V_HEIGHT = compact ? V_HEIGHT_COMPACT : V_HEIGHT_NATURAL;
  const keys = data.categories.map((c) => c.key);
  const y = scaleLinear().domain(valueDomain(data));
  if (!data.domain) y.nice();
  const V_MARGIN = compact ? compactMargin(y, data.unit, f, 8) : V_MARGIN_NATURAL;
  y.range([V_HEIGHT - V_MARGIN.bottom, V_MARGIN.top]);
  const x = scaleBand<string>()
    .domain(keys)
    .range([V_MARGIN.left, WIDTH - V_MARGIN.right])
    .padding(compact ? 0.2 : 0.25);
  const labels = categoryLabels(data, locale, Math.max(6, Math.floor(x.step() / 6.5)));
  const { segments: bars, stacked } = segments(data);
  const inner = scaleBand<string>()
    .domain(stacked ? ["all"] : data.series.map((s) => s.key))
    .range([0, x.bandwidth()])
    .padding(0.08);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${V_HEIGHT}`} role="img" aria-labelledby={labelledBy} className="chart-svg">
      <ValueAxisLeft width={WIDTH} y={y} unit={data.unit} f={f} margin={V_MARGIN} height={V_HEIGHT} label={data.axisLabel} titleOnTop={compact} />
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
/** A compact row: the label on a line of its own, the bar under it. */
const COMPACT_ROW = 42;
const COMPACT_LABEL = 17;
/** About how wide a character of a category label is, in SVG units. */
const CHAR = 7;

/**
 * Horizontal bars per team or item: comparisons, longest first as the server sorted them.
 * `width` is the drawing width in SVG units (the width the chart has on screen); without it,
 * the natural width, scaled to the box. A compact chart writes each label above its bar, so a
 * team's or policy's name keeps its words on a phone.
 */
export function HBarChart({ data, labelledBy, width }: { data: ChartData; labelledBy: string; width?: number }) {
  const f = useChartFormat();
  const WIDTH = width ?? chartWidth(data);
  const compact = WIDTH < COMPACT_WIDTH;
  const keys = data.categories.map((c) => c.key);
  const { segments: bars, stacked } = segments(data);
  // The total at the end of each row (the sum of a stack, or the value of a single series).
  const totals = data.categories.map((_, i) => {
    const values = data.series.map((s) => s.values[i]).filter((v): v is number => v !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  });
  const showTotals = stacked || data.series.length === 1;
  // Room on the left for the labels: as long as the longest, within limits (then truncated);
  // a compact chart's labels have the whole width above their bars.
  const maxChars = compact ? Math.floor((WIDTH - 8) / CHAR) : data.wide ? 56 : 30;
  const longest = Math.min(maxChars, Math.max(4, ...data.categories.map((c) => c.label.length)));
  // End labels are bold: a tenth wider than textWidth's estimate, and 6 units off their bar.
  const totalRoom = showTotals ? Math.max(0, ...totals.map((t) => (t === null ? 0 : textWidth(formatValue(data.unit, t, f)) * 1.1))) + 14 : 12;
  const x = scaleLinear().domain(valueDomain(data));
  if (!data.domain) x.nice();
  const ticks = valueTicks(x, data.unit).filter((_, i, all) => !compact || all.length <= 4 || i % 2 === 0);
  const largest = Math.max(...ticks.map(Math.abs));
  // A compact chart's first and last tick labels, centred on their ticks, stay inside it.
  const halfTick = (t: number | undefined) => (t === undefined ? 0 : Math.ceil(textWidth(formatTick(data.unit, t, f, largest)) / 2) + 2);
  const H_MARGIN: Margin = compact
    ? { top: 4, right: Math.ceil(Math.max(totalRoom, halfTick(ticks[ticks.length - 1]))), bottom: 40, left: Math.max(8, halfTick(ticks[0])) }
    : { top: 8, right: 84, bottom: 40, left: Math.round(longest * CHAR + 14) };
  const row = compact ? COMPACT_ROW : ROW;
  const height = H_MARGIN.top + H_MARGIN.bottom + Math.max(1, keys.length) * row;
  const y = scaleBand<string>()
    .domain(keys)
    .range([H_MARGIN.top, height - H_MARGIN.bottom])
    .padding(compact ? 0.12 : 0.22);
  // Where a row's bar is drawn: the whole band, or under the label in a compact chart.
  const barTop = (key: string) => (y(key) ?? 0) + (compact ? COMPACT_LABEL : 0);
  const barHeight = Math.max(1, y.bandwidth() - (compact ? COMPACT_LABEL : 0));
  x.range([H_MARGIN.left, WIDTH - H_MARGIN.right]);
  const inner = scaleBand<string>()
    .domain(stacked ? ["all"] : data.series.map((s) => s.key))
    .range([0, barHeight])
    .padding(0.1);
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
        {data.categories.map((c) =>
          compact ? (
            <text key={c.key} x={H_MARGIN.left} y={r1((y(c.key) ?? 0) + COMPACT_LABEL - 5)} className="chart-category">
              {truncate(c.label, maxChars)}
              {c.label.length > maxChars ? <title>{c.label}</title> : null}
            </text>
          ) : (
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
          )
        )}
      </g>
      {bars.map((s) => {
        const left = x(Math.min(s.from, s.to));
        const right = x(Math.max(s.from, s.to));
        return (
          <rect
            key={`${s.key}-${s.category}`}
            x={r1(left)}
            y={r1(barTop(keys[s.category]) + (inner(stacked ? "all" : s.key) ?? 0))}
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
                y={r1(barTop(keys[i]) + barHeight / 2)}
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
