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

/**
 * Below this drawing width a chart lays itself out for a phone: the value axis's title above
 * the plot instead of beside it, margins as wide as their labels, a shorter plot, and on
 * horizontal bars each label above its bar.
 */
export const COMPACT_WIDTH = 480;

/**
 * About how wide a text is in SVG units at the charts' 12px: generous (the widest common
 * system sans-serif, DejaVu Sans, draws a digit at 0.64 of its size and "%" at 0.95), so
 * that margins made from it never clip a label.
 */
export function textWidth(text: string, size = 12) {
  let ems = 0;
  for (const ch of text) ems += ch === "%" || ch === "W" || ch === "M" ? 0.95 : 0.64;
  return ems * size;
}

/**
 * The margins of a compact chart with a value axis on the left: room for the longest tick label
 * on the left and for `right` (end labels) on the right, the axis title on top.
 */
export function compactMargin(y: ScaleLinear<number, number>, unit: ChartUnit, f: Formatters, right: number): Margin {
  const ticks = valueTicks(y, unit);
  const largest = Math.max(...ticks.map(Math.abs));
  const longest = Math.max(...ticks.map((t) => textWidth(formatTick(unit, t, f, largest))));
  return { top: 30, right: Math.max(12, Math.ceil(right)), bottom: 44, left: Math.ceil(longest) + 14 };
}

/** SVG coordinates to a tenth of a unit: as sharp as a screen shows, and a much smaller page. */
export function r1(n: number | undefined): number {
  return Math.round((n ?? 0) * 10) / 10;
}

export type Margin = { top: number; right: number; bottom: number; left: number };

/** A category's label along an axis: months as "Mar" with the year under January and the first. */
export type CategoryLabel = { line1: string; line2: string | null; full: string; /** A month's year. */ year?: string };

export function categoryLabels(data: Pick<ChartData, "categories" | "monthly">, locale: string, room = 22): CategoryLabel[] {
  if (!data.monthly) {
    return data.categories.map((c) => ({ line1: truncate(c.label, room), line2: null, full: c.label }));
  }
  return data.categories.map((c, i) => {
    const m = monthLabel(locale, c.key);
    return { line1: m.short, line2: i === 0 || m.january ? m.year : null, full: m.long, year: m.year };
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
  titleOnTop = false,
}: {
  width: number;
  y: ScaleLinear<number, number>;
  unit: ChartUnit;
  f: Formatters;
  margin: Margin;
  height: number;
  label: string;
  /** The axis title written above the plot (a compact chart), not turned along the axis. */
  titleOnTop?: boolean;
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
      {titleOnTop ? (
        <text className="chart-axis-title" x={2} y={12}>
          {truncate(label, Math.floor(width / 6.5))}
        </text>
      ) : (
        <text
          className="chart-axis-title"
          transform={`translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {label}
        </text>
      )}
    </g>
  );
}

/** Category labels under the x axis. */
export function CategoryAxisBottom({ positions, labels, y }: { positions: number[]; labels: CategoryLabel[]; y: number }) {
  // With many categories, or little room between them (a phone), label every second (third…)
  // one so the labels never overlap.
  const spacing = positions.length > 1 ? Math.abs(positions[1] - positions[0]) : Infinity;
  // Roughly 6.5 units a character, as the labels were shortened to fit (categoryLabels' room).
  const longest = 6.5 * Math.max(0, ...labels.map((l) => Math.max(l.line1.length, (l.line2 ?? l.year ?? "").length)));
  const step = Math.max(labels.length > 14 ? Math.ceil(labels.length / 12) : 1, Math.ceil(longest / spacing));
  let lastYear: string | undefined;
  return (
    <g className="chart-axis" aria-hidden="true">
      {labels.map((l, i) => {
        if (i % step) return null;
        // When labels are skipped, the year goes under the first shown label of each year.
        const year = step === 1 ? l.line2 : l.year !== undefined && l.year !== lastYear ? l.year : null;
        lastYear = l.year;
        return (
          <text key={i} x={r1(positions[i])} y={y + 16} textAnchor="middle">
            {l.line1}
            {year ? (
              <tspan x={r1(positions[i])} dy="1.15em" className="chart-axis-sub">
                {year}
              </tspan>
            ) : null}
          </text>
        );
      })}
    </g>
  );
}
