import { createContext, useContext } from "react";
import { translator, type Locale, type Translate } from "~/i18n";

const LocaleContext = createContext<Locale>("en");
export const LocaleProvider = LocaleContext.Provider;

export function useLocale() {
  return useContext(LocaleContext);
}

const translators = new Map<string, Translate>();

/** The translate function for the reader's language (one per language, made once). */
export function useT(): Translate {
  const locale = useLocale();
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = translator(locale)));
  return t;
}

export type Formatters = ReturnType<typeof formatters>;

/**
 * A formatting function that remembers what it gave: lists repeat the same dates and figures,
 * and each Intl call costs microseconds. Forgets everything past a few thousand values.
 */
function remembered<K extends string | number>(format: (value: K) => string): (value: K) => string {
  const seen = new Map<K, string>();
  return (value) => {
    let text = seen.get(value);
    if (text === undefined) {
      if (seen.size >= 5000) seen.clear();
      seen.set(value, (text = format(value)));
    }
    return text;
  };
}

/**
 * The UTC day of an ISO instant ("2026-12-06T07:13:56.809Z" → "2026-12-06"), which is all a date
 * in UTC shows: every instant of a day is then one entry of the date formatter's memory (a page
 * stamped with the time it was made formats that stamp once a day, not once a request). Other
 * text is left as it is.
 */
function utcDay(iso: string) {
  return iso.length > 10 && iso.endsWith("Z") && iso.charAt(10) === "T" ? iso.slice(0, 10) : iso;
}

/** Dates and numbers formatted for the reader's locale with Intl. */
export function formatters(locale: string) {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const points = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  // Durations are the locale's own units: "3 days" / "3 dagen", "1 minute" / "1 minuut". Hours
  // keep the catalogue's short unit ("12.5 h" / "12,5 u"): Intl's narrow English unit has no space.
  const t = translator(locale);
  const day = new Intl.NumberFormat(locale, { style: "unit", unit: "day", unitDisplay: "long", maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const minute = new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "long", maximumFractionDigits: 0 });
  const dates = remembered((iso: string) => date.format(new Date(iso)));
  const numbers = remembered((n: number) => number.format(n));
  const integers = remembered((n: number) => integer.format(n));
  const scores = remembered((n: number) => score.format(n));
  const dateTimes = remembered((iso: string) => dateTime.format(new Date(iso)));
  const months = remembered((ym: string) => month.format(new Date(`${ym}-01T00:00:00Z`)));
  const percents = remembered((share: number) => percent.format(share));
  const percentPoints = remembered((value: number) => points.format(value / 100));
  const hours = remembered((n: number) => t("shell.units.hours", { value: numbers(n) }));
  const wholeHours = remembered((n: number) => t("shell.units.hours", { value: integers(n) }));
  const days = remembered((n: number) => day.format(n));
  const minutes = remembered((n: number) => minute.format(n));
  const compacts = remembered((n: number) => compact.format(n));
  return {
    date: (iso: string | null | undefined) => (iso ? dates(utcDay(iso)) : "—"),
    dateTime: (iso: string | null | undefined) => (iso ? dateTimes(iso) : "—"),
    /** "2026-03" → "Mar 2026" */
    month: months,
    number: numbers,
    integer: integers,
    /** An average on the 1–5 scale, always with one decimal: 4.0, 3.5 */
    score: scores,
    /** A share (0–1) as a whole percentage: 0.25 → "25%" */
    percent: percents,
    /** A figure already in percent (0–100), with at most one decimal: 42.5 → "42.5%" / "42,5%" */
    percentPoints,
    /** Hours with at most one decimal: "12.5 h" / "12,5 u" */
    hours,
    /** Whole hours, for figures in the hundreds where a decimal only adds noise */
    wholeHours,
    /** A duration in days: "3 days" / "3 dagen" */
    days,
    /** A short figure for axis ticks: "12.5K" / "12,5K" */
    compact: compacts,
    /** A duration in minutes: "1 minute" / "15 minuten" */
    minutes,
  };
}

// Intl formatters are costly to construct: one set per language, shared by every component.
const formatterSets = new Map<string, Formatters>();

export function useFormat(): Formatters {
  const locale = useLocale();
  let f = formatterSets.get(locale);
  if (!f) formatterSets.set(locale, (f = formatters(locale)));
  return f;
}
