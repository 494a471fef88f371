import { describe, expect, it } from "vitest";
import { negotiateLocale, translator, type MessageKey } from "~/i18n";
import { formatters } from "~/components/i18n";

describe("the message catalogue", () => {
  const en = translator("en");
  const nl = translator("nl");

  it("fills each placeholder with its value, wherever it stands and however often it is asked", () => {
    expect(en("shell.pagination.pageOf", { page: 2, pages: 7 })).toBe("Page 2 of 7");
    expect(en("shell.pagination.pageOf", { page: 3, pages: 3 })).toBe("Page 3 of 3");
    expect(nl("shell.pagination.pageOf", { page: 1, pages: 2 })).toBe("Pagina 1 van 2");
  });

  it("chooses the plural form for the count, in each language's words", () => {
    expect(en("shell.login.slowDown", { seconds: 1 })).toBe("Too many failed attempts. Wait 1 second before trying again.");
    expect(en("shell.login.slowDown", { seconds: 30 })).toBe("Too many failed attempts. Wait 30 seconds before trying again.");
    expect(nl("shell.login.locked", { minutes: 1 })).toContain("over 1 minuut opnieuw");
    expect(nl("shell.login.locked", { minutes: 15 })).toContain("over 15 minuten opnieuw");
  });

  it("formats a count inside a plural as a number of the reader's language", () => {
    expect(en("dashboard.units.days", { value: 1234.5 })).toBe("1,234.5 days");
    expect(en("dashboard.units.days", { value: 1 })).toBe("1 day");
  });

  it("returns a message without arguments as it is, and one missing a value as written", () => {
    expect(en("shell.nav.standards")).toBe("Standards");
    expect(en("shell.nav.standards", { unused: 1 })).toBe("Standards");
    expect(nl("shell.nav.standards")).toBe("Standaarden");
    expect(en("shell.pagination.pageOf", { page: 2 })).toBe("Page {page} of {pages}");
  });

  it("is made once per language, and an unknown language reads English", () => {
    expect(translator("nl")).toBe(nl);
    expect(translator("fr")).toBe(en);
    expect(en("shell.nope" as MessageKey)).toBe("shell.nope");
  });

  it("answers the same values from memory with the same text, and never one set of values with another's", () => {
    expect(en("shell.pagination.pageOf", { page: 1, pages: 12 })).toBe("Page 1 of 12");
    expect(en("shell.pagination.pageOf", { page: 11, pages: 2 })).toBe("Page 11 of 2");
    expect(en("shell.pagination.pageOf", { page: "1", pages: "12" })).toBe("Page 1 of 12");
    expect(en("dashboard.scopeTeam", { team: "a:s1:b" })).toBe(en("dashboard.scopeTeam", { team: "a:s1:b" }));
    expect(en("dashboard.scopeTeam", { team: "a:s1:b" })).not.toBe(en("dashboard.scopeTeam", { team: "a:s1:c" }));
    // More values than a message keeps: each still gets its own text.
    for (let page = 1; page <= 450; page++) expect(en("shell.pagination.pageOf", { page, pages: 450 })).toBe(`Page ${page} of 450`);
    expect(en("shell.pagination.pageOf", { page: 1, pages: 12 })).toBe("Page 1 of 12");
  });

  it("formats plurals written as ICU messages by the language's plural rules", () => {
    expect(en("reviews.close.notVoted", { count: 1 })).toBe("1 eligible person has not voted yet.");
    expect(en("reviews.close.notVoted", { count: 0 })).toBe("0 eligible people have not voted yet.");
    expect(en("reviews.close.notVoted", { count: 1250 })).toBe("1,250 eligible people have not voted yet.");
  });

  it("picks the reader's most wanted supported language", () => {
    expect(negotiateLocale("fr-FR,nl;q=0.8,en;q=0.5")).toBe("nl");
    expect(negotiateLocale("en;q=0.4,nl-BE;q=0.9")).toBe("nl");
    expect(negotiateLocale("nl;q=0,en")).toBe("en");
    expect(negotiateLocale("fr,de")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });
});

describe("the formatters", () => {
  it("give each date, month and share its own text, the second time as the first", () => {
    const en = formatters("en");
    for (let pass = 0; pass < 2; pass++) {
      expect(en.dateTime("2026-03-04T09:05:00.000Z")).toBe("Mar 4, 2026, 9:05 AM");
      expect(en.dateTime("2026-03-04T17:30:00.000Z")).toBe("Mar 4, 2026, 5:30 PM");
      expect(en.dateTime(null)).toBe("—");
      expect(en.month("2026-03")).toBe("Mar 2026");
      expect(en.month("2026-11")).toBe("Nov 2026");
      expect(en.percent(0.25)).toBe("25%");
      expect(en.percent(0.5)).toBe("50%");
    }
    expect(formatters("nl").month("2026-03")).toBe("mrt 2026");
  });

  it("write hours, percentages, durations and axis figures the way each language does", () => {
    const en = formatters("en");
    const nl = formatters("nl");
    expect(en.hours(1234.5)).toBe("1,234.5 h");
    expect(nl.hours(1234.5)).toBe("1.234,5 u");
    expect(nl.wholeHours(1234.5)).toBe("1.235 u");
    expect(en.percentPoints(42.5)).toBe("42.5%");
    expect(nl.percentPoints(42.5)).toBe("42,5%");
    expect(en.days(2)).toBe("2 days");
    expect(nl.days(1)).toBe("1 dag");
    expect(nl.minutes(15)).toBe("15 minuten");
    expect(en.compact(12_500)).toBe("12.5K");
    expect(nl.compact(12_500)).toBe("12,5K");
    expect(nl.date("2026-03-04T09:05:00.000Z")).toBe("4 mrt 2026");
  });

  it("show an instant's UTC day, whatever its time, and a date written as a day alike", () => {
    const en = formatters("en");
    expect(en.date("2026-03-04T00:00:00.000Z")).toBe("Mar 4, 2026");
    expect(en.date("2026-03-04T23:59:59.999Z")).toBe("Mar 4, 2026");
    expect(en.date("2026-03-05T00:00:00.000Z")).toBe("Mar 5, 2026");
    expect(en.date("2026-03-04")).toBe("Mar 4, 2026");
    // Not UTC: formatted as the instant it names.
    expect(en.date("2026-03-04T23:30:00-02:00")).toBe("Mar 5, 2026");
    expect(en.date(null)).toBe("—");
  });

  it("always show a score with one decimal, in the reader's language", () => {
    const en = formatters("en");
    expect(en.score(4)).toBe("4.0");
    expect(en.score(3.46)).toBe("3.5");
    expect(en.score(4)).toBe("4.0");
    expect(formatters("nl").score(3.5)).toBe("3,5");
  });
});
