/**
 * What a chart shows, as the server sends it: one shape for the SVG, its table and its CSV,
 * so the three can never disagree.
 */

/**
 * How values read: customer hours; a share 0–1 shown as %; a count; days; a 1–5 score;
 * a percentage already 0–100.
 */
export type ChartUnit = "hours" | "share" | "count" | "days" | "score" | "percent";

export type ChartKind =
  /** Trends over months (or pulses): one line per series. */
  | "line"
  /** Vertical bars per month: grouped side by side, or stacked. */
  | "bars"
  | "stacked-bars"
  /** Horizontal bars per category (team, policy): comparisons. */
  | "hbars"
  | "stacked-hbars";

export type ChartSeries = {
  key: string;
  label: string;
  values: Array<number | null>;
  /** A reference series (the organisation beside a team) is drawn muted and dashed. */
  reference?: boolean;
};

export type ChartData = {
  id: string;
  kind: ChartKind;
  title: string;
  /** What the figure means, shown beside the chart. */
  definition: string;
  unit: ChartUnit;
  /** Axis title, with the unit. */
  axisLabel: string;
  /** The categories along the x axis (line, bars) or down the y axis (hbars). */
  categories: Array<{ key: string; label: string; href?: string }>;
  /** Categories are months ("2026-03"): labelled with the reader's locale. */
  monthly: boolean;
  categoryHeading: string;
  series: ChartSeries[];
  /** Fixed value range (shares 0–1, scores 1–5); otherwise from zero to the largest value. */
  domain?: [number, number];
  csvHref: string;
  /** Takes the whole width of the dashboard (long category labels). */
  wide?: boolean;
};
