/**
 * A friction report is stored once however often its form is sent (double click, back and
 * resend, a restart in between), each showing of the form carries a new key, and a report is
 * its author's: only they change it; they or an admin withdraw it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as policyPage from "~/routes/policies.$slug";
import { resetSignInThrottle } from "~/lib/auth.server";
import { startSearchIndex } from "~/lib/search.server";
import { closeStore, getStore, openStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
let dir: string;
let author: Person;
let colleague: Person;
let manager: Person;
let admin: Person;
let policy: Policy;

const as = (person: Person) => sessionCookie(person.email, person.password);
const reportsOn = (policyId: string) => Object.values(getStore().data.frictionReports).filter((r) => r.policyId === policyId);
const send = async (who: Person, fields: Record<string, string>) =>
  call(policyPage.action, post(`/policies/${policy.slug}`, fields, await as(who)), { slug: policy.slug });
const freshKey = async (who: Person): Promise<string> =>
  (await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as(who)), { slug: policy.slug }))).submissionKey;
const report = (submissionKey: string, what = "Waited two days for a signature") => ({
  intent: "report-friction",
  minutesLost: "45",
  effort: "4",
  what,
  submissionKey,
});

beforeAll(async () => {
  ({ dir } = await openTestStore());
  getStore().clock = fixedClock("2026-03-01T09:00:00.000Z");
  const team = await buildTeam({ name: "Finance" });
  author = await buildPerson({ teamId: team.id, name: "Eva Janssen" });
  colleague = await buildPerson({ teamId: team.id, name: "Daniel Mensah" });
  manager = await buildPerson({ teamId: team.id, role: "manager", name: "Sofia Lindqvist" });
  admin = await buildPerson({ teamId: team.id, role: "admin", name: "Amara Okafor" });
  policy = await buildPolicy(manager, { title: "Expense claims need two signatures" });
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

describe("one submission, one report", () => {
  it("gives every showing of the page a new key", async () => {
    const first = await freshKey(author);
    const second = await freshKey(author);
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(second).not.toBe(first);
  });

  it("stores the same form sent twice once, and answers both with the first report", async () => {
    const key = await freshKey(author);
    const first = await send(author, report(key));
    const again = await send(author, report(key));
    const reports = reportsOn(policy.id);
    expect(reports).toHaveLength(1);
    expect(first.status).toBe(302);
    expect(again.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/policies/${policy.slug}#report-${reports[0].id}`);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(getStore().activityFor("policy", policy.id).filter((e) => e.type === "policy.friction-reported")).toHaveLength(1);
  });

  it("stores a double click once: two copies sent at the same moment make one report", async () => {
    const before = reportsOn(policy.id).length;
    const key = await freshKey(author);
    const cookie = await as(author);
    const answers = await Promise.all(
      [1, 2, 3].map(() => call(policyPage.action, post(`/policies/${policy.slug}`, report(key, "Double click"), cookie), { slug: policy.slug })),
    );
    expect(reportsOn(policy.id)).toHaveLength(before + 1);
    expect(new Set(answers.map((a) => a.headers.get("Location"))).size).toBe(1);
  });

  it("stores a new showing of the form as a new report, and another person's use of a key as their own", async () => {
    const before = reportsOn(policy.id).length;
    await send(author, report(await freshKey(author), "Another day, another wait"));
    expect(reportsOn(policy.id)).toHaveLength(before + 1);
    const key = await freshKey(author);
    await send(author, report(key, "Mine"));
    await send(colleague, report(key, "Theirs"));
    expect(reportsOn(policy.id).filter((r) => r.what === "Mine" || r.what === "Theirs").map((r) => r.personId).sort()).toEqual(
      [author.id, colleague.id].sort(),
    );
  });

  it("remembers a key across a restart", async () => {
    const key = await freshKey(author);
    await send(author, report(key, "Before the restart"));
    const before = reportsOn(policy.id).length;
    await closeStore();
    startSearchIndex(await openStore(dir));
    getStore().clock = fixedClock("2026-03-01T10:00:00.000Z");
    const again = await send(author, report(key, "Before the restart"));
    expect(again.status).toBe(302);
    expect(reportsOn(policy.id)).toHaveLength(before);
    const first = reportsOn(policy.id).find((r) => r.what === "Before the restart")!;
    expect(again.headers.get("Location")).toBe(`/policies/${policy.slug}#report-${first.id}`);
  });

  it("refuses a key that is not one the page made, with the form's message", async () => {
    const res = await send(author, report("../../etc/passwd"));
    expect(res.status).toBe(400);
    expect(inEnglish((await body(res)).formError)).toBe("This form could not be matched to the page it came from. Reload the page and send it again.");
  });

  it("does not remake a withdrawn report when its form is sent again", async () => {
    const key = await freshKey(author);
    await send(author, report(key, "Soon withdrawn"));
    const made = reportsOn(policy.id).find((r) => r.what === "Soon withdrawn")!;
    await send(author, { intent: "withdraw-report", reportId: made.id });
    const again = await send(author, report(key, "Soon withdrawn"));
    expect(again.status).toBe(409);
    expect(inEnglish((await body(again)).formError)).toBe("You sent this form before, and what it made has been removed since.");
    expect(reportsOn(policy.id).some((r) => r.what === "Soon withdrawn")).toBe(false);
  });
});

describe("changing and withdrawing a report", () => {
  let reportId: string;
  beforeAll(async () => {
    await send(author, report(await freshKey(author), "Needed a form for a €12 taxi"));
    reportId = reportsOn(policy.id).find((r) => r.what === "Needed a form for a €12 taxi")!.id;
  });
  const edit = (what: string) => ({ intent: "edit-report", reportId, minutesLost: "20", effort: "3", what });

  it("offers the author, and only the author, their report to change; admins may withdraw it", async () => {
    const view = async (who: Person) => {
      const data = await body(await call(policyPage.loader, get(`/policies/${policy.slug}?reports=all`, await as(who)), { slug: policy.slug }));
      return data.reports.find((r: { id: string }) => r.id === reportId);
    };
    expect(await view(author)).toMatchObject({ mine: true, mayWithdraw: true });
    expect(await view(colleague)).toMatchObject({ mine: false, mayWithdraw: false });
    expect(await view(manager)).toMatchObject({ mine: false, mayWithdraw: false });
    expect(await view(admin)).toMatchObject({ mine: false, mayWithdraw: true });
  });

  it("lets nobody but the author change it, not even an admin", async () => {
    for (const who of [colleague, manager, admin]) {
      expect((await send(who, edit("Rewritten by someone else"))).status).toBe(403);
    }
    expect(getStore().data.frictionReports[reportId].what).toBe("Needed a form for a €12 taxi");
  });

  it("lets the author change minutes, effort and words, keeping when it happened and saying it was changed", async () => {
    getStore().clock = fixedClock("2026-03-02T09:00:00.000Z");
    const before = getStore().data.frictionReports[reportId];
    const res = await send(author, edit("Needed a form for a €12 taxi, and a signature"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/policies/${policy.slug}#report-${reportId}`);
    expect(getStore().data.frictionReports[reportId]).toMatchObject({
      minutesLost: 20,
      effort: 3,
      what: "Needed a form for a €12 taxi, and a signature",
      at: before.at,
      editedAt: "2026-03-02T09:00:00.000Z",
    });
    const bad = await send(author, { ...edit(""), effort: "9" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).errors).sort()).toEqual(["effort", "what"]);
  });

  it("refuses a report id of another policy, or none", async () => {
    const other = await buildPolicy(manager, { title: "Another policy" });
    const res = await call(policyPage.action, post(`/policies/${other.slug}`, edit("Elsewhere"), await as(author)), { slug: other.slug });
    expect(res.status).toBe(404);
    expect((await send(author, { intent: "withdraw-report" })).status).toBe(404);
  });

  it("lets neither a colleague nor the policy's manager withdraw it", async () => {
    expect((await send(colleague, { intent: "withdraw-report", reportId })).status).toBe(403);
    expect((await send(manager, { intent: "withdraw-report", reportId })).status).toBe(403);
    expect(getStore().data.frictionReports[reportId]).toBeDefined();
  });

  it("lets the author withdraw it: it leaves the list and the figures, and the audit trail keeps what it said", async () => {
    const summary = async () =>
      (await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as(colleague)), { slug: policy.slug }))).reportSummary;
    const before = await summary();
    const res = await send(author, { intent: "withdraw-report", reportId });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/policies/${policy.slug}#friction-reports`);
    expect(getStore().data.frictionReports[reportId]).toBeUndefined();
    const after = await summary();
    expect(after.count).toBe(before.count - 1);
    expect(after.totalMinutes).toBe(before.totalMinutes - 20);
    const event = getStore().activityFor("policy", policy.id).findLast((e) => e.type === "policy.friction-report-withdrawn")!;
    expect(event.actorId).toBe(author.id);
    expect(event.before).toMatchObject({ reportId, what: "Needed a form for a €12 taxi, and a signature" });
    expect((await send(author, { intent: "withdraw-report", reportId })).status).toBe(404);
  });

  it("lets an admin remove someone else's report", async () => {
    await send(colleague, report(await freshKey(colleague), "Names a customer by name"));
    const target = reportsOn(policy.id).find((r) => r.what === "Names a customer by name")!;
    const res = await send(admin, { intent: "withdraw-report", reportId: target.id });
    expect(res.status).toBe(302);
    expect(getStore().data.frictionReports[target.id]).toBeUndefined();
    const event = getStore().activityFor("policy", policy.id).findLast((e) => e.type === "policy.friction-report-withdrawn")!;
    expect(event).toMatchObject({ actorId: admin.id, after: { reportId: target.id, byAuthor: false } });
  });
});
