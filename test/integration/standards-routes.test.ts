/**
 * The standards pages' loaders and actions with real requests and sessions: each role gets
 * what it may, and nothing else; forms answer with errors beside the fields.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as hub from "~/routes/standards._index";
import * as page from "~/routes/standards.$slug";
import * as edit from "~/routes/standards.$slug_.edit";
import * as newStandard from "~/routes/standards.new";
import * as mine from "~/routes/standards.mine";
import * as coveragePage from "~/routes/standards.coverage";
import * as printPage from "~/routes/standards.print";
import { resetSignInThrottle } from "~/lib/auth.server";
import { createStandard, getStandardBySlug, publishStandard, submitStandard } from "~/models/standard.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
type Role = "itManager" | "itEmployee" | "salesEmployee" | "salesManager" | "admin";
let people: Record<Role, Person>;
let cookies: Record<Role, string>;
let it_: string;
let sales: string;
let clock: ReturnType<typeof fixedClock>;

const form = (overrides: Record<string, string | string[]> = {}) => ({
  title: "Laptops ready on day one",
  commitment: "Every new starter has a working laptop on their first morning.",
  metric: "New starters with a working laptop at 9:00",
  targetValue: "100",
  unit: "% of new starters",
  period: "each month",
  dimension: "reliability",
  factor: "hygiene",
  body: "## 1. Greet and welcome\n\nWe meet you at 9:00.",
  ...overrides,
});

async function publishedSlug(title: string, customerTeamIds: string[] = []) {
  const s = await createStandard({ actor: people.itManager, input: { ...form({ title }), teamId: it_, customerTeamIds } });
  await submitStandard({ actor: people.itManager, standardId: s.id });
  await publishStandard({ actor: people.admin, standardId: s.id });
  return s.slug;
}

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-05-05T09:00:00.000Z");
  store.clock = clock;
  it_ = (await buildTeam({ name: "IT" })).id;
  sales = (await buildTeam({ name: "Sales" })).id;
  const other = (await buildTeam({ name: "Operations" })).id;
  people = {
    itManager: await buildPerson({ teamId: it_, role: "manager" }),
    itEmployee: await buildPerson({ teamId: it_ }),
    salesEmployee: await buildPerson({ teamId: sales }),
    salesManager: await buildPerson({ teamId: sales, role: "manager" }),
    admin: await buildPerson({ teamId: other, role: "admin" }),
  };
  cookies = {} as Record<Role, string>;
  for (const [role, p] of Object.entries(people)) cookies[role as Role] = await sessionCookie(p.email, p.password);
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

describe("the hub", () => {
  it("sends visitors who are not signed in to sign in", async () => {
    const res = await call(hub.loader, get("/standards"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
  });

  it("shows every published standard grouped by provider team, with health, and filters by customer team", async () => {
    const everyone = await publishedSlug("Password resets within 15 minutes");
    const forSales = await publishedSlug("Sales demo laptops within a day", [sales]);
    const res = await call(hub.loader, get("/standards", cookies.salesEmployee));
    const data = await body(res);
    const cards = data.groups.flatMap((g: any) => g.standards);
    expect(cards.map((c: any) => c.slug)).toEqual(expect.arrayContaining([everyone, forSales]));
    expect(data.groups[0].teamName).toBe("IT");
    expect(cards[0].health).toMatchObject({ level: "unrated", count: 0 });
    expect(data.myTeam.name).toBe("Sales");
    expect(data.forYou.toRateCount).toBeGreaterThanOrEqual(2);

    const forOps = await body(await call(hub.loader, get(`/standards?customer=${people.admin.teamId}`, cookies.salesEmployee)));
    const opsSlugs = forOps.groups.flatMap((g: any) => g.standards.map((s: any) => s.slug));
    expect(opsSlugs).toContain(everyone);
    expect(opsSlugs).not.toContain(forSales);

    const fromIt = await body(await call(hub.loader, get(`/standards?provider=${data.groups[0].teamId}`, cookies.salesEmployee)));
    expect(fromIt.provider).toEqual({ slug: "it", name: "IT" });
    const bySlug = await body(await call(hub.loader, get("/standards?provider=it", cookies.salesEmployee)));
    expect(bySlug.groups.map((g: any) => g.teamName)).toEqual(["IT"]);
    expect(fromIt.groups.map((g: any) => g.teamName)).toEqual(["IT"]);
    const unknownProvider = await body(await call(hub.loader, get("/standards?provider=nobody", cookies.salesEmployee)));
    expect(unknownProvider.provider).toBeNull();

    const searched = await body(await call(hub.loader, get("/standards?q=password&dimension=nonsense", cookies.salesEmployee)));
    expect(searched.dimension).toBeNull();
    expect(searched.groups.flatMap((g: any) => g.standards.map((s: any) => s.slug))).toEqual([everyone]);
  });

  it("tells admins what waits for publishing", async () => {
    const s = await createStandard({ actor: people.itManager, input: { ...form({ title: "Waiting standard" }), teamId: it_ } });
    await submitStandard({ actor: people.itManager, standardId: s.id });
    const data = await body(await call(hub.loader, get("/standards", cookies.admin)));
    expect(data.forYou.inReview.map((r: any) => r.slug)).toContain(s.slug);
    const employee = await body(await call(hub.loader, get("/standards", cookies.salesEmployee)));
    expect(employee.forYou.inReviewCount).toBe(0);
  });
});

describe("drafting and the lifecycle through the pages", () => {
  it("employees cannot open or post the new-standard form", async () => {
    expect((await call(newStandard.loader, get("/standards/new", cookies.itEmployee))).status).toBe(403);
    expect((await call(newStandard.action, post("/standards/new", { ...form(), teamId: it_ }, cookies.itEmployee))).status).toBe(403);
  });

  it("a manager gets the template for their own team; drafting for another team is refused", async () => {
    const data = await body(await call(newStandard.loader, get(`/standards/new?team=${sales}`, cookies.itManager)));
    expect(data.step).toBe("draft");
    expect(data.team.name).toBe("IT"); // a manager's own team, whatever the address says
    expect(data.defaults.body).toContain("## 1. Greet and welcome");
    expect(data.customerTeams.map((t: any) => t.name)).not.toContain("IT");
    expect((await call(newStandard.action, post("/standards/new", { ...form(), teamId: sales }, cookies.itManager))).status).toBe(403);
  });

  it("an admin first chooses the provider team", async () => {
    const choose = await body(await call(newStandard.loader, get("/standards/new", cookies.admin)));
    expect(choose.step).toBe("choose-team");
    const draft = await body(await call(newStandard.loader, get(`/standards/new?team=${sales}`, cookies.admin)));
    expect(draft.team.name).toBe("Sales");
  });

  it("a bad form comes back with errors beside the fields and what was typed", async () => {
    const res = await call(newStandard.action, post("/standards/new", { ...form({ commitment: "", targetValue: "four" }), teamId: it_, customerTeamIds: [sales] }, cookies.itManager));
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(Object.keys(data.errors)).toEqual(expect.arrayContaining(["commitment", "targetValue"]));
    expect(data.values).toMatchObject({ title: "Laptops ready on day one", targetValue: "four", customerTeamIds: sales });
  });

  it("manager drafts and submits, only an admin publishes, an admin returns with a comment", async () => {
    const created = await call(newStandard.action, post("/standards/new", { ...form({ title: "Monitors within a week" }), teamId: it_, customerTeamIds: [sales] }, cookies.itManager));
    expect(created.status).toBe(302);
    const slug = created.headers.get("Location")!.replace("/standards/", "");
    const draftPage = await body(await call(page.loader, get(`/standards/${slug}`, cookies.itManager), { slug }));
    expect(draftPage.can).toMatchObject({ edit: true, submit: true, publish: false });
    // Not yet for anyone else.
    expect((await call(page.loader, get(`/standards/${slug}`, cookies.salesEmployee), { slug })).status).toBe(404);
    expect((await call(page.loader, get(`/standards/${slug}`, cookies.itEmployee), { slug })).status).toBe(404);

    expect((await call(page.action, post(`/standards/${slug}`, { intent: "submit" }, cookies.itEmployee), { slug })).status).toBe(403);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "submit" }, cookies.itManager), { slug })).status).toBe(302);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "publish" }, cookies.itManager), { slug })).status).toBe(403);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "publish" }, cookies.salesManager), { slug })).status).toBe(403);

    const noComment = await call(page.action, post(`/standards/${slug}`, { intent: "return", comment: "" }, cookies.admin), { slug });
    expect(noComment.status).toBe(400);
    expect((await body(noComment)).errors.comment).toBeDefined();
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "return", comment: "Name the monitor sizes." }, cookies.admin), { slug })).status).toBe(302);
    expect(getStandardBySlug(slug)).toMatchObject({ draftState: "draft", returnComment: "Name the monitor sizes." });

    await call(page.action, post(`/standards/${slug}`, { intent: "submit" }, cookies.itManager), { slug });
    const publish = await call(page.action, post(`/standards/${slug}`, { intent: "publish" }, cookies.admin), { slug });
    expect(publish.status).toBe(302);
    expect(publish.headers.get("Location")).toBe(`/standards/${slug}`);
    const live = await body(await call(page.loader, get(`/standards/${slug}`, cookies.salesEmployee), { slug }));
    expect(live.content).toMatchObject({ title: "Monitors within a week", version: 1 });
    expect(live.rating.may).toBe(true);
    expect(live.can).toEqual({ edit: false, submit: false, publish: false, return: false, retire: false });
    expect(JSON.stringify(live)).not.toContain("passwordHash");
  });

  it("editing a published standard makes a draft; only the team's manager may open the edit page", async () => {
    const slug = await publishedSlug("Docking stations on request");
    expect((await call(edit.loader, get(`/standards/${slug}/edit`, cookies.itEmployee), { slug })).status).toBe(403);
    expect((await call(edit.loader, get(`/standards/${slug}/edit`, cookies.salesManager), { slug })).status).toBe(403);
    const data = await body(await call(edit.loader, get(`/standards/${slug}/edit`, cookies.itManager), { slug }));
    expect(data).toMatchObject({ newVersion: 2, publishedVersion: 1, defaults: { title: "Docking stations on request", targetValue: "100" } });
    const saved = await call(edit.action, post(`/standards/${slug}/edit`, { ...form({ title: "Docking stations on request", targetValue: "95" }) }, cookies.itManager), { slug });
    expect(saved.status).toBe(302);
    expect(getStandardBySlug(slug)).toMatchObject({ publishedVersion: 1, draftVersion: 2 });
    const reader = await body(await call(page.loader, get(`/standards/${slug}`, cookies.salesEmployee), { slug }));
    expect(reader.content.targetValue).toBe(100);
    expect(reader.standard.draftVersion).toBeNull();
    const manager = await body(await call(page.loader, get(`/standards/${slug}`, cookies.itManager), { slug }));
    expect(manager.changes.changes.map((c: any) => c.field)).toEqual(["targetValue"]);
  });

  it("retiring needs a reason", async () => {
    const slug = await publishedSlug("Old fax machine support");
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "retire", reason: "x" }, cookies.salesManager), { slug })).status).toBe(403);
    const empty = await call(page.action, post(`/standards/${slug}`, { intent: "retire", reason: " " }, cookies.itManager), { slug });
    expect(empty.status).toBe(400);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "retire", reason: "No more fax." }, cookies.itManager), { slug })).status).toBe(302);
    expect((await call(edit.loader, get(`/standards/${slug}/edit`, cookies.itManager), { slug })).status).toBe(409);
  });

  it("an unknown intent is a bad request, an unknown standard not found", async () => {
    const slug = await publishedSlug("Intent checks");
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "delete" }, cookies.admin), { slug })).status).toBe(400);
    expect((await call(page.loader, get("/standards/nope", cookies.admin), { slug: "nope" })).status).toBe(404);
  });
});

describe("acknowledging and rating through the pages", () => {
  it("provider members acknowledge (on the standard or on My team's commitments); customers cannot", async () => {
    const slug = await publishedSlug("Acknowledge me");
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "acknowledge" }, cookies.salesEmployee), { slug })).status).toBe(403);
    const before = await body(await call(mine.loader, get("/standards/mine", cookies.itEmployee)));
    expect(before.commitments.find((c: any) => c.slug === slug).acknowledgement).toMatchObject({ bound: true, acknowledgedAt: null });
    const res = await call(mine.action, post("/standards/mine", { intent: "acknowledge", slug }, cookies.itEmployee));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/standards/mine");
    const after = await body(await call(page.loader, get(`/standards/${slug}`, cookies.itEmployee), { slug }));
    expect(after.acknowledgement).toMatchObject({ bound: true, version: 1, acknowledgedAt: expect.any(String) });

    const viaPage = await call(page.action, post(`/standards/${slug}`, { intent: "acknowledge" }, cookies.itManager), { slug });
    expect(await body(viaPage)).toMatchObject({ ok: true, intent: "acknowledge" });
  });

  it("only internal customers rate, once a month, with errors beside the score", async () => {
    const slug = await publishedSlug("Rate me", [sales]);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "rate", score: "4" }, cookies.itEmployee), { slug })).status).toBe(403);
    expect((await call(page.action, post(`/standards/${slug}`, { intent: "rate", score: "4" }, cookies.admin), { slug })).status).toBe(403);

    const bad = await call(page.action, post(`/standards/${slug}`, { intent: "rate", score: "9", comment: "Keep this" }, cookies.salesEmployee), { slug });
    expect(bad.status).toBe(400);
    const badBody = await body(bad);
    expect(badBody.errors.score).toBeDefined();
    expect(badBody.values).toMatchObject({ intent: "rate", comment: "Keep this" });

    const ok = await call(page.action, post(`/standards/${slug}`, { intent: "rate", score: "2", comment: "Slow" }, cookies.salesEmployee), { slug });
    expect(await body(ok)).toMatchObject({ ok: true, intent: "rate" });
    await call(page.action, post(`/standards/${slug}`, { intent: "rate", score: "4", comment: "" }, cookies.salesEmployee), { slug });
    const data = await body(await call(page.loader, get(`/standards/${slug}`, cookies.salesEmployee), { slug }));
    expect(data.rating.current).toMatchObject({ score: 4, month: "2026-05" });
    expect(data.rating.until).toBe("2026-05-31");
    expect(data.health).toMatchObject({ average: 4, count: 1 });
    const s = getStandardBySlug(slug)!;
    expect(Object.values(getStore().data.ratings).filter((r) => r.standardId === s.id)).toHaveLength(1);
  });
});

describe("coverage and print", () => {
  it("coverage: employees are refused, managers see their team, admins all teams or one", async () => {
    const slug = await publishedSlug("Coverage via page");
    expect((await call(coveragePage.loader, get("/standards/coverage", cookies.itEmployee))).status).toBe(403);
    const manager = await body(await call(coveragePage.loader, get("/standards/coverage", cookies.itManager)));
    expect(manager.teams.map((t: any) => t.teamName)).toEqual(["IT"]);
    expect(manager.teams[0].standards.find((s: any) => s.slug === slug).members).toBe(2);
    expect((await call(coveragePage.loader, get(`/standards/coverage?team=${sales}`, cookies.itManager))).status).toBe(403);
    const admin = await body(await call(coveragePage.loader, get("/standards/coverage", cookies.admin)));
    expect(admin.detailed).toBe(false);
    expect(admin.teams.map((t: any) => t.teamName)).toEqual(["IT", "Operations", "Sales"]);
    const one = await body(await call(coveragePage.loader, get(`/standards/coverage?team=${it_}`, cookies.admin)));
    expect(one.teams[0].standards.length).toBeGreaterThan(0);
  });

  it("print renders every published standard, in handbook order", async () => {
    const res = await call(printPage.loader, get("/standards/print", cookies.salesEmployee));
    const data = await body(res);
    const titles = data.groups.flatMap((g: any) => g.standards.map((s: any) => s.title));
    expect(titles).toContain("Coverage via page");
    expect(titles).not.toContain("Old fax machine support");
    expect(titles).not.toContain("Waiting standard");
    expect(data.groups[0].standards[0].bodyHtml).toContain("<h2>");
  });
});
