import { formatters, useLocale, type Formatters } from "~/components/i18n";

/**
 * The reader's formatters, built once per locale and shared by every chart: an Intl
 * formatter costs far more to build than to use, and a dashboard draws dozens of charts.
 */
const byLocale = new Map<string, Formatters>();

export function chartFormatters(locale: string): Formatters {
  let f = byLocale.get(locale);
  if (!f) byLocale.set(locale, (f = formatters(locale)));
  return f;
}

export function useChartFormat(): Formatters {
  return chartFormatters(useLocale());
}

const monthFormats = new Map<string, { short: Intl.DateTimeFormat; long: Intl.DateTimeFormat }>();

/** "Mar" and "March 2026" for the reader's locale, built once per locale. */
export function monthFormatters(locale: string) {
  let m = monthFormats.get(locale);
  if (!m) {
    m = {
      short: new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" }),
      long: new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }),
    };
    monthFormats.set(locale, m);
  }
  return m;
}
