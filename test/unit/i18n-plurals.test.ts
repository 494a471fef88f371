import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { catalogues, LOCALES, translator, type Locale } from "~/i18n";

type Tree = { [key: string]: string | Tree };
type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }>; children?: Element[] };

const ARGUMENT = 1;
const LITERAL = 0;

/**
 * Words that follow a number only in their plural form: "{count} votes" reads "1 votes". Hours
 * are left out: they are measured, not counted, and come formatted with their decimals.
 */
const COUNTED: Record<Locale, RegExp> = {
  en: /^\s+(?:[a-z]+\s+)?(votes|proposals|reports|points|values|columns|people|policies|days|months|weeks|reviews|comments|ratings|standards|teams|members|answers|events|notifications|rows|minutes|attempts|times|digests|mails|emails|pages|results|changes|questions|responses)\b/i,
  nl: /^\s+(?:[a-z]+\s+)?(stemmen|voorstellen|meldingen|punten|waarden|kolommen|mensen|beleidsregels|dagen|maanden|weken|evaluaties|reacties|beoordelingen|standaarden|leden|antwoorden|gebeurtenissen|rijen|minuten|pogingen|samenvattingen|e-mails|pagina's|resultaten|wijzigingen|vragen)\b/i,
};

/** Numbers that are settings of the product, never one: "up to {cap} points" (100), "the last {days} days" (90). */
const CONSTANTS = new Set([
  "policies.import.problemsText.tooManyRows",
  "signin.directory.problems.tooManyRows",
  "reviews.queue.howHours",
  "reviews.queue.howReports",
  "reviews.queue.howOverdue",
  // "the {shown} highest of {total} teams" is shown only when there are more teams than fit.
  "dashboard.charts.cappedHigh",
  "dashboard.charts.cappedLow",
  // Minutes an occurrence, like hours, are measured, formatted with their decimals.
  "notifications.followUp.predictedMinutes",
  "notifications.followUp.form.predicted",
  // A median of days to a decision, measured with its decimals ("10.5 days").
  "dashboard.decisions.summary",
]);

function flatten(tree: Tree, prefix = "", out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}

/** Plain arguments directly followed by a counted noun, anywhere in the message. */
function unpluralised(message: string, locale: Locale): string[] {
  const ast = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as Element[];
  const found: string[] = [];
  const walk = (elements: Element[]) => {
    elements.forEach((el, i) => {
      const next = elements[i + 1];
      if (el.type === ARGUMENT && next?.type === LITERAL && COUNTED[locale].test(next.value ?? "")) found.push(`{${el.value}}${next.value}`);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
      if (el.children) walk(el.children);
    });
  };
  walk(ast);
  return found;
}

describe("counts in the catalogues", () => {
  it("are plural messages wherever a number stands before a counted word, in every language", () => {
    const offenders: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, message] of flatten(catalogues[locale] as unknown as Tree)) {
        if (CONSTANTS.has(key)) continue;
        for (const hit of unpluralised(message, locale)) offenders.push(`${locale} ${key}: ${hit}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("read one of a thing in the singular", () => {
    const en = translator("en");
    const nl = translator("nl");
    expect(en("reviews.list.counts", { proposals: 1, votes: 1 })).toBe("1 proposal · 1 vote");
    expect(en("reviews.list.myVotesSome", { mine: 0, total: 1 })).toBe("You have voted on 0 of 1 proposal");
    expect(en("notifications.followUp.before", { count: 1, minutes: 1, effort: "4" })).toBe(
      "Reported in the 90 days before: 1 report, on average 1 minute lost and effort 4 of 5.",
    );
    expect(nl("notifications.followUp.measured", { count: "1", asked: "3", minutes: 20, effort: "3" })).toBe(
      "Gemeten met de vervolgvraag: 1 van 3 antwoordden, gemiddeld 20 minuten verloren en moeite 3 van 5.",
    );
    expect(en("policies.friction.showAll", { count: 1 })).toBe("Show the 1 report");
    expect(en("policies.import.problemsText.tooFewValues", { count: "1", width: "20" })).toBe("This row has 1 value but the header has 20 columns.");
    expect(nl("signin.directory.problems.tooFewValues", { count: "1", width: "5" })).toBe("Deze regel heeft 1 waarde, maar de kopregel heeft 5 kolommen.");
    expect(en("dashboard.figures.participationCount", { people: "1", active: 1 })).toBe("1 of 1 person");
    expect(en("reviews.queue.howPurpose", { points: 1 })).toBe("No stated purpose: 1 point.");
    expect(en("policies.page.formula", { occurrences: 1, active: "5", waiting: 1 })).toBe("1 time a month × (5 active + 1 waiting minute) ÷ 60");
    expect(en("notifications.kinds.friction-reported.main.body", { minutes: "1", effort: "2", what: "Slow." })).toBe("1 minute lost, effort 2 of 5. Slow.");
  });

  it("word the rating of the 90 days before as the average it is", () => {
    expect(translator("en")("standards.health.previous", { average: "4" })).toBe("an average of 4 in the 90 days before");
    expect(translator("nl")("standards.health.previous", { average: "4" })).toBe("gemiddeld 4 in de 90 dagen daarvoor");
  });
});
