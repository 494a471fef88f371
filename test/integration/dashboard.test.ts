/**
 * The dashboard through its routes: who sees what, the filters, figures that follow every
 * write (the cache never serves a stale figure), and the CSV exports.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dashboard from "~/routes/dashboard._index";
import * as csv from "~/routes/dashboard.csv.$chart";
import { resetSignInThrottle } from "~/lib/auth.server";
import { retirePolicy } from "~/models/policy.server";
import { overdueImplementationCount } from "~/models/metrics.server";
import { submitProposal } from "~/models/proposal.server";
import { closeReview, openReview } from "~/models/review.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let admin: Person;
let manager: Person;
let employee: Person;
let supportManager: Person;
let cookies: Record<"admin" | "manager" | "employee", string>;
const clock = fixedClock("2026-01-10T09:00:00.000Z");

beforeAll(async () => {
  await openTestStore();
  getStore().clock = clock;
  const support = await buildTeam({ name: "Support", slug: "support" });
  const finance = await buildTeam({ name: "Finance", slug: "finance" });
  admin = await buildPerson({ role: "admin", teamId: support.id });
  supportManager = await buildPerson({ role: "manager", teamId: support.id });
  manager = await buildPerson({ role: "manager", teamId: finance.id });
  employee = await buildPerson({ role: "employee", teamId: finance.id });
  // 100 × (10 + 20) / 60 = 50 customer hours a month each (the factory's estimates); the third 12 × 30 / 60 = 6.
  await buildPolicy(supportManager, { title: "Refunds over 50 need approval" });
  await buildPolicy(manager, { title: "Expense receipts on paper", purpose: "" });
  clock.set("2026-03-05T09:00:00.000Z");
  await buildPolicy(manager, { title: '=HYPERLINK("http://evil.example")', occurrencesPerMonth: 12 });
  await signInAll();
});

/** Sessions go idle when the clock jumps, so everyone signs in again after moving it. */
async function signInAll() {
  resetSignInThrottle();
  cookies = {
    admin: await sessionCookie(admin.email, admin.password),
    manager: await sessionCookie(manager.email, manager.password),
    employee: await sessionCookie(employee.email, employee.password),
  };
}
afterAll(closeTestStore);

const load = (path: string, cookie: string) => call(dashboard.loader, get(path, cookie));
const csvOf = (chart: string, query: string, cookie: string) => call(csv.loader, get(`/dashboard/csv/${chart}${query}`, cookie), { chart });

describe("who sees the dashboard", () => {
  it("sends the signed-out to sign in and refuses employees with 403", async () => {
    const anonymous = await call(dashboard.loader, get("/dashboard"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect((await load("/dashboard", cookies.employee)).status).toBe(403);
    expect((await csvOf("friction-load", "", cookies.employee)).status).toBe(403);
  });

  it("shows an admin the organisation with the by-team comparisons", async () => {
    const res = await load("/dashboard", cookies.admin);
    expect(res.status).toBe(200);
    const data = await body(res);
    expect(data.team).toBeNull();
    expect(data.teams.map((t: { slug: string }) => t.slug)).toEqual(["finance", "support"]);
    expect(Object.keys(data.charts)).toEqual(
      expect.arrayContaining(["friction-load", "friction-load-by-team", "friction-removed-by-team", "participation-by-team", "pulse-trend"])
    );
    expect(data.figures.friction.now.org).toBe(106);
    const byTeam = data.charts["friction-load-by-team"];
    expect(byTeam.categories.map((c: { label: string }) => c.label)).toEqual(["Finance", "Support"]);
    expect(byTeam.series[0].values).toEqual([56, 50]);
    expect(byTeam.categories[0].href).toBe("/dashboard?team=finance");
  });

  it("shows a manager their own team beside the organisation's totals, and no other team", async () => {
    const data = await body(await load("/dashboard", cookies.manager));
    expect(data.team).toEqual({ slug: "finance", name: "Finance" });
    expect(data.teams).toEqual([]);
    expect(data.figures.friction.now).toEqual({ team: 56, org: 106 });
    expect(data.figures.purpose.now).toEqual({ team: 0.5, org: 2 / 3 });
    expect(data.figures.purpose.missing.items.map((p: { title: string }) => p.title)).toEqual(["Expense receipts on paper"]);
    expect(data.charts["friction-load-by-team"]).toBeUndefined();
    const load12 = data.charts["friction-load"];
    expect(load12.series.map((s: { key: string; label: string }) => [s.key, s.label])).toEqual([
      ["team", "Finance"],
      ["org", "Organisation"],
    ]);
    expect(data.links.overdue).toBe("/policies?team=finance&status=in-force&overdue=1");
    expect((await load("/dashboard?team=support", cookies.manager)).status).toBe(403);
    expect((await load("/dashboard?team=finance", cookies.manager)).status).toBe(200);
  });

  it("lets an admin look at one team, and says when the team does not exist", async () => {
    const data = await body(await load("/dashboard?team=support&period=6", cookies.admin));
    expect(data.team).toEqual({ slug: "support", name: "Support" });
    expect(data.period).toBe(6);
    expect(data.figures.friction.now).toEqual({ team: 50, org: 106 });
    expect(data.charts["friction-load"].csvHref).toBe("/dashboard/csv/friction-load?period=6&team=support");
    expect((await load("/dashboard?team=nope", cookies.admin)).status).toBe(404);
  });
});

describe("filters", () => {
  it("takes the period from the URL (3, 6 or 12 months) and falls back to 12", async () => {
    const three = await body(await load("/dashboard?period=3", cookies.admin));
    expect(three.figures.months).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(three.charts["friction-load"].categories).toHaveLength(3);
    expect(three.charts["friction-load"].series[0].values).toEqual([100, 100, 106]);
    const odd = await body(await load("/dashboard?period=7", cookies.admin));
    expect(odd.period).toBe(12);
    expect(odd.figures.months).toHaveLength(12);
    expect(odd.figures.months.at(-1)).toBe("2026-03");
  });
});

describe("figures follow every write", () => {
  it("recomputes after a new policy and a retirement, and links to the items behind them", async () => {
    const before = await body(await load("/dashboard?period=3", cookies.admin));
    expect(before.figures.friction.now.org).toBe(106);
    const extra = await buildPolicy(supportManager, { title: "Second signature on credit notes", activeMinutes: 20 });
    const afterCreate = await body(await load("/dashboard?period=3", cookies.admin));
    expect(afterCreate.figures.friction.now.org).toBe(172.67);
    clock.set("2026-03-20T09:00:00.000Z");
    await signInAll();
    await retirePolicy({ actor: supportManager, policyId: extra.id, reason: "Nobody could say what it protected." });
    const afterRetire = await body(await load("/dashboard?period=3", cookies.admin));
    expect(afterRetire.figures.friction.now.org).toBe(106);
    expect(afterRetire.figures.removed.total.org).toBe(66.67);
    expect(afterRetire.charts["friction-removed"].series[1].values).toEqual([0, 0, 66.67]);
    expect(afterRetire.links.retired).toBe("/policies?status=retired");
    // Signing in again does not change a figure (and keeps the cached ones).
    await sessionCookie(employee.email, employee.password);
    expect((await body(await load("/dashboard?period=3", cookies.admin))).figures).toEqual(afterRetire.figures);
  });
});

describe("CSV exports", () => {
  it("exports a chart's numbers: one row per month, one column per series", async () => {
    const res = await csvOf("friction-load", "?period=3", cookies.manager);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="untangle-friction-load-finance-3m-\d{4}-\d{2}-\d{2}\.csv"$/
    );
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const parsed = Papa.parse<string[]>(text.trim());
    expect(parsed.data).toEqual([
      ["Month", "Finance (h)", "Organisation (h)"],
      ["2026-01", "50", "100"],
      ["2026-02", "50", "100"],
      ["2026-03", "56", "106"],
    ]);
  });

  it("writes shares as percentages and never lets a cell run as a formula", async () => {
    const coverage = Papa.parse<string[]>(
      (await (await csvOf("purpose-coverage", "?period=3", cookies.admin)).text()).replace(/^\uFEFF/, "").trim()
    );
    expect(coverage.data[0]).toEqual(["Month", "Purpose coverage (%)"]);
    expect(coverage.data[3]).toEqual(["2026-03", "66.7"]);
    const costliest = await (await csvOf("costliest-policies", "", cookies.admin)).text();
    expect(costliest).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(costliest).not.toMatch(/^=|\n=|,=/);
  });

  it("exports every chart of the page, and only those", async () => {
    const data = await body(await load("/dashboard", cookies.admin));
    for (const [id, chart] of Object.entries<{ csvHref: string; categories: unknown[] }>(data.charts)) {
      const res = await csvOf(id, "", cookies.admin);
      expect(res.status, id).toBe(200);
      const rows = Papa.parse((await res.text()).replace(/^\uFEFF/, "").trim()).data;
      expect(rows.length, id).toBe(chart.categories.length + 1);
    }
    expect((await csvOf("friction-load-by-team", "", cookies.manager)).status).toBe(404);
    expect((await csvOf("no-such-chart", "", cookies.admin)).status).toBe(404);
  });
});

describe("implementations past their due date", () => {
  it("counts them on the waiting card with the one domain function, and marks them in the list", async () => {
    const policy = Object.values(getStore().data.policies).find((p) => p.title === "Expense receipts on paper")!;
    clock.set("2026-03-21T09:00:00.000Z");
    const review = await openReview({ actor: manager, input: { title: "Receipts", policyIds: [policy.id], deadline: "2026-04-01" } });
    const proposal = await submitProposal({ actor: employee, reviewId: review.id, input: { policyId: policy.id, kind: "automate", title: "Scan them", reasoning: "The app reads receipts." } });
    clock.set("2026-04-02T09:00:00.000Z");
    await closeReview({ actor: manager, reviewId: review.id, decisions: { [proposal.id]: { outcome: "adopted", rationale: "Cheap." } } });
    expect(getStore().data.proposals[proposal.id].implementationDueOn).toBe("2026-05-02");
    await signInAll();
    const onTime = await body(await load("/dashboard", cookies.manager));
    expect(onTime.figures.removed.overdue).toBe(0);
    expect(onTime.figures.removed.waiting.items.map((w: { proposalId: string; overdue: boolean }) => [w.proposalId, w.overdue])).toEqual([[proposal.id, false]]);

    clock.set("2026-05-03T09:00:00.000Z");
    await signInAll();
    const late = await body(await load("/dashboard", cookies.manager));
    expect(late.figures.removed.overdue).toBe(overdueImplementationCount(manager.teamId));
    expect(late.figures.removed.overdue).toBe(1);
    expect(late.figures.removed.waiting.items.filter((w: { overdue: boolean }) => w.overdue)).toHaveLength(1);
    // Another team's view does not count it.
    const other = await body(await load("/dashboard?team=support", cookies.admin));
    expect(other.figures.removed.overdue).toBe(0);
  });
});
