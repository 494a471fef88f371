/**
 * A policy can ask everyone who meets it (its team and its audience teams) to acknowledge a
 * revision: the "for you" prompt on the catalogue, the acknowledgement on the policy page,
 * progress per team, its CSV export, and the same notification and reminder as a standard's.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as policyPage from "~/routes/policies.$slug";
import * as catalogue from "~/routes/policies._index";
import * as progressPage from "~/routes/policies.acknowledgements";
import * as progressCsv from "~/routes/policies.acknowledgements[.]csv";
import { resetSignInThrottle } from "~/lib/auth.server";
import { revisePolicy, policyToInput } from "~/models/policy.server";
import { startNotifier, stopNotifier, type Notifier } from "~/models/notification.server";
import { stillOwed } from "~/models/notification-rules.server";
import { getStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let clock: ReturnType<typeof fixedClock>;
let notifier: Notifier;
let financeManager: Person;
let accountant: Person;
let seller: Person;
let trickster: Person;
let salesManager: Person;
let developer: Person;
let admin: Person;
let financeId: string;
let salesId: string;
let policy: Policy;

const as = (p: Person) => sessionCookie(p.email, p.password);
const page = async (p: Person) => body(await call(policyPage.loader, get(`/policies/${policy.slug}`, await as(p)), { slug: policy.slug }));
const act = async (p: Person, intent: string) => call(policyPage.action, post(`/policies/${policy.slug}`, { intent }, await as(p)), { slug: policy.slug });
const forYou = async (p: Person) => (await body(await call(catalogue.loader, get("/policies", await as(p))))).forYou;
const ackNotices = () => Object.values(getStore().data.notifications).filter((n) => n.kind === "acknowledgement");

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  financeId = (await buildTeam({ name: "Finance", slug: "finance" })).id;
  salesId = (await buildTeam({ name: "Sales", slug: "sales" })).id;
  const itId = (await buildTeam({ name: "IT", slug: "it" })).id;
  financeManager = await buildPerson({ teamId: financeId, role: "manager", name: "Maarten de Vries" });
  accountant = await buildPerson({ teamId: financeId, name: "Hana Sato" });
  seller = await buildPerson({ teamId: salesId, name: "Kwame Mensah" });
  trickster = await buildPerson({ teamId: salesId, name: "=HYPERLINK(\"http://evil\")" });
  salesManager = await buildPerson({ teamId: salesId, role: "manager", name: "Carmen Ruiz" });
  developer = await buildPerson({ teamId: itId, name: "Tom Berg" });
  admin = await buildPerson({ teamId: itId, role: "admin", name: "Amara Okafor" });
  policy = await buildPolicy(financeManager, { title: "Expense claims need receipts", audienceTeamIds: [salesId] });
  notifier = await startNotifier(store, { fromStart: true });
});
afterAll(async () => {
  stopNotifier();
  await closeTestStore();
});
beforeEach(() => resetSignInThrottle());

describe("asking for acknowledgement", () => {
  it("asks nobody until the policy's managers ask", async () => {
    expect((await page(seller)).acknowledgement).toEqual({ bound: false });
    expect((await forYou(seller)).toAcknowledgeCount).toBe(0);
    expect((await page(financeManager)).ackProgress).toBeNull();
  });

  it("lets only the policy's managers and admins ask", async () => {
    for (const who of [accountant, seller, salesManager]) expect((await act(who, "ask-acknowledgement")).status).toBe(403);
    expect(getStore().data.policies[policy.id].acknowledgeRevision ?? null).toBeNull();
    const res = await act(financeManager, "ask-acknowledgement");
    expect(res.status).toBe(302);
    expect(getStore().data.policies[policy.id]).toMatchObject({ acknowledgeRevision: 1, acknowledgeRequestedAt: "2026-03-02T09:00:00.000Z" });
    expect(getStore().activityFor("policy", policy.id).at(-1)).toMatchObject({ type: "policy.acknowledgement-requested", actorId: financeManager.id });
  });

  it("tells everyone in the policy's team and its audience teams, and nobody else", async () => {
    await notifier.idle();
    const told = ackNotices().map((n) => n.personId).sort();
    expect(told).toEqual([financeManager.id, accountant.id, seller.id, trickster.id, salesManager.id].sort());
    const one = ackNotices().find((n) => n.personId === seller.id)!;
    expect(one).toMatchObject({ link: `/policies/${policy.slug}#acknowledge`, params: { policy: "Expense claims need receipts", version: "1", variant: "policyNew" } });
    expect(stillOwed(getStore(), one)).toEqual({ owed: true });
  });

  it("prompts those asked under “for you”, and shows them the acknowledgement on the policy", async () => {
    expect(await forYou(seller)).toEqual({ toAcknowledge: [{ slug: policy.slug, title: "Expense claims need receipts", version: 1, renewed: false }], toAcknowledgeCount: 1 });
    expect((await forYou(developer)).toAcknowledgeCount).toBe(0);
    expect((await page(seller)).acknowledgement).toEqual({ bound: true, version: 1, acknowledgedAt: null, previousVersion: null });
    expect((await page(developer)).acknowledgement).toEqual({ bound: false });
  });
});

describe("acknowledging", () => {
  it("records the acknowledgement once, and only for those asked", async () => {
    expect((await act(developer, "acknowledge")).status).toBe(403);
    clock.set("2026-03-03T10:00:00.000Z");
    const res = await act(seller, "acknowledge");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/policies/${policy.slug}#acknowledge`);
    expect((await act(seller, "acknowledge")).status).toBe(302);
    const acks = Object.values(getStore().data.policyAcknowledgements);
    expect(acks).toEqual([{ id: `${policy.id}:1:${seller.id}`, policyId: policy.id, revision: 1, personId: seller.id, at: "2026-03-03T10:00:00.000Z" }]);
    expect((await page(seller)).acknowledgement).toMatchObject({ bound: true, acknowledgedAt: "2026-03-03T10:00:00.000Z" });
    expect((await forYou(seller)).toAcknowledgeCount).toBe(0);
    const notice = ackNotices().find((n) => n.personId === seller.id)!;
    expect(stillOwed(getStore(), notice)).toEqual({ owed: false, reason: "the person has acknowledged it" });
  });

  it("reminds those who have not, once, a week after they were asked", async () => {
    clock.set("2026-03-08T09:00:00.000Z");
    await notifier.sweep();
    expect(ackNotices().filter((n) => n.params.variant === "policyReminder")).toHaveLength(0);
    clock.set("2026-03-10T09:00:00.000Z");
    await notifier.sweep();
    await notifier.sweep();
    const reminded = ackNotices().filter((n) => n.params.variant === "policyReminder").map((n) => n.personId).sort();
    expect(reminded).toEqual([financeManager.id, accountant.id, trickster.id, salesManager.id].sort());
  });
});

describe("progress per team, and its export", () => {
  it("shows a manager their own team and an admin every team asked, with who has not acknowledged", async () => {
    const mine = await body(await call(progressPage.loader, get("/policies/acknowledgements", await as(salesManager))));
    expect(mine.teams.map((t: { teamName: string }) => t.teamName)).toEqual(["Sales"]);
    expect(mine.teams[0]).toMatchObject({ members: 3, given: 1, expected: 3 });
    expect(mine.teams[0].policies).toEqual([
      {
        slug: policy.slug,
        title: "Expense claims need receipts",
        version: 1,
        acknowledged: 1,
        members: 3,
        missing: [
          { id: trickster.id, name: "=HYPERLINK(\"http://evil\")" },
          { id: salesManager.id, name: "Carmen Ruiz" },
        ],
      },
    ]);
    const all = await body(await call(progressPage.loader, get("/policies/acknowledgements", await as(admin))));
    expect(all.teams.map((t: { teamName: string; given: number; expected: number }) => [t.teamName, t.given, t.expected])).toEqual([
      ["Finance", 0, 2],
      ["Sales", 1, 3],
    ]);
    expect((await page(financeManager)).ackProgress).toEqual({ revision: 1, teams: ["Finance", "Sales"], given: 1, expected: 5 });
  });

  it("refuses employees, and managers asking for another team", async () => {
    expect((await call(progressPage.loader, get("/policies/acknowledgements", await as(seller)))).status).toBe(403);
    expect((await call(progressPage.loader, get(`/policies/acknowledgements?team=${financeId}`, await as(salesManager)))).status).toBe(403);
    expect((await call(progressCsv.loader, get("/policies/acknowledgements.csv", await as(seller)))).status).toBe(403);
  });

  it("exports one row per person asked, with when they acknowledged, safe to open in a spreadsheet", async () => {
    const res = await call(progressCsv.loader, get(`/policies/acknowledgements.csv?team=${salesId}`, await as(admin)));
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => [r.team, r.policy, r.revision, r.person, r.acknowledged_at])).toEqual([
      ["Sales", "Expense claims need receipts", "1", "'=HYPERLINK(\"http://evil\")", ""],
      ["Sales", "Expense claims need receipts", "1", "Carmen Ruiz", ""],
      ["Sales", "Expense claims need receipts", "1", "Kwame Mensah", "2026-03-03T10:00:00.000Z"],
    ]);
  });
});

describe("a new revision", () => {
  it("keeps asking for the revision asked until the managers ask for the new one, which asks everyone again", async () => {
    await revisePolicy({ actor: financeManager, policyId: policy.id, input: { ...policyToInput(getStore().data.policies[policy.id]), body: "Keep every receipt." }, note: "Plainer" });
    expect(getStore().data.policies[policy.id]).toMatchObject({ revision: 2, acknowledgeRevision: 1 });
    expect((await page(seller)).acknowledgement).toMatchObject({ version: 1, acknowledgedAt: "2026-03-03T10:00:00.000Z" });
    expect((await act(financeManager, "ask-acknowledgement")).status).toBe(302);
    expect((await page(seller)).acknowledgement).toEqual({ bound: true, version: 2, acknowledgedAt: null, previousVersion: 1 });
    expect((await forYou(seller)).toAcknowledge[0]).toMatchObject({ version: 2, renewed: true });
    const old = ackNotices().find((n) => n.personId === accountant.id && n.params.version === "1")!;
    expect(stillOwed(getStore(), old)).toEqual({ owed: false, reason: "the revision is no longer asked of the person" });
  });

  it("stops asking when the managers say so, and when the policy is retired", async () => {
    expect((await act(seller, "stop-acknowledgement")).status).toBe(403);
    expect((await act(financeManager, "stop-acknowledgement")).status).toBe(302);
    expect((await page(seller)).acknowledgement).toEqual({ bound: false });
    expect((await forYou(accountant)).toAcknowledgeCount).toBe(0);
    expect((await act(seller, "acknowledge")).status).toBe(409);

    await act(financeManager, "ask-acknowledgement");
    expect((await forYou(accountant)).toAcknowledgeCount).toBe(1);
    await call(policyPage.action, post(`/policies/${policy.slug}`, { intent: "retire", reason: "Receipts are scanned now" }, await as(financeManager)), { slug: policy.slug });
    expect((await forYou(accountant)).toAcknowledgeCount).toBe(0);
    expect((await act(financeManager, "ask-acknowledgement")).status).toBe(409);
  });
});
