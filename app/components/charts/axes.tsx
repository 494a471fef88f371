import type { ScaleLinear } from "d3-scale";
import type { Formatters } from "~/components/i18n";
import type { ChartData, ChartUnit } from "./chart-data";
import { formatTick } from "./format";

/** The drawing area of every chart, in SVG user units (the SVG scales to its container). */
export const WIDTH = 640;

export type Margin = { top: number; right: number; bottom: number; left: number };

/** A category's label along an axis: months as "Mar" with the year under January and the first. */
export type CategoryLabel = { line1: string; line2: string | null; full: string };

export function categoryLabels(data: Pick<ChartData, "categories" | "monthly">, locale: string): CategoryLabel[] {
  if (!data.monthly) {
    return data.categories.map((c) => ({ line1: truncate(c.label, 22), line2: null, full: c.label }));
  }
  const month = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const full = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  return data.categories.map((c, i) => {
    const date = new Date(`${c.key}-01T00:00:00Z`);
    const showYear = i === 0 || date.getUTCMonth() === 0;
    return { line1: month.format(date), line2: showYear ? String(date.getUTCFullYear()) : null, full: full.format(date) };
  });
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
    for (const s of data.series) for (const v of s.values) if (v !== null) {
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
}: {
  y: ScaleLinear<number, number>;
  unit: ChartUnit;
  f: Formatters;
  margin: Margin;
  height: number;
  label: string;
}) {
  const ticks = y.ticks(5);
  return (
    <g className="chart-axis" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line className={t === 0 ? "chart-baseline" : "chart-gridline"} x1={margin.left} x2={WIDTH - margin.right} y1={y(t)} y2={y(t)} />
          <text x={margin.left - 8} y={y(t)} dy="0.32em" textAnchor="end">
            {formatTick(unit, t, f)}
          </text>
        </g>
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
export function CategoryAxisBottom({
  positions,
  labels,
  y,
}: {
  positions: number[];
  labels: CategoryLabel[];
  y: number;
}) {
  // With many categories, label every other one so the labels never overlap.
  const step = labels.length > 14 ? Math.ceil(labels.length / 12) : 1;
  return (
    <g className="chart-axis" aria-hidden="true">
      {labels.map((l, i) =>
        i % step ? null : (
          <text key={i} x={positions[i]} y={y + 16} textAnchor="middle">
            {l.line1}
            {l.line2 ? (
              <tspan x={positions[i]} dy="1.15em" className="chart-axis-sub">
                {l.line2}
              </tspan>
            ) : null}
          </text>
        ),
      )}
    </g>
  );
}
