import type { Formatters } from "~/components/i18n";
import type { ChartUnit } from "./chart-data";

/** A value as a reader sees it, in the chart's unit ("1,234.5 h", "42%", "3.8"). */
export function formatValue(unit: ChartUnit, value: number | null | undefined, f: Formatters): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (unit) {
    case "hours":
      return f.hours(value);
    case "share":
      return f.percent(value);
    case "percent":
      return `${f.number(value)} %`;
    case "count":
      return f.integer(value);
    case "days":
      return f.number(value);
    case "score":
      return f.number(value);
  }
}

/** A shorter form for axis ticks. */
export function formatTick(unit: ChartUnit, value: number, f: Formatters): string {
  if (unit === "share") return f.percent(value);
  if (unit === "percent") return `${f.integer(value)}%`;
  if (unit === "hours" && Math.abs(value) >= 10_000) return `${f.integer(value / 1000)}k`;
  return f.number(value);
}

/** Series colours: distinguishable, and dark enough on white for text and thin lines. */
export const PALETTE = ["#1f5fa8", "#c2571a", "#0f7b6c", "#7b3fa0", "#9a5b00", "#b3261e", "#2f6f8f", "#5b6b00"];
export const REFERENCE_COLOUR = "#6b7385";

export function seriesColour(index: number, reference?: boolean) {
  return reference ? REFERENCE_COLOUR : PALETTE[index % PALETTE.length];
}
