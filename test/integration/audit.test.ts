/**
 * The audit trail through real requests against a real store: sentences with links, filters by
 * kind, person, item and date (kept in the paging links), sign-ins only under their own filter,
 * the CSV export of exactly the filtered events, and admins only.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "~/routes/admin.audit";
import * as auditCsv from "~/routes/admin.audit_.export[.]csv";
import { resetSignInThrottle } from "~/lib/auth.server";
import { translator } from "~/i18n";
import { submitProposal } from "~/models/proposal.server";
import { closeReview, openReview } from "~/models/review.server";
import { castVote } from "~/models/vote.server";
import { startNotifier, stopNotifier } from "~/models/notification.server";
import { getStore } from "~/store/index.server";
import { getEnv } from "~/lib/env.server";
import type { AuditEntry } from "~/models/audit.server";
import { sentenceText } from "~/models/audit.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
type Page = { rows: AuditEntry[]; total: number; page: number; pages: number; errors: Record<string, string[]> | null };

let clock: ReturnType<typeof fixedClock>;
let admin: Person;
let maarten: Person;
let lotte: Person;
let employee: Person;
let adminCookie: string;
let reviewId: string;
let proposalId: string;
let policySlug: string;

const page = async (query: string, cookie = adminCookie) => {
  const res = await call(audit.loader, get(`/admin/audit${query}`, cookie));
  return { status: res.status, data: (await body(res)) as Page };
};

const csvRows = async (query: string, cookie = adminCookie) => {
  const res = await call(auditCsv.loader, get(`/admin/audit/export.csv${query}`, cookie));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/text\/csv/);
  return Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, "").trim()).data;
};

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  const finance = await buildTeam({ name: "Finance" });
  admin = await buildPerson({ role: "admin", teamId: finance.id, name: "Ada Admin", email: "ada@example.test" });
  maarten = await buildPerson({ role: "manager", teamId: finance.id, name: "Maarten de Vries", email: "maarten@example.test" });
  lotte = await buildPerson({ teamId: finance.id, name: "Lotte Jansen", email: "lotte@example.test" });
  employee = await buildPerson({ teamId: finance.id, name: "Eve Employee", email: "eve@example.test" });
  // 100 × (10 + 20) / 60 = 50 customer hours a month
  const policy = await buildPolicy(maarten, { title: "Expense claims need two signatures" });
  policySlug = policy.slug;
  clock.set("2026-03-03T10:00:00.000Z");
  const review = await openReview({
    actor: maarten,
    input: { title: "Expense claims", description: "Can one signature do?", policyIds: [policy.id], deadline: "2026-03-16" },
  });
  reviewId = review.id;
  clock.set("2026-03-04T10:00:00.000Z");
  const proposal = await submitProposal({
    actor: lotte,
    reviewId,
    input: { policyId: policy.id, kind: "remove", title: "Drop the second signature", reasoning: "Nobody checks it." },
  });
  proposalId = proposal.id;
  await castVote({ actor: lotte, proposalId, input: { position: "agree" } });
  // A sign-in on a day of its own.
  clock.set("2026-03-10T08:00:00.000Z");
  resetSignInThrottle();
  await sessionCookie(lotte.email, lotte.password);
  clock.set("2026-03-20T10:00:00.000Z");
  await closeReview({ actor: maarten, reviewId, decisions: { [proposalId]: { outcome: "adopted", rationale: "One signature is enough." } } });
  adminCookie = await sessionCookie(admin.email, admin.password);
  // The notifier records who is told of all this: the app's own bookkeeping, in the log too.
  await startNotifier(store, { fromStart: true, sweepEveryMs: 3_600_000 });
  await store.whenDurable();
});
afterAll(async () => {
  stopNotifier();
  await closeTestStore();
});

describe("the audit trail", () => {
  it("is for admins only", async () => {
    const cookie = await sessionCookie(employee.email, employee.password);
    const managerCookie = await sessionCookie(maarten.email, maarten.password);
    expect((await call(audit.loader, get("/admin/audit", cookie))).status).toBe(403);
    expect((await call(audit.loader, get("/admin/audit", managerCookie))).status).toBe(403);
    expect((await call(auditCsv.loader, get("/admin/audit/export.csv", cookie))).status).toBe(403);
    expect((await call(auditCsv.loader, get("/admin/audit/export.csv", managerCookie))).status).toBe(403);
    const anonymous = await call(audit.loader, get("/admin/audit"));
    expect(anonymous.status).toBe(302);
  });

  it("tells each event as a sentence, with links to the person and the item", async () => {
    const { data } = await page("");
    const closed = data.rows.find((r) => r.type === "review.closed")!;
    expect(closed.actor).toEqual({ name: "Maarten de Vries", href: `/admin/people/${maarten.id}` });
    expect(closed.item).toEqual({ label: "Expense claims", href: `/reviews/${reviewId}` });
    expect(sentenceText(translator("en"), closed)).toBe(
      "Maarten de Vries closed the review Expense claims: 1 proposal adopted, 50 customer hours a month removed",
    );
    expect(sentenceText(translator("nl"), closed)).toBe(
      "Maarten de Vries sloot de evaluatie Expense claims: 1 voorstel aangenomen, 50 klanturen per maand weggenomen",
    );
    const vote = data.rows.find((r) => r.type === "proposal.voted")!;
    expect(vote.item).toEqual({ label: "Drop the second signature", href: `/reviews/${reviewId}#proposal-${proposalId}` });
    expect(sentenceText(translator("en"), vote)).toBe("Lotte Jansen agreed with the proposal Drop the second signature");
    const revised = data.rows.find((r) => r.type === "policy.retired" || r.type === "policy.revised")!;
    expect(revised.item?.href).toBe(`/policies/${policySlug}`);
    // No raw codes, JSON or ids in what the page is given to show.
    for (const r of data.rows) expect(JSON.stringify(r.values)).not.toMatch(/[{[]"?(before|after|decisions)/);
  });

  it("keeps sign-ins out of the default view and shows them under their own filter", async () => {
    const all = getStore().activity;
    const signIns = all.filter((e) => e.type === "person.signed-in" || e.type === "person.signed-out" || e.type === "person.sign-in-refused");
    expect(signIns.length).toBeGreaterThan(2);
    const bookkeeping = all.filter((e) => e.type === "notifications.recorded" || e.type === "notifications.read" || e.type.startsWith("delivery."));
    expect(bookkeeping.length).toBeGreaterThan(0);
    const { data } = await page("");
    expect(data.rows.some((r) => r.type.startsWith("person.sign"))).toBe(false);
    // Nor the app's own mail bookkeeping: that is under the notifications kind.
    expect(data.rows.some((r) => r.type === "notifications.recorded" || r.type.startsWith("delivery."))).toBe(false);
    expect(data.total).toBe(all.length - signIns.length - bookkeeping.length);
    const mail = await page("?kind=notification");
    expect(mail.data.rows.some((r) => r.type === "notifications.recorded")).toBe(true);
    // Not under "people" either.
    const people = await page("?kind=person");
    expect(people.data.rows.length).toBeGreaterThan(0);
    expect(people.data.rows.every((r) => r.kind === "person" && !r.type.startsWith("person.sign"))).toBe(true);
    const only = await page("?kind=sign-ins");
    expect(only.data.total).toBe(signIns.length);
    expect(only.data.rows.every((r) => r.kind === "sign-ins")).toBe(true);
    expect(sentenceText(translator("en"), only.data.rows.find((r) => r.actor?.name === "Lotte Jansen")!)).toBe("Lotte Jansen signed in with a password");
  });

  it("filters by kind, event, person, item and date range, together", async () => {
    const reviews = await page("?kind=review");
    expect(new Set(reviews.data.rows.map((r) => r.type))).toEqual(new Set(["review.opened", "proposal.submitted", "proposal.voted", "review.closed"]));
    const votes = await page("?kind=proposal.voted");
    expect(votes.data.rows.map((r) => r.type)).toEqual(["proposal.voted"]);
    // A person: what they did, by a part of their name without its accents, or their email.
    const lotteRows = await page("?person=LOTTE");
    expect(lotteRows.data.rows.length).toBeGreaterThan(0);
    expect(lotteRows.data.rows.every((r) => r.actor?.name === "Lotte Jansen" || r.item?.label === "Lotte Jansen")).toBe(true);
    expect((await page("?person=lotte%40example.test")).data.total).toBe(lotteRows.data.total);
    // An item by part of its title; a proposal is found by its review's title too.
    const item = await page("?item=expense%20claims");
    expect(item.data.rows.map((r) => r.type)).toEqual(expect.arrayContaining(["review.closed", "review.opened", "proposal.voted", "policy.created"]));
    expect(item.data.rows.every((r) => /expense claims/i.test(r.item?.label ?? "") || r.item?.href?.startsWith(`/reviews/${reviewId}`))).toBe(true);
    // Dates are whole days, both ends included.
    const day = await page("?from=2026-03-04&to=2026-03-04");
    expect(day.data.rows.map((r) => r.type).sort()).toEqual(["proposal.submitted", "proposal.voted"]);
    expect(day.data.rows.every((r) => r.at.startsWith("2026-03-04"))).toBe(true);
    const combined = await page("?kind=review&person=maarten&from=2026-03-20");
    expect(combined.data.rows.map((r) => r.type)).toEqual(["review.closed"]);
    // Sign-ins by date.
    expect((await page("?kind=sign-ins&from=2026-03-10&to=2026-03-10")).data.rows.map((r) => r.actor?.name)).toEqual(["Lotte Jansen"]);
  });

  it("refuses a filter it cannot read with a 400 and the problem beside the field", async () => {
    for (const [query, field] of [
      ["?from=2026-13-40", "from"],
      ["?to=yesterday", "to"],
      ["?from=2026-03-10&to=2026-03-01", "to"],
      ["?kind=everything", "kind"],
      [`?person=${"x".repeat(201)}`, "person"],
    ] as const) {
      const { status, data } = await page(query);
      expect(status, query).toBe(400);
      expect(Object.keys(data.errors ?? {}), query).toContain(field);
      expect(data.rows).toEqual([]);
      expect((await call(auditCsv.loader, get(`/admin/audit/export.csv${query}`, adminCookie))).status, query).toBe(400);
    }
  });

  it("pages fifty at a time, every page under the same filters", async () => {
    // Sixty more events: read notifications twice a day would be dull; rename a team sixty times.
    const { updateTeam } = await import("~/models/team.server");
    const team = getStore().data.teams[admin.teamId];
    for (let i = 0; i < 60; i++) {
      const current = getStore().data.teams[team.id];
      await updateTeam({ actor: admin, teamId: team.id, input: { name: `Finance ${i}`, slug: current.slug, description: "" } });
    }
    const first = await page("?kind=team&person=ada");
    expect(first.data.total).toBe(60);
    expect(first.data.pages).toBe(2);
    expect(first.data.rows).toHaveLength(50);
    const second = await page("?kind=team&person=ada&page=2");
    expect(second.data.rows).toHaveLength(10);
    expect(sentenceText(translator("en"), second.data.rows[9])).toBe("Ada Admin changed the team Finance 59 (renamed from Finance)");
  });

  it("exports exactly the filtered events as spreadsheet-safe CSV, in the reader's language", async () => {
    for (const query of ["", "?kind=review", "?kind=sign-ins", "?person=lotte&from=2026-03-04&to=2026-03-10", "?kind=team"]) {
      const shown: AuditEntry[] = [];
      const first = await page(query);
      for (let p = 1; p <= first.data.pages; p++) shown.push(...(await page(`${query}${query ? "&" : "?"}page=${p}`)).data.rows);
      const [header, ...rows] = await csvRows(query);
      expect(header).toEqual(["number", "when (UTC)", "who", "what happened", "event", "item", "link"]);
      expect(rows.map((r) => Number(r[0])), query).toEqual(shown.map((r) => r.seq));
      expect(rows.map((r) => r[3]), query).toEqual(shown.map((r) => sentenceText(translator("en"), r)));
      expect(rows.map((r) => r[6]), query).toEqual(shown.map((r) => (r.item?.href ? `${getEnv().APP_URL}${r.item.href}` : "")));
    }
    // A title that a spreadsheet would run as a formula is defused.
    const { updateTeam } = await import("~/models/team.server");
    const team = getStore().data.teams[admin.teamId];
    await updateTeam({ actor: admin, teamId: team.id, input: { name: "=HYPERLINK(\"http://evil.test\")", slug: team.slug, description: "" } });
    const [, newest] = await csvRows("?kind=team.updated");
    expect(newest[3]).toBe('Ada Admin changed the team =HYPERLINK("http://evil.test") (renamed from Finance 59)');
    expect(newest[5]).toBe(`'=HYPERLINK("http://evil.test")`);
    // Dutch column names for a Dutch reader.
    const dutch = await call(auditCsv.loader, new Request("http://untangle.test/admin/audit/export.csv", { headers: { Cookie: adminCookie, "Accept-Language": "nl" } }));
    const person = getStore().data.people[admin.id];
    expect(person.locale).toBeUndefined();
    const [header] = Papa.parse<string[]>((await dutch.text()).replace(/^\uFEFF/, "")).data;
    expect(header).toEqual(["nummer", "wanneer (UTC)", "wie", "wat er gebeurde", "gebeurtenis", "onderdeel", "link"]);
  });
});
