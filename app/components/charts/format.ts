import type { Formatters } from "~/components/i18n";
import type { ChartUnit } from "./chart-data";

/** A value as a reader sees it, in the chart's unit ("1,234.5 h", "42%", "3.8"), through Intl. */
export function formatValue(unit: ChartUnit, value: number | null | undefined, f: Formatters): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (unit) {
    case "hours":
      // Whole hours once a figure is in the hundreds: the decimal only adds noise.
      return Math.abs(value) >= 100 ? f.wholeHours(value) : f.hours(value);
    case "share":
      return f.percent(value);
    case "percent":
      return f.percentPoints(value);
    case "count":
      return f.integer(value);
    case "days":
      return f.number(value);
    case "score":
      return f.number(value);
  }
}

/**
 * A shorter form for axis ticks; `largest` is the axis's largest tick, so that every tick of
 * an axis in the tens of thousands reads in thousands ("10K", "20K"), not some of them.
 */
export function formatTick(unit: ChartUnit, value: number, f: Formatters, largest = value): string {
  if (unit === "share") return f.percent(value);
  if (unit === "percent") return f.percentPoints(Math.round(value));
  if (Math.abs(largest) >= 10_000 && value !== 0) return f.compact(value);
  return f.number(value);
}

/** Ticks of a value axis: whole numbers only for counts. */
export function valueTicks(scale: { ticks(count?: number): number[]; domain(): number[] }, unit: ChartUnit): number[] {
  const ticks = scale.ticks(5);
  if (unit !== "count") return ticks;
  const whole = ticks.filter((t) => Number.isInteger(t));
  return whole.length >= 2 ? whole : [0, Math.max(1, Math.ceil(scale.domain()[1]))];
}

/** Series colours: distinguishable, and dark enough on white for text and thin lines. */
export const PALETTE = ["#1f5fa8", "#c2571a", "#0f7b6c", "#7b3fa0", "#9a5b00", "#b3261e", "#2f6f8f", "#5b6b00"];
export const REFERENCE_COLOUR = "#6b7385";

export function seriesColour(index: number, reference?: boolean) {
  return reference ? REFERENCE_COLOUR : PALETTE[index % PALETTE.length];
}

/** The same colours as CSS classes (app.css, "dashboard"), for HTML legends. */
export function seriesClass(index: number, reference?: boolean) {
  return reference ? "series-reference" : `series-${index % PALETTE.length}`;
}
