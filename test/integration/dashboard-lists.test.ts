/**
 * Every dashboard figure that links to a list links to exactly the items it counts: on the demo
 * organisation, for the organisation and a team, in every period, each card's number is
 * computed again from the list its link opens (the catalogue for policies, the decisions page
 * for "days to a decision").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dashboard from "~/routes/dashboard._index";
import * as decisions from "~/routes/dashboard.decisions";
import * as catalogue from "~/routes/policies._index";
import { median, PERIODS } from "~/models/metrics.server";
import { PAGE_SIZE } from "~/models/catalogue.server";
import { closeTestStore, openTestStore } from "../factories";
import { body, call, get, sessionCookie } from "../support/requests";

let admin: string;
let manager: string;

beforeAll(async () => {
  await openTestStore({ demo: true });
  admin = await sessionCookie("admin@example.com", "untangle-demo");
  manager = await sessionCookie("manager@example.com", "untangle-demo");
});
afterAll(closeTestStore);

type Row = { customerHours: number; overdue: boolean; orphan: boolean; missingPurpose: boolean };

/** Every row of a catalogue list, page by page, with the totals it shows. */
async function catalogueList(href: string, cookie: string) {
  const first = await body(await call(catalogue.loader, get(href, cookie)));
  const rows: Row[] = [...first.rows];
  for (let page = 2; page <= first.pages; page++) {
    const next = await body(await call(catalogue.loader, get(`${href}${href.includes("?") ? "&" : "?"}page=${page}`, cookie)));
    rows.push(...next.rows);
  }
  return { total: first.total as number, totalHours: first.totalHours as number, rows };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

describe("each dashboard figure and the list it links to", () => {
  for (const who of ["admin", "manager"] as const) {
    for (const period of PERIODS) {
      it(`agree for the ${who === "admin" ? "organisation" : "manager's team"} over ${period} months`, async () => {
        const cookie = who === "admin" ? admin : manager;
        const data = await body(await call(dashboard.loader, get(`/dashboard?period=${period}`, cookie)));
        const fig = data.figures;
        const pick = <T,>(s: { team: T | null; org: T }) => (data.team ? (s.team as T) : s.org);

        // Friction load: the policies in force, their hours summed.
        const load = await catalogueList(data.links.catalogue, cookie);
        expect(load.rows.length).toBe(load.total);
        expect(load.totalHours).toBe(pick(fig.friction.now));
        expect(round1(load.rows.reduce((sum, r) => sum + r.customerHours, 0))).toBeCloseTo(pick(fig.friction.now), 0);

        // Overdue, orphaned, without a purpose: the same policies, counted.
        const overdue = await catalogueList(data.links.overdue, cookie);
        expect(overdue.total).toBe(pick(fig.reviews.overdue.count));
        expect(overdue.rows.every((r) => r.overdue)).toBe(true);
        expect(load.rows.filter((r) => r.overdue)).toHaveLength(overdue.total);
        const orphans = await catalogueList(data.links.orphans, cookie);
        expect(orphans.total).toBe(pick(fig.reviews.orphans.count));
        expect(load.rows.filter((r) => r.orphan)).toHaveLength(orphans.total);
        const missing = await catalogueList(data.links.missingPurpose, cookie);
        expect(missing.total).toBe(fig.purpose.missing.count);
        expect(load.rows.filter((r) => r.missingPurpose)).toHaveLength(missing.total);

        // Days to a decision: the decisions of the period, their median.
        expect(data.links.decisions).toBe(`/dashboard/decisions${period === 12 ? "" : `?period=${period}`}`);
        const list = await body(await call(decisions.loader, get(data.links.decisions, cookie)));
        const card = pick(fig.reviews.medianDays) as { median: number | null; n: number };
        expect(list.items).toHaveLength(card.n);
        expect(list.n).toBe(card.n);
        const days = list.items.map((d: { days: number }) => d.days);
        const middle = median(days);
        expect(middle === null ? null : round1(middle)).toBe(card.median);
      });
    }
  }

  it("has decisions to count in the demo, and lists policies across pages", async () => {
    const data = await body(await call(dashboard.loader, get("/dashboard", admin)));
    expect(data.figures.reviews.medianDays.org.n).toBeGreaterThan(0);
    expect((await catalogueList(data.links.catalogue, admin)).total).toBeGreaterThan(PAGE_SIZE);
  });

  it("refuses employees the decisions list", async () => {
    const employee = await sessionCookie("employee@example.com", "untangle-demo");
    expect((await call(decisions.loader, get("/dashboard/decisions", employee))).status).toBe(403);
  });
});
