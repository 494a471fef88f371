/**
 * The standards domain against a real store: the lifecycle and who may take each step,
 * versions, acknowledgements, ratings and the caches that must follow every write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { search } from "~/lib/search.server";
import {
  acknowledgeStandard,
  acknowledgementState,
  coverage,
  pendingAcknowledgements,
  teamCommitments,
} from "~/models/acknowledgement.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/models/errors";
import { browseHandbook, handbookSummary, presentStandardPage } from "~/models/handbook.server";
import { addMonths, healthOf, rateStandard, ratingThisMonth, standardsToRate } from "~/models/rating.server";
import {
  contentToInput,
  createStandard,
  draftChanges,
  editStandard,
  getStandard,
  handbook,
  listVersions,
  publishStandard,
  retireStandard,
  returnStandard,
  standardHistory,
  submitStandard,
  versionOf,
  type NewStandardInput,
} from "~/models/standard.server";
import { getStore } from "~/store/index.server";
import type { Standard } from "~/store/schema";
import { buildPerson, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let clock: ReturnType<typeof fixedClock>;
let provider: string; // IT
let customer: string; // Sales
let bystander: string; // People
let itManager: Person;
let itEmployee: Person;
let salesManager: Person;
let salesEmployee: Person;
let peopleEmployee: Person;
let admin: Person;

let counter = 0;
function input(overrides: Partial<NewStandardInput> = {}): NewStandardInput {
  counter++;
  return {
    teamId: provider,
    title: `Access requests answered fast ${counter}`,
    commitment: "We answer every access request within 4 business hours.",
    metric: "Time from request to access granted",
    targetValue: "4",
    unit: "business hours",
    period: "per request",
    customerTeamIds: [customer],
    dimension: "responsiveness",
    factor: "hygiene",
    body: "## 1. Greet and welcome\n\nYou get a name within the hour.",
    linkedPolicyIds: [],
    ...overrides,
  };
}

/** Drafts, submits and publishes a standard; returns it as it stands. */
async function published(overrides: Partial<NewStandardInput> = {}): Promise<Standard> {
  const s = await createStandard({ actor: itManager, input: input(overrides) });
  await submitStandard({ actor: itManager, standardId: s.id });
  return publishStandard({ actor: admin, standardId: s.id });
}

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-10T10:00:00.000Z");
  store.clock = clock;
  provider = (await buildTeam({ name: "IT" })).id;
  customer = (await buildTeam({ name: "Sales" })).id;
  bystander = (await buildTeam({ name: "People" })).id;
  itManager = await buildPerson({ teamId: provider, role: "manager" });
  itEmployee = await buildPerson({ teamId: provider });
  salesManager = await buildPerson({ teamId: customer, role: "manager" });
  salesEmployee = await buildPerson({ teamId: customer });
  peopleEmployee = await buildPerson({ teamId: bystander });
  admin = await buildPerson({ teamId: bystander, role: "admin" });
});
afterAll(closeTestStore);
beforeEach(() => clock.set("2026-03-10T10:00:00.000Z"));

describe("drafting", () => {
  it("only the provider team's manager drafts its standards; admins draft for any team", async () => {
    await expect(createStandard({ actor: salesManager, input: input() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createStandard({ actor: itEmployee, input: input() })).rejects.toBeInstanceOf(ForbiddenError);
    const byManager = await createStandard({ actor: itManager, input: input() });
    expect(byManager).toMatchObject({ status: "draft", draftVersion: 1, draftState: "draft", publishedVersion: null, teamId: provider });
    const byAdmin = await createStandard({ actor: admin, input: input({ teamId: customer, customerTeamIds: [] }) });
    expect(byAdmin.teamId).toBe(customer);
  });

  it("refuses bad input field by field, and a team that is its own customer", async () => {
    const error = await createStandard({ actor: itManager, input: input({ commitment: "  ", targetValue: "soon", dimension: "speed" as "empathy" }) }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys(error.fieldErrors)).toEqual(expect.arrayContaining(["commitment", "targetValue", "dimension"]));
    const own = await createStandard({ actor: itManager, input: input({ customerTeamIds: [provider] }) }).catch((e) => e);
    expect(own.fieldErrors.customerTeamIds).toBeDefined();
    const unknownPolicy = await createStandard({ actor: itManager, input: input({ linkedPolicyIds: ["nope"] }) }).catch((e) => e);
    expect(unknownPolicy.fieldErrors.linkedPolicyIds).toBeDefined();
  });

  it("renders the body as sanitised HTML when it is saved", async () => {
    const s = await createStandard({ actor: itManager, input: input({ body: "**Fast**<script>alert(1)</script>" }) });
    const v = versionOf(s.id, 1)!;
    expect(v.bodyHtml).toContain("<strong>Fast</strong>");
    expect(v.bodyHtml).not.toContain("<script");
  });

  it("keeps drafts out of the handbook and out of sight of other employees", async () => {
    const s = await createStandard({ actor: itManager, input: input({ title: "Invisible draft standard" }) });
    expect(handbook().some((h) => h.id === s.id)).toBe(false);
    expect(search("Invisible draft", { kind: "standard" })).toEqual([]);
    expect(presentStandardPage({ actor: salesEmployee, slug: s.slug })).toBeNull();
    expect(presentStandardPage({ actor: itEmployee, slug: s.slug })).toBeNull();
    expect(presentStandardPage({ actor: itManager, slug: s.slug })?.content.title).toBe("Invisible draft standard");
    expect(presentStandardPage({ actor: admin, slug: s.slug })?.can.publish).toBe(false);
  });
});

describe("review and publishing", () => {
  it("the author sends it to review; only admins publish; every step is in the activity log", async () => {
    const s = await createStandard({ actor: itManager, input: input({ title: "Laptops ready on day one" }) });
    await expect(submitStandard({ actor: itEmployee, standardId: s.id })).rejects.toBeInstanceOf(ForbiddenError);
    const inReview = await submitStandard({ actor: itManager, standardId: s.id });
    expect(inReview).toMatchObject({ status: "in-review", draftState: "in-review" });
    await expect(submitStandard({ actor: itManager, standardId: s.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(publishStandard({ actor: itManager, standardId: s.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishStandard({ actor: salesManager, standardId: s.id })).rejects.toBeInstanceOf(ForbiddenError);

    clock.advanceDays(1);
    const live = await publishStandard({ actor: admin, standardId: s.id });
    expect(live).toMatchObject({ status: "published", publishedVersion: 1, draftVersion: null, draftState: null });
    expect(versionOf(s.id, 1)?.publishedAt).toBe("2026-03-11T10:00:00.000Z");
    expect(handbook().find((h) => h.id === s.id)?.content.title).toBe("Laptops ready on day one");
    expect(search("laptops", { kind: "standard" }).map((h) => h.slug)).toContain(s.slug);

    const types = getStore().activityFor("standard", s.id).map((e) => e.type);
    expect(types).toEqual(["standard.drafted", "standard.submitted", "standard.published"]);
    expect(standardHistory(s.id).map((h) => h.step)).toEqual(["published", "submitted", "drafted"]);
  });

  it("an admin returns a standard in review with a comment; the author changes and resubmits it", async () => {
    const s = await createStandard({ actor: itManager, input: input() });
    await expect(returnStandard({ actor: admin, standardId: s.id, comment: "Too vague" })).rejects.toBeInstanceOf(ConflictError);
    await submitStandard({ actor: itManager, standardId: s.id });
    await expect(returnStandard({ actor: itManager, standardId: s.id, comment: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    const empty = await returnStandard({ actor: admin, standardId: s.id, comment: "  " }).catch((e) => e);
    expect(empty).toBeInstanceOf(ValidationError);
    expect(empty.fieldErrors.comment).toBeDefined();
    await expect(editStandard({ actor: itManager, standardId: s.id, input: contentToInput(versionOf(s.id, 1)!.content) })).rejects.toBeInstanceOf(
      ConflictError,
    );

    const returned = await returnStandard({ actor: admin, standardId: s.id, comment: "Say what 'answered' means." });
    expect(returned).toMatchObject({ status: "draft", draftState: "draft", returnComment: "Say what 'answered' means." });
    expect(standardHistory(s.id)[0]).toMatchObject({ step: "returned", note: "Say what 'answered' means." });

    await editStandard({ actor: itManager, standardId: s.id, input: { ...contentToInput(versionOf(s.id, 1)!.content), metric: "Time to access granted" } });
    expect(getStandard(s.id)?.draftVersion).toBe(1); // a draft is changed in place
    const again = await submitStandard({ actor: itManager, standardId: s.id });
    expect(again.returnComment).toBeNull();
  });
});

describe("changing a published standard", () => {
  it("makes a new draft version while the published one stays in force, until the new one is published", async () => {
    const s = await published({ title: "Outage updates every 30 minutes" });
    const { version } = await editStandard({
      actor: itManager,
      standardId: s.id,
      input: { ...contentToInput(versionOf(s.id, 1)!.content), commitment: "We post an update every 20 minutes.", targetValue: 20 },
    });
    expect(version.number).toBe(2);
    expect(getStandard(s.id)).toMatchObject({ status: "published", publishedVersion: 1, draftVersion: 2, draftState: "draft" });
    expect(handbook().find((h) => h.id === s.id)?.content.commitment).toBe("We answer every access request within 4 business hours.");
    expect(draftChanges(getStandard(s.id)!)?.changes.map((c) => c.field)).toEqual(["commitment", "targetValue"]);
    // Employees see only the version in force, managers the draft as well.
    expect(presentStandardPage({ actor: salesEmployee, slug: s.slug })?.versions.map((v) => v.number)).toEqual([1]);
    expect(presentStandardPage({ actor: itManager, slug: s.slug })?.changes?.kind).toBe("draft");

    await submitStandard({ actor: itManager, standardId: s.id });
    await publishStandard({ actor: admin, standardId: s.id });
    expect(handbook().find((h) => h.id === s.id)).toMatchObject({ version: 2, content: { commitment: "We post an update every 20 minutes." } });
    expect(listVersions(getStandard(s.id)!).map((v) => [v.number, v.state])).toEqual([
      [2, "in-force"],
      [1, "superseded"],
    ]);
  });

  it("only the provider team's manager (or an admin) changes it", async () => {
    const s = await published();
    const content = contentToInput(versionOf(s.id, 1)!.content);
    await expect(editStandard({ actor: salesManager, standardId: s.id, input: content })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editStandard({ actor: itEmployee, standardId: s.id, input: content })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editStandard({ actor: admin, standardId: s.id, input: content })).resolves.toBeTruthy();
  });

  it("retires with a reason: out of the handbook and the search, no more ratings or acknowledgements", async () => {
    const s = await published({ title: "Paper forms processed weekly" });
    await expect(retireStandard({ actor: salesManager, standardId: s.id, reason: "No" })).rejects.toBeInstanceOf(ForbiddenError);
    const noReason = await retireStandard({ actor: itManager, standardId: s.id, reason: "" }).catch((e) => e);
    expect(noReason.fieldErrors.reason).toBeDefined();
    const retired = await retireStandard({ actor: itManager, standardId: s.id, reason: "Replaced by the app." });
    expect(retired).toMatchObject({ status: "retired", retiredReason: "Replaced by the app." });
    expect(handbook().some((h) => h.id === s.id)).toBe(false);
    expect(search("paper forms", { kind: "standard" })).toEqual([]);
    await expect(rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 4 } })).rejects.toBeInstanceOf(ConflictError);
    await expect(acknowledgeStandard({ actor: itEmployee, standardId: s.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(retireStandard({ actor: itManager, standardId: s.id, reason: "Again" })).rejects.toBeInstanceOf(ConflictError);
    expect(presentStandardPage({ actor: salesEmployee, slug: s.slug })?.standard.retiredReason).toBe("Replaced by the app.");
  });
});

describe("acknowledgements", () => {
  it("only members of the provider team acknowledge; a new version needs a new acknowledgement", async () => {
    const s = await published();
    await expect(acknowledgeStandard({ actor: salesEmployee, standardId: s.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(acknowledgeStandard({ actor: admin, standardId: s.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(acknowledgementState(salesEmployee, getStandard(s.id)!)).toEqual({ bound: false });
    expect(pendingAcknowledgements(itEmployee).map((p) => p.slug)).toContain(s.slug);

    const ack = await acknowledgeStandard({ actor: itEmployee, standardId: s.id });
    expect(ack.id).toBe(`${s.id}:1:${itEmployee.id}`);
    const twice = await acknowledgeStandard({ actor: itEmployee, standardId: s.id });
    expect(twice).toEqual(ack);
    expect(getStore().activityFor("standard", s.id).filter((e) => e.type === "standard.acknowledged")).toHaveLength(1);
    expect(acknowledgementState(itEmployee, getStandard(s.id)!)).toMatchObject({ bound: true, version: 1, acknowledgedAt: ack.at });

    await editStandard({ actor: itManager, standardId: s.id, input: { ...contentToInput(versionOf(s.id, 1)!.content), targetValue: 2 } });
    // A draft changes nothing for the team: version 1 stays acknowledged.
    expect(acknowledgementState(itEmployee, getStandard(s.id)!)).toMatchObject({ version: 1, acknowledgedAt: ack.at });
    await submitStandard({ actor: itManager, standardId: s.id });
    await publishStandard({ actor: admin, standardId: s.id });
    expect(acknowledgementState(itEmployee, getStandard(s.id)!)).toEqual({ bound: true, version: 2, acknowledgedAt: null, previousVersion: 1 });
    expect(pendingAcknowledgements(itEmployee).find((p) => p.slug === s.slug)).toMatchObject({ version: 2, renewed: true });

    await acknowledgeStandard({ actor: itEmployee, standardId: s.id });
    expect(acknowledgementState(itEmployee, getStandard(s.id)!)).toMatchObject({ version: 2, acknowledgedAt: expect.any(String) });
    expect(teamCommitments(itEmployee).commitments.find((c) => c.slug === s.slug)?.acknowledgement).toMatchObject({ version: 2 });
  });

  it("coverage: managers see their own team, admins every team, employees none", async () => {
    const s = await published({ title: "Coverage standard" });
    await acknowledgeStandard({ actor: itManager, standardId: s.id });
    const mine = coverage({ actor: itManager });
    expect(mine.map((c) => c.teamId)).toEqual([provider]);
    const row = mine[0].standards.find((r) => r.slug === s.slug)!;
    expect(row).toMatchObject({ acknowledged: 1, members: 2 });
    expect(row.missing.map((m) => m.id)).toEqual([itEmployee.id]);

    expect(() => coverage({ actor: itManager, teamId: customer })).toThrow(ForbiddenError);
    expect(() => coverage({ actor: itEmployee })).toThrow(ForbiddenError);
    expect(coverage({ actor: admin }).map((c) => c.teamName)).toEqual(expect.arrayContaining(["IT", "Sales", "People"]));
    expect(coverage({ actor: admin, teamId: provider })[0].standards.find((r) => r.slug === s.slug)?.acknowledged).toBe(1);

    await acknowledgeStandard({ actor: itEmployee, standardId: s.id });
    expect(coverage({ actor: itManager })[0].standards.find((r) => r.slug === s.slug)?.missing).toEqual([]);
  });
});

describe("ratings", () => {
  it("only members of the internal-customer teams rate; never the provider team", async () => {
    const s = await published({ customerTeamIds: [customer] });
    await expect(rateStandard({ actor: peopleEmployee, standardId: s.id, input: { score: 4 } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rateStandard({ actor: itEmployee, standardId: s.id, input: { score: 5 } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 4 } })).resolves.toMatchObject({ score: 4, teamId: customer });

    const forEveryone = await published({ customerTeamIds: [] });
    await expect(rateStandard({ actor: peopleEmployee, standardId: forEveryone.id, input: { score: 3 } })).resolves.toBeTruthy();
    await expect(rateStandard({ actor: itManager, standardId: forEveryone.id, input: { score: 5 } })).rejects.toBeInstanceOf(ForbiddenError);
    expect(standardsToRate(peopleEmployee).some((r) => r.slug === forEveryone.slug)).toBe(false);
    expect(standardsToRate(salesEmployee).some((r) => r.slug === forEveryone.slug)).toBe(true);
  });

  it("the hub's cached cards, summary and to-rate list follow every rating and the turn of the month", async () => {
    const s = await published({ customerTeamIds: [customer] });
    const card = () => browseHandbook({ pageSize: 10_000 }).groups.flatMap((g) => g.standards).find((c) => c.slug === s.slug)!;
    const toRate = () => standardsToRate(salesEmployee).some((r) => r.slug === s.slug);
    expect(card().health).toMatchObject({ count: 0, level: "unrated" });
    expect(toRate()).toBe(true);
    const keptBefore = handbookSummary().kept;

    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 5 } });
    expect(card().health).toMatchObject({ count: 1, average: 5, level: "kept" });
    expect(handbookSummary().kept).toBe(keptBefore + 1);
    expect(toRate()).toBe(false);

    const month = ratingThisMonth(salesEmployee.id, s.id)!.month;
    clock.set(`${addMonths(month, 1)}-02T09:00:00.000Z`);
    expect(toRate()).toBe(true);
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 1 } });
    expect(card().health).toMatchObject({ count: 2, average: 3 });
    expect(toRate()).toBe(false);
  });

  it("cannot rate a standard that is not published", async () => {
    const draft = await createStandard({ actor: itManager, input: input() });
    await expect(rateStandard({ actor: salesEmployee, standardId: draft.id, input: { score: 4 } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("one rating per person per calendar month, changeable within the month", async () => {
    const s = await published();
    clock.set("2026-03-01T00:05:00.000Z");
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 2, comment: "Slow" } });
    clock.set("2026-03-31T23:55:00.000Z");
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 4, comment: "" } });
    const ratings = () => Object.values(getStore().data.ratings).filter((r) => r.standardId === s.id && r.personId === salesEmployee.id);
    expect(ratings()).toHaveLength(1);
    expect(ratings()[0]).toMatchObject({ id: `${s.id}:${salesEmployee.id}:2026-03`, score: 4, comment: "", month: "2026-03" });
    expect(ratingThisMonth(salesEmployee.id, s.id)).toMatchObject({ score: 4, month: "2026-03" });

    clock.set("2026-04-01T00:00:00.000Z");
    expect(ratingThisMonth(salesEmployee.id, s.id)).toBeNull();
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 5 } });
    expect(ratings().map((r) => r.month).sort()).toEqual(["2026-03", "2026-04"]);

    const rated = getStore().activityFor("standard", s.id).filter((e) => e.type === "standard.rated");
    expect(rated.map((e) => e.before?.score ?? null)).toEqual([null, 2, null]);
  });

  it("two ratings sent at once still make one", async () => {
    const s = await published();
    await Promise.all([
      rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 1 } }),
      rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 5 } }),
    ]);
    expect(Object.values(getStore().data.ratings).filter((r) => r.standardId === s.id)).toHaveLength(1);
  });

  it("refuses a score outside 1–5 beside the field", async () => {
    const s = await published();
    for (const score of ["0", "6", "3.5", "", "good"]) {
      const error = await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score } }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.fieldErrors.score).toBeDefined();
    }
  });

  it("health follows every rating and the passing days (90-day window)", async () => {
    const s = await published();
    expect(healthOf(s.id)).toMatchObject({ count: 0, level: "unrated" });
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 2 } });
    await rateStandard({ actor: salesManager, standardId: s.id, input: { score: 3 } });
    expect(healthOf(s.id)).toMatchObject({ average: 2.5, count: 2, level: "not-kept" });
    await rateStandard({ actor: salesManager, standardId: s.id, input: { score: 5 } });
    expect(healthOf(s.id)).toMatchObject({ average: 3.5, count: 2, level: "mostly" });
    expect(browseHandbook({}).groups.flatMap((g) => g.standards).find((c) => c.slug === s.slug)?.health.average).toBe(3.5);

    clock.advanceDays(91);
    expect(healthOf(s.id)).toMatchObject({ average: null, count: 0, level: "unrated" });
    await rateStandard({ actor: salesEmployee, standardId: s.id, input: { score: 5 } });
    expect(healthOf(s.id)).toMatchObject({ average: 5, count: 1, previousAverage: 3.5, direction: "up" });
  });
});

describe("the handbook", () => {
  it("filters by dimension and by the internal customer, and searches with the product's search", async () => {
    const empathy = await published({ title: "Buddies for every new starter", dimension: "empathy", customerTeamIds: [] });
    const salesOnly = await published({ title: "Quotes checked within a day", dimension: "reliability", customerTeamIds: [customer] });
    const slugs = (args: Parameters<typeof browseHandbook>[0]) => browseHandbook({ pageSize: 10_000, ...args }).groups.flatMap((g) => g.standards.map((s) => s.slug));

    expect(slugs({ dimension: "empathy" })).toContain(empathy.slug);
    expect(slugs({ dimension: "empathy" })).not.toContain(salesOnly.slug);
    expect(slugs({ customerTeamId: customer })).toEqual(expect.arrayContaining([empathy.slug, salesOnly.slug]));
    expect(slugs({ customerTeamId: bystander })).toContain(empathy.slug);
    expect(slugs({ customerTeamId: bystander })).not.toContain(salesOnly.slug);
    expect(slugs({ customerTeamId: provider })).toEqual([]); // a team is not its own customer
    expect(slugs({ q: "buddies" })).toEqual([empathy.slug]);
    expect(slugs({ q: "quotes", customerTeamId: bystander })).toEqual([]);
    expect(slugs({ providerTeamId: provider })).toEqual(expect.arrayContaining([empathy.slug, salesOnly.slug]));
    expect(slugs({ providerTeamId: customer })).toEqual([]); // Sales promises nothing here
    expect(slugs({ providerTeamId: provider, dimension: "reliability" })).toContain(salesOnly.slug);
    expect(slugs({ providerTeamId: provider, dimension: "reliability" })).not.toContain(empathy.slug);

    const groups = browseHandbook({}).groups;
    expect(groups.map((g) => g.teamName)).toEqual([...groups.map((g) => g.teamName)].sort((a, b) => a.localeCompare(b)));
    const page = browseHandbook({ pageSize: 2, page: 2 });
    expect(page.page).toBe(2);
    expect(page.groups.flatMap((g) => g.standards)).toHaveLength(2);
  });
});

describe("the demo organisation", () => {
  it("has about fifteen standards in force, drafts, one in review, acknowledgements and a year of ratings", async () => {
    await closeTestStore();
    const { store } = await openTestStore({ demo: true });
    const all = Object.values(store.data.standards);
    const inForce = handbook();
    expect(inForce.length).toBeGreaterThanOrEqual(14);
    expect(new Set(inForce.map((s) => s.teamId)).size).toBe(6);
    expect(all.filter((s) => s.draftState === "in-review")).toHaveLength(1);
    expect(all.filter((s) => s.draftState === "draft").length).toBeGreaterThanOrEqual(2);
    expect(all.some((s) => s.status === "retired")).toBe(true);
    expect(inForce.some((s) => s.version > 1)).toBe(true);
    expect(Object.keys(store.data.acknowledgements).length).toBeGreaterThan(30);
    const months = new Set(Object.values(store.data.ratings).map((r) => r.month));
    expect(months.size).toBe(12);
    const raters = new Set(Object.values(store.data.ratings).map((r) => r.personId));
    expect(raters.size).toBeGreaterThan(10);
    const health = inForce.map((s) => healthOf(s.id));
    expect(health.some((h) => h.level === "kept" && h.direction !== "down")).toBe(true);
    expect(health.some((h) => h.direction === "down" || h.level === "not-kept")).toBe(true);
    // Nothing happened in the future.
    const now = Date.now();
    expect(Object.values(store.data.ratings).every((r) => Date.parse(r.at) <= now)).toBe(true);
    // Every rating came from a member of a team the standard serves.
    for (const r of Object.values(store.data.ratings)) {
      const s = store.data.standards[r.standardId];
      expect(r.teamId).not.toBe(s.teamId);
    }
  });
});
