import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import type { ChartData } from "./chart-data";

/**
 * Each chart's insides as markup, drawn once per chart data object and language. The dashboard's
 * chart data is built once per figures generation, scope and language and cached with the page's
 * payload (`cachedPayload`, app/lib/dashboard.server.ts), so a chart is drawn again exactly when
 * its figures (or anything else the page's data reads) changed; the entry is forgotten with the
 * data object. Drawing the fifteen charts was about half of a dashboard request's CPU
 * (docs/decisions/017).
 */
const drawn = new WeakMap<ChartData, Map<string, string>>();

/** Counts, for tests and the benchmark script: charts drawn and charts served from markup. */
export const chartMarkupStats = { drawn: 0, reused: 0 };

export function chartMarkup(data: ChartData, locale: string, render: () => ReactElement): string {
  let byLocale = drawn.get(data);
  if (!byLocale) drawn.set(data, (byLocale = new Map()));
  let html = byLocale.get(locale);
  if (html === undefined) {
    html = renderToString(render());
    byLocale.set(locale, html);
    chartMarkupStats.drawn++;
  } else chartMarkupStats.reused++;
  return html;
}
