/**
 * The policy forms and pages at work: validation messages beside their fields with what was typed
 * kept, every save a revision, comparisons of any two revisions, retiring and reinstating, and
 * friction reports with their 90-day figures.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as newPolicy from "~/routes/policies.new";
import * as policyPage from "~/routes/policies.$slug";
import * as editPage from "~/routes/policies.$slug_.edit";
import * as historyPage from "~/routes/policies.$slug_.history";
import * as catalogue from "~/routes/policies._index";
import { resetSignInThrottle } from "~/lib/auth.server";
import { setPersonActive } from "~/models/person.server";
import { revisePolicy, policyToInput } from "~/models/policy.server";
import { getStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
let clock: ReturnType<typeof fixedClock>;
let manager: Person;
let admin: Person;
let employee: Person;
let colleague: Person;
/** A fresh session for each request: the tests move the clock past the 8-hour idle limit. */
const as = (role: "manager" | "employee" | "admin") => {
  const person = { manager, employee, admin }[role];
  return sessionCookie(person.email, person.password);
};
let teamId: string;

const VALID = () => ({
  title: "Refunds over €50 need a manager's approval",
  summary: "Larger refunds wait for a manager.",
  body: "## The rule\n\nRefunds over **€50** need approval.",
  teamId,
  ownerId: manager.id,
  purpose: "Stops refund fraud.",
  purposeTags: ["fraud-prevention", "price"],
  audienceExternal: "on",
  mandate: "own",
  occurrencesPerMonth: "120",
  steps: "4",
  approvals: "1",
  handoffs: "1",
  activeMinutes: "6",
  waitingMinutes: "240",
  frictionTags: ["approval", "waiting"],
  reviewCycleMonths: "12",
  lastReviewedOn: "",
});

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-01T09:00:00.000Z");
  store.clock = clock;
  const team = await buildTeam({ name: "Customer Support" });
  teamId = team.id;
  manager = await buildPerson({ teamId, role: "manager", name: "Sofia Lindqvist" });
  admin = await buildPerson({ teamId, role: "admin", name: "Amara Okafor" });
  employee = await buildPerson({ teamId, name: "Eva Janssen" });
  colleague = await buildPerson({ teamId, name: "Daniel Mensah" });
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

const slugFrom = (res: Response) => (res.headers.get("Location") ?? "").replace(/^\/policies\//, "");

describe("cataloguing a policy", () => {
  it("saves a valid policy and sends the manager to its page with a notice", async () => {
    const res = await call(newPolicy.action, post("/policies/new", VALID(), await as("manager")));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/policies/refunds-over-50-need-a-manager-s-approval");
    expect(res.headers.get("Set-Cookie")).toContain("__untangle_notice");
    const saved = Object.values(getStore().data.policies).find((p) => p.slug === slugFrom(res))!;
    expect(saved).toMatchObject({
      status: "active",
      audienceExternal: true,
      purposeTags: ["fraud-prevention", "price"],
      friction: { occurrencesPerMonth: 120, steps: 4, approvals: 1, handoffs: 1, activeMinutes: 6, waitingMinutes: 240 },
      revision: 1,
    });
    expect(saved.bodyHtml).toContain("<strong>€50</strong>");
  });

  it("puts every error beside its field and keeps everything typed", async () => {
    const res = await call(
      newPolicy.action,
      post(
        "/policies/new",
        {
          ...VALID(),
          title: "   ",
          summary: "Typed summary stays",
          occurrencesPerMonth: "often",
          steps: "2.5",
          approvals: "-1",
          mandate: "because",
          reviewCycleMonths: "0",
          lastReviewedOn: "yesterday",
          purposeTags: ["service", "speed"],
        },
        await as("manager"),
      ),
    );
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.errors.title.map(inEnglish)).toEqual(["Give the policy a title."]);
    expect(data.errors.occurrencesPerMonth.map(inEnglish)).toEqual(["Enter the occurrences per month as a number."]);
    expect(data.errors.steps.map(inEnglish)).toEqual(["Enter the number of steps as a whole number."]);
    expect(data.errors.approvals.map(inEnglish)).toEqual(["The number of approvals cannot be negative."]);
    expect(data.errors.mandate.map(inEnglish)).toEqual(["Choose whether the policy is mandated, and by what."]);
    expect(data.errors.reviewCycleMonths).toHaveLength(1);
    expect(data.errors.lastReviewedOn.map(inEnglish)).toEqual(["Enter a date as YYYY-MM-DD."]);
    expect(data.errors["purposeTags.1"].map(inEnglish)).toEqual(["Choose purposes from the list."]);
    expect(data.values).toMatchObject({ summary: "Typed summary stays", occurrencesPerMonth: "often", steps: "2.5", purposeTags: ["service", "speed"] });
    expect(data.values.body).toBe(VALID().body);
  });

  it("refuses a deactivated accountable person", async () => {
    const leaver = await buildPerson({ teamId, name: "Henk Mulder" });
    await setPersonActive({ actor: admin, personId: leaver.id, active: false });
    const res = await call(newPolicy.action, post("/policies/new", { ...VALID(), title: "Parking", ownerId: leaver.id }, await as("manager")));
    expect(res.status).toBe(400);
    expect((await body(res)).errors.ownerId.map(inEnglish)).toEqual(["The accountable person must be someone still active."]);
  });

  it("never gives a policy a slug that is one of the catalogue's own pages", async () => {
    for (const title of ["New", "Import"]) {
      const res = await call(newPolicy.action, post("/policies/new", { ...VALID(), title }, await as("manager")));
      expect(res.headers.get("Location")).toBe(`/policies/${title.toLowerCase()}-2`);
    }
  });
});

describe("editing makes revisions, and any two can be compared", () => {
  let policy: Policy;

  beforeAll(async () => {
    policy = await buildPolicy(manager, { title: "Expense claims need receipts", body: "Every item needs a receipt.\n\n- Claims are paid monthly.", occurrencesPerMonth: 400 });
  });

  it("an edit without a change note is refused, with the note's error and the typed values back", async () => {
    clock.set("2026-03-05T10:00:00.000Z");
    const res = await call(
      editPage.action,
      post(`/policies/${policy.slug}/edit`, { ...VALID(), title: "Expense claims need receipts", body: "Items over €10 need a receipt.", note: " " }, await as("manager")),
      { slug: policy.slug },
    );
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.errors.note.map(inEnglish)).toEqual(["Say in a few words what changed and why."]);
    expect(data.values.body).toBe("Items over €10 need a receipt.");
    expect(getStore().data.policies[policy.id].revision).toBe(1);
  });

  it("an edit with a note becomes revision 2, with author, time, note and full content", async () => {
    clock.set("2026-03-06T10:00:00.000Z");
    const res = await call(
      editPage.action,
      post(
        `/policies/${policy.slug}/edit`,
        {
          ...VALID(),
          title: "Expense claims need receipts",
          summary: "Only items over €10.",
          body: "Items over €10 need a receipt.\n\n- Claims are paid monthly.",
          occurrencesPerMonth: "260",
          note: "Small items need no receipt",
        },
        await as("manager"),
      ),
      { slug: policy.slug },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/policies/${policy.slug}`);
    const revision = getStore().data.policyRevisions[`${policy.id}:2`];
    expect(revision).toMatchObject({ number: 2, authorId: manager.id, at: "2026-03-06T10:00:00.000Z", note: "Small items need no receipt" });
    expect(revision.content.friction.occurrencesPerMonth).toBe(260);
    expect(getStore().data.policies[policy.id].slug).toBe(policy.slug);
  });

  it("the edit form starts from the current content", async () => {
    const data = await body(await call(editPage.loader, get(`/policies/${policy.slug}/edit`, await as("manager")), { slug: policy.slug }));
    expect(data.initial).toMatchObject({ summary: "Only items over €10.", occurrencesPerMonth: 260, ownerId: manager.id });
    expect(data.revision).toBe(2);
  });

  it("history lists revisions newest first and compares the latest two by default", async () => {
    clock.set("2026-03-07T10:00:00.000Z");
    await revisePolicy({ actor: admin, policyId: policy.id, input: { ...policyToInput(getStore().data.policies[policy.id]), frictionTags: ["paperwork"] }, note: "Tagged paperwork" });
    const data = await body(await call(historyPage.loader, get(`/policies/${policy.slug}/history`, await as("employee")), { slug: policy.slug }));
    expect(data.revisions.map((r: { number: number; author: string; note: string }) => [r.number, r.author, r.note])).toEqual([
      [3, "Amara Okafor", "Tagged paperwork"],
      [2, "Sofia Lindqvist", "Small items need no receipt"],
      [1, "Sofia Lindqvist", "Catalogued"],
    ]);
    expect([data.from, data.to]).toEqual([2, 3]);
    const changed = data.comparison.fields.filter((f: { changed: boolean }) => f.changed).map((f: { field: string }) => f.field);
    expect(changed).toEqual(["frictionTags"]);
    expect(data.comparison.text.every((t: { changed: boolean }) => !t.changed)).toBe(true);
  });

  it("compares any two revisions: text as a word diff, fields side by side", async () => {
    const data = await body(await call(historyPage.loader, get(`/policies/${policy.slug}/history?from=1&to=3`, await as("employee")), { slug: policy.slug }));
    const bodyDiff = data.comparison.text.find((t: { field: string }) => t.field === "body");
    expect(bodyDiff.changed).toBe(true);
    const removed = bodyDiff.parts.filter((p: { removed?: boolean }) => p.removed).map((p: { value: string }) => p.value).join("");
    const added = bodyDiff.parts.filter((p: { added?: boolean }) => p.added).map((p: { value: string }) => p.value).join("");
    expect(removed).toContain("Every");
    expect(added).toContain("€10");
    const hours = data.comparison.fields.find((f: { field: string }) => f.field === "customerHours");
    expect(hours).toMatchObject({ before: { kind: "hours", value: 200 }, after: { kind: "hours", value: 1066 }, changed: true });
    const summary = data.comparison.text.find((t: { field: string }) => t.field === "summary");
    expect(summary.changed).toBe(true);
  });

  it("falls back to sensible revisions when the URL names ones that do not exist", async () => {
    const data = await body(await call(historyPage.loader, get(`/policies/${policy.slug}/history?from=9&to=abc`, await as("employee")), { slug: policy.slug }));
    expect([data.from, data.to]).toEqual([2, 3]);
  });

  it("the policy page shows recent history with the notes, newest first", async () => {
    const data = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(data.history.map((h: { type: string; note: string | null }) => [h.type, h.note])).toEqual([
      ["policy.revised", "Tagged paperwork"],
      ["policy.revised", "Small items need no receipt"],
      ["policy.created", null],
    ]);
  });
});

describe("retiring and reinstating", () => {
  it("retiring needs a reason; the error sits beside the reason field", async () => {
    const policy = await buildPolicy(manager, { title: "Faxed confirmations" });
    const res = await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "retire", reason: "" }, await as("manager")), { slug: policy.slug });
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.errors.reason.map(inEnglish)).toEqual(["Say why the policy is retired."]);
    expect(data.values.intent).toBe("retire");
    expect(getStore().data.policies[policy.id].status).toBe("active");
  });

  it("a retired policy stays readable with its reason and history, and leaves the default catalogue", async () => {
    const policy = await buildPolicy(manager, { title: "Fax the bank" });
    expect((await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "retire", reason: "The bank confirms online now." }, await as("manager")), { slug: policy.slug })).status).toBe(302);
    const page = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(page.policy.status).toBe("retired");
    expect(page.policy.retiredReason).toBe("The bank confirms online now.");
    expect(page.history[0]).toMatchObject({ type: "policy.retired", reason: "The bank confirms online now." });
    expect(page.figures.overdue).toBe(false);

    const titles = async (search: string) =>
      (await body(await call(catalogue.loader, get(`/policies${search}`, await as("employee"))))).rows.map((r: { title: string }) => r.title);
    expect(await titles("")).not.toContain("Fax the bank");
    expect(await titles("?status=retired")).toContain("Fax the bank");
    expect(await titles("?status=all")).toContain("Fax the bank");

    const again = await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "retire", reason: "Twice" }, await as("manager")), { slug: policy.slug });
    expect(again.status).toBe(409);

    expect((await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "reinstate" }, await as("manager")), { slug: policy.slug })).status).toBe(302);
    expect(getStore().data.policies[policy.id]).toMatchObject({ status: "active", retiredReason: null });
    expect(await titles("")).toContain("Fax the bank");
  });
});

describe("friction reports", () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await buildPolicy(manager, { title: "Call to cancel" });
  });

  it("checks minutes, effort and what happened, beside each field", async () => {
    const res = await call(
      policyPage.action,
      post(`/policies/${policy.slug}`, { intent: "report-friction", minutesLost: "-5", effort: "7", what: "" }, await as("employee")),
      { slug: policy.slug },
    );
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.errors.minutesLost.map(inEnglish)).toEqual(["The minutes lost cannot be negative."]);
    expect(data.errors.effort.map(inEnglish)).toEqual(["Choose how much effort it took, from 1 to 5."]);
    expect(data.errors.what.map(inEnglish)).toEqual(["Say in a few words what happened."]);
    expect(data.values).toMatchObject({ minutesLost: "-5", effort: "7" });
  });

  it("lists reports newest first with the 90-day average effort and total minutes", async () => {
    const report = async (at: string, who: "employee" | "admin", minutesLost: string, effort: string, what: string) => {
      clock.set(at);
      const res = await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "report-friction", minutesLost, effort, what }, await as(who)), { slug: policy.slug });
      expect(res.headers.get("Location")).toMatch(`/policies/${policy.slug}#report-`);
    };
    await report("2025-10-01T10:00:00.000Z", "employee", "60", "5", "Long ago");
    await report("2026-02-01T10:00:00.000Z", "admin", "20", "4", "Waited on hold");
    await report("2026-02-20T10:00:00.000Z", "employee", "10", "3", "Sent the phone number again");
    clock.set("2026-03-01T09:00:00.000Z");
    const data = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(data.reports.map((r: { what: string; personName: string }) => [r.what, r.personName])).toEqual([
      ["Sent the phone number again", "Eva Janssen"],
      ["Waited on hold", "Amara Okafor"],
      ["Long ago", "Eva Janssen"],
    ]);
    expect(data.reportSummary).toEqual({ days: 90, count: 2, averageEffort: 3.5, totalMinutes: 30 });
    expect(data.reportsTotal).toBe(3);
  });

  it("shows ten reports unless all are asked for", async () => {
    for (let i = 0; i < 10; i++) {
      clock.set(`2026-02-2${i % 8}T1${i}:00:00.000Z`);
      const res = await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "report-friction", minutesLost: "1", effort: "2", what: `Report ${i}` }, await as("admin")), { slug: policy.slug });
      expect(res.headers.get("Location")).toMatch(`/policies/${policy.slug}#report-`);
    }
    clock.set("2026-03-01T09:00:00.000Z");
    const some = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(some.reports).toHaveLength(10);
    expect(some.reportsTotal).toBe(13);
    const all = await body(await call(policyPage.loader, get(`/policies/${policy.slug}?reports=all`, await as("employee")), { slug: policy.slug }));
    expect(all.reports).toHaveLength(13);
  });

  it("refuses reports on a retired policy", async () => {
    const retired = await buildPolicy(manager, { title: "Gone" });
    await call(policyPage.action, post(`/policies/${retired.slug}`, { intent: "retire", reason: "Gone" }, await as("manager")), { slug: retired.slug });
    const res = await call(
      policyPage.action,
      post(`/policies/${retired.slug}`, { intent: "report-friction", minutesLost: "5", effort: "3", what: "x" }, await as("employee")),
      { slug: retired.slug },
    );
    expect(res.status).toBe(409);
  });

  it("does not count friction reports in the policy's recent history", async () => {
    const data = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(data.history.map((h: { type: string }) => h.type)).toEqual(["policy.created"]);
  });
});

describe("an orphan", () => {
  it("is shown once its owner is deactivated, and can still be edited to a new owner", async () => {
    const owner = await buildPerson({ teamId, name: "Leaving Soon" });
    const policy = await buildPolicy(manager, { title: "Parking permits", ownerId: owner.id });
    await setPersonActive({ actor: admin, personId: owner.id, active: false });
    const page = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(page.figures.orphan).toBe(true);
    expect(page.policy.ownerName).toBe("Leaving Soon");
    const orphans = await body(await call(catalogue.loader, get("/policies?orphan=1", await as("employee"))));
    expect(orphans.rows.map((r: { title: string }) => r.title)).toEqual(["Parking permits"]);

    // An edit that keeps the departed owner is allowed (so the rule can still be simplified) …
    const keep = await call(
      editPage.action,
      post(`/policies/${policy.slug}/edit`, { ...VALID(), title: "Parking permits", ownerId: owner.id, note: "Simplified" }, await as("manager")),
      { slug: policy.slug },
    );
    expect(keep.status).toBe(302);
    // … and the edit form offers the departed owner, marked, besides the active people.
    const form = await body(await call(editPage.loader, get(`/policies/${policy.slug}/edit`, await as("manager")), { slug: policy.slug }));
    expect(form.options.people.find((p: { id: string }) => p.id === owner.id)).toMatchObject({ active: false });
    const handover = await call(
      editPage.action,
      post(`/policies/${policy.slug}/edit`, { ...VALID(), title: "Parking permits", ownerId: colleague.id, note: "Daniel takes it on" }, await as("manager")),
      { slug: policy.slug },
    );
    expect(handover.status).toBe(302);
    const after = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as("employee")), { slug: policy.slug }));
    expect(after.figures.orphan).toBe(false);
  });
});
