/**
 * The dashboard's charts are drawn once per figures generation and their markup reused
 * (app/components/reused-markup.server.tsx, docs/decisions/017): the reused markup must be
 * byte for byte what React draws for the same data (or the browser's hydration would not find
 * what it renders), and a write must show on the next dashboard, never a chart drawn before it.
 */
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChartData } from "~/components/charts/chart-data";
import { ChartFigure } from "~/components/charts/chart-figure";
import { MarkupContext, ReusedSection } from "~/components/reused-markup";
import { FollowUpOverview, type ChangeCheckView } from "~/components/change-checks";
import { markupAsText, markupStats, pageMarkup } from "~/components/reused-markup.server";
import { LocaleProvider } from "~/components/i18n";
import { LinkNavigationProvider } from "~/components/link";
import { reportFriction } from "~/models/friction-report.server";
import { submitProposal } from "~/models/proposal.server";
import { openReview } from "~/models/review.server";
import { castVote } from "~/models/vote.server";
import * as dashboard from "~/routes/dashboard._index";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { get, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let admin: Person;
let manager: Person;
let employees: Person[];
let cookie: string;
let policyId: string;
const clock = fixedClock("2026-01-10T09:00:00.000Z");

beforeAll(async () => {
  await openTestStore();
  getStore().clock = clock;
  const support = await buildTeam({ name: "Support", slug: "support" });
  const finance = await buildTeam({ name: "Finance", slug: "finance" });
  admin = await buildPerson({ role: "admin", teamId: support.id });
  manager = await buildPerson({ role: "manager", teamId: finance.id });
  employees = [await buildPerson({ teamId: finance.id }), await buildPerson({ teamId: support.id })];
  await buildPolicy(manager, { title: "Expense receipts on paper" });
  clock.set("2026-03-05T09:00:00.000Z");
  policyId = (await buildPolicy(manager, { title: "Refunds over 50 need approval", occurrencesPerMonth: 12 })).id;
  cookie = await sessionCookie(admin.email, admin.password);
});
afterAll(closeTestStore);

type Charts = Record<string, ChartData>;

/** The page's data as the dashboard renders it: the loader's own objects, not a JSON copy. */
async function charts(path: string): Promise<Charts> {
  const result = (await dashboard.loader({ request: get(path, cookie), params: {}, context: {} })) as unknown as { data: { charts: Charts } };
  return result.data.charts;
}

const navigation = {
  navigate: () => undefined,
  location: { pathname: "/dashboard", search: "", hash: "", state: null, key: "default" },
} as unknown as Parameters<typeof LinkNavigationProvider>[0]["value"];

/**
 * One chart as the page renders it: drawn by React there and then, from its drawn markup written
 * as text, or (as the server answers a page) as a mark replaced by the markup's bytes.
 */
function figure(data: ChartData, { reuse, locale = "en" }: { reuse: boolean | "bytes"; locale?: "en" | "nl" }) {
  const page = pageMarkup();
  const cache = reuse === "bytes" ? page.cache : reuse ? markupAsText : null;
  const html = renderToString(
    h(LocaleProvider, { value: locale }, h(LinkNavigationProvider, { value: navigation }, h(MarkupContext.Provider, { value: cache }, h(ChartFigure, { data })))),
  );
  if (reuse !== "bytes") return html;
  expect(html).not.toContain("<svg"); // a mark, replaced by the bytes
  return page.bytes(html).toString("utf8");
}

describe("charts drawn once, reused until the figures change", () => {
  it("places text as its bytes where its mark stands, two-byte characters included", () => {
    const page = pageMarkup();
    const data = `{"title":"Travel — “fast” → done…","n":${"7".repeat(70_000)}}`;
    const html = `<script>window.data = ${page.placeText(data)};</script><p>—</p>`;
    expect(html.length).toBeLessThan(200);
    expect(page.bytes(html).toString("utf8")).toBe(`<script>window.data = ${data};</script><p>—</p>`);
  });

  it("reuses markup byte for byte what React draws, for the organisation and a team, in both languages", async () => {
    for (const path of ["/dashboard", "/dashboard?period=3", "/dashboard?team=finance&period=6"]) {
      const page = await charts(path);
      expect(Object.keys(page).length).toBeGreaterThan(5);
      for (const data of Object.values(page)) {
        for (const locale of ["en", "nl"] as const) {
          const drawn = figure(data, { reuse: true, locale });
          expect(figure(data, { reuse: false, locale })).toBe(drawn);
          expect(figure(data, { reuse: true, locale })).toBe(drawn); // from the markup drawn before
          expect(figure(data, { reuse: "bytes", locale })).toBe(drawn);
        }
      }
    }
  });

  it("draws a chart once for as long as the figures stand", async () => {
    const first = await charts("/dashboard");
    for (const data of Object.values(first)) figure(data, { reuse: true });
    const before = { ...markupStats };
    const again = await charts("/dashboard");
    for (const id of Object.keys(first)) expect(again[id]).toBe(first[id]); // the payload's cache: the same objects
    for (const data of Object.values(again)) figure(data, { reuse: true });
    expect(markupStats.drawn).toBe(before.drawn);
    expect(markupStats.reused).toBe(before.reused + Object.keys(again).length);
  });

  it("shows a new friction report and a new vote on the next dashboard", async () => {
    const table = (html: string) => html.slice(html.indexOf("<table"), html.indexOf("</table>"));
    const participation = async () => {
      const data = (await charts("/dashboard")).participation;
      const html = figure(data, { reuse: true });
      expect(figure(data, { reuse: false })).toBe(html);
      expect(figure(data, { reuse: "bytes" })).toBe(html);
      return { data, html: table(html) };
    };
    // Four people are active; nobody has taken part this month yet.
    const start = await participation();
    expect(start.data.series[0].values.at(-1)).toBe(0);
    expect(start.html).toContain("<th scope=\"row\">March 2026</th><td class=\"num\">0%</td>");

    await reportFriction({ actor: employees[0], policyId, input: { minutesLost: 30, effort: 2, what: "Waited for a second signature." } });
    const afterReport = await participation();
    expect(afterReport.data).not.toBe(start.data);
    expect(afterReport.data.series[0].values.at(-1)).toBe(0.25);
    expect(afterReport.html).toContain("<th scope=\"row\">March 2026</th><td class=\"num\">25%</td>");

    const review = await openReview({ actor: manager, input: { title: "Receipts", description: "Paper or not?", policyIds: [policyId], deadline: "2026-03-20" } });
    const proposal = await submitProposal({
      actor: manager,
      reviewId: review.id,
      input: { policyId, kind: "remove", title: "Drop the paper", reasoning: "Nobody reads it." },
    });
    await castVote({ actor: employees[1], proposalId: proposal.id, input: { position: "agree" } });
    const afterVote = await participation();
    // The employee who reported, the manager who proposed and the employee who voted: three of four.
    expect(afterVote.data.series[0].values.at(-1)).toBe(0.75);
    expect(afterVote.html).toContain("<th scope=\"row\">March 2026</th><td class=\"num\">75%</td>");
  });

  it("draws the follow-up table once, as React draws it, its links with no router", () => {
    const check: ChangeCheckView = {
      proposalId: "p1",
      reviewId: "r1",
      proposalTitle: "One signature will do",
      policySlug: "two-signatures",
      policyTitle: "Two signatures <for> travel",
      takesEffectAt: "2026-01-05T09:00:00.000Z",
      followUpOpensAt: "2026-03-06T09:00:00.000Z",
      followUpOpen: true,
      asked: 3,
      predicted: { hoursRemoved: 30, minutesBefore: 60, minutesAfter: 30, change: -0.5 },
      before: { reports: 2, minutesLost: 75, effort: 4.5 },
      followUp: { reports: 2, minutesLost: 25, effort: 2, change: -0.67 },
    };
    const overview = { total: 3, answers: 2, items: [check] };
    const section = (cache: Parameters<typeof MarkupContext.Provider>[0]["value"], locale: "en" | "nl" = "en") =>
      renderToString(
        h(
          LocaleProvider,
          { value: locale },
          h(
            LinkNavigationProvider,
            { value: navigation },
            h(
              MarkupContext.Provider,
              { value: cache },
              h(ReusedSection, { "aria-labelledby": "follow-ups", reuseFor: overview, variant: "follow-ups", render: () => h(FollowUpOverview, { overview }) }),
            ),
          ),
        ),
      );
    const before = { ...markupStats };
    const drawn = section(markupAsText);
    expect(section(null)).toBe(drawn);
    expect(section(markupAsText)).toBe(drawn);
    expect(markupStats.drawn).toBe(before.drawn + 1);
    expect(drawn).toContain('<a href="/reviews/r1#proposal-p1" lang="" data-discover="true">One signature will do</a>');
    expect(drawn).toContain('<a href="/policies/two-signatures#friction-reports" lang="" data-discover="true">Two signatures &lt;for&gt; travel</a>');
    expect(drawn).toContain("60 → 30 (-50%)");
    expect(drawn).toContain("2 of 3");
    // In Dutch, drawn apart from the English.
    expect(section(markupAsText, "nl")).toBe(section(null, "nl"));
    expect(section(markupAsText, "nl")).not.toBe(drawn);
  });
});
