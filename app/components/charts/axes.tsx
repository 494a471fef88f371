import type { ScaleLinear } from "d3-scale";
import { Fragment } from "react";
import type { Formatters } from "~/components/i18n";
import type { ChartData, ChartUnit } from "./chart-data";
import { formatTick, valueTicks } from "./format";
import { monthFormatters } from "./use-chart-format";

/**
 * The drawing width of a chart in SVG user units (the SVG scales to its container): a wide
 * chart gets more units, so its text stays the same size as its neighbours'.
 */
export function chartWidth(data: Pick<ChartData, "wide">) {
  return data.wide ? 1100 : 640;
}

/** SVG coordinates to a tenth of a unit: as sharp as a screen shows, and a much smaller page. */
export function r1(n: number | undefined): number {
  return Math.round((n ?? 0) * 10) / 10;
}

export type Margin = { top: number; right: number; bottom: number; left: number };

/** A category's label along an axis: months as "Mar" with the year under January and the first. */
export type CategoryLabel = { line1: string; line2: string | null; full: string };

export function categoryLabels(data: Pick<ChartData, "categories" | "monthly">, locale: string, room = 22): CategoryLabel[] {
  if (!data.monthly) {
    return data.categories.map((c) => ({ line1: truncate(c.label, room), line2: null, full: c.label }));
  }
  return data.categories.map((c, i) => {
    const m = monthLabel(locale, c.key);
    return { line1: m.short, line2: i === 0 || m.january ? m.year : null, full: m.long };
  });
}

/** A month's labels, formatted once per locale and month (formatting is the costly part). */
const monthLabels = new Map<string, { short: string; long: string; year: string; january: boolean }>();

function monthLabel(locale: string, ym: string) {
  const key = `${locale}:${ym}`;
  let label = monthLabels.get(key);
  if (!label) {
    const { short, long } = monthFormatters(locale);
    const date = new Date(`${ym}-01T00:00:00Z`);
    label = { short: short.format(date), long: long.format(date), year: String(date.getUTCFullYear()), january: date.getUTCMonth() === 0 };
    if (monthLabels.size > 5000) monthLabels.clear();
    monthLabels.set(key, label);
  }
  return label;
}

export function truncate(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The value range of a chart: fixed, or from the smallest (at most 0) to the largest value. */
export function valueDomain(data: Pick<ChartData, "series" | "domain" | "kind">): [number, number] {
  if (data.domain) return data.domain;
  const stacked = data.kind === "stacked-bars" || data.kind === "stacked-hbars";
  let lo = 0;
  let hi = 0;
  if (stacked) {
    const n = Math.max(0, ...data.series.map((s) => s.values.length));
    for (let i = 0; i < n; i++) {
      let pos = 0;
      let neg = 0;
      for (const s of data.series) {
        const v = s.values[i] ?? 0;
        if (v >= 0) pos += v;
        else neg += v;
      }
      hi = Math.max(hi, pos);
      lo = Math.min(lo, neg);
    }
  } else {
    for (const s of data.series)
      for (const v of s.values)
        if (v !== null) {
          hi = Math.max(hi, v);
          lo = Math.min(lo, v);
        }
  }
  return [lo, hi > lo ? hi : lo + 1];
}

export function hasValues(data: Pick<ChartData, "series" | "categories">) {
  return data.categories.length > 0 && data.series.some((s) => s.values.some((v) => v !== null));
}

/** Horizontal grid lines with the value ticks on the left, and the axis title. */
export function ValueAxisLeft({
  y,
  unit,
  f,
  margin,
  height,
  label,
  width,
}: {
  width: number;
  y: ScaleLinear<number, number>;
  unit: ChartUnit;
  f: Formatters;
  margin: Margin;
  height: number;
  label: string;
}) {
  const ticks = valueTicks(y, unit);
  const largest = Math.max(...ticks.map(Math.abs));
  return (
    <g className="chart-axis" aria-hidden="true">
      {ticks.map((t) => (
        <Fragment key={t}>
          <line
            className={t === 0 ? "chart-baseline" : "chart-gridline"}
            x1={margin.left}
            x2={width - margin.right}
            y1={r1(y(t))}
            y2={r1(y(t))}
          />
          <text x={margin.left - 8} y={r1(y(t))} dy="0.32em" textAnchor="end">
            {formatTick(unit, t, f, largest)}
          </text>
        </Fragment>
      ))}
      <text
        className="chart-axis-title"
        transform={`translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {label}
      </text>
    </g>
  );
}

/** Category labels under the x axis. */
export function CategoryAxisBottom({ positions, labels, y }: { positions: number[]; labels: CategoryLabel[]; y: number }) {
  // With many categories, label every other one so the labels never overlap.
  const step = labels.length > 14 ? Math.ceil(labels.length / 12) : 1;
  return (
    <g className="chart-axis" aria-hidden="true">
      {labels.map((l, i) =>
        i % step ? null : (
          <text key={i} x={r1(positions[i])} y={y + 16} textAnchor="middle">
            {l.line1}
            {l.line2 ? (
              <tspan x={r1(positions[i])} dy="1.15em" className="chart-axis-sub">
                {l.line2}
              </tspan>
            ) : null}
          </text>
        )
      )}
    </g>
  );
}
