/**
 * The review pages' loaders and actions, driven with real requests and sessions: who may see and
 * do what, forms that answer with errors beside the fields, the vote that works with and without
 * JavaScript, hidden tallies that never leave the server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as reviewsIndex from "~/routes/reviews._index";
import * as reviewsQueue from "~/routes/reviews.queue";
import * as reviewsNew from "~/routes/reviews.new";
import * as reviewPage from "~/routes/reviews.$id._index";
import * as propose from "~/routes/reviews.$id.propose";
import * as closePage from "~/routes/reviews.$id.close";
import * as editPage from "~/routes/reviews.$id.proposals.$proposalId.edit";
import { resetSignInThrottle } from "~/lib/auth.server";
import { getStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
let clock: ReturnType<typeof fixedClock>;
let manager: Person;
let otherManager: Person;
let admin: Person;
let employee: Person;
let colleague: Person;
let cookies: Record<"manager" | "otherManager" | "admin" | "employee" | "colleague", string>;
let policy: Policy;
let mandated: Policy;

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-04-01T09:00:00.000Z");
  store.clock = clock;
  const team = await buildTeam({ name: "Finance" });
  const other = await buildTeam({ name: "Sales" });
  manager = await buildPerson({ teamId: team.id, role: "manager" });
  otherManager = await buildPerson({ teamId: other.id, role: "manager" });
  admin = await buildPerson({ teamId: other.id, role: "admin" });
  employee = await buildPerson({ teamId: other.id });
  colleague = await buildPerson({ teamId: team.id });
  cookies = {
    manager: await sessionCookie(manager.email, manager.password),
    otherManager: await sessionCookie(otherManager.email, otherManager.password),
    admin: await sessionCookie(admin.email, admin.password),
    employee: await sessionCookie(employee.email, employee.password),
    colleague: await sessionCookie(colleague.email, colleague.password),
  };
  policy = await buildPolicy(manager, { title: "Invoices need two signatures" });
  mandated = await buildPolicy(manager, { title: "Keep receipts", mandate: "regulator" });
});
afterAll(closeTestStore);
beforeEach(() => {
  resetSignInThrottle();
  clock.set("2026-04-01T09:00:00.000Z");
});

function reviewIdFrom(res: Response) {
  const location = res.headers.get("Location") ?? "";
  const match = /^\/reviews\/([^/#?]+)/.exec(location);
  if (!match) throw new Error(`not a review address: ${location}`);
  return match[1];
}

async function openReviewAsManager(fields: Record<string, string | string[]> = {}) {
  const res = await call(
    reviewsNew.action,
    post("/reviews/new", { title: "Invoices without the chase", description: "Less *waiting*.", policyIds: [policy.id, mandated.id], deadline: "2026-04-15", ...fields }, cookies.manager),
  );
  expect(res.status).toBe(302);
  return reviewIdFrom(res);
}

describe("who may open reviews and see the queue", () => {
  it("sends the signed-out to sign in and gives employees 403 on the queue and the new-review form", async () => {
    const anonymous = await call(reviewsIndex.loader, get("/reviews"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect((await call(reviewsQueue.loader, get("/reviews/queue", cookies.employee))).status).toBe(403);
    expect((await call(reviewsNew.loader, get("/reviews/new", cookies.employee))).status).toBe(403);
    expect((await call(reviewsNew.action, post("/reviews/new", { title: "x" }, cookies.employee))).status).toBe(403);
  });

  it("shows managers the queue with each score's parts, and pre-fills a new review from it", async () => {
    const queue = await body(await call(reviewsQueue.loader, get("/reviews/queue", cookies.manager)));
    const row = queue.rows.find((r: { policyId: string }) => r.policyId === policy.id);
    expect(row.parts).toMatchObject({ hours: { value: 50, points: 50 }, purpose: { missing: false, points: 0 } });
    expect(row.canOpen).toBe(true);
    const form = await body(await call(reviewsNew.loader, get(`/reviews/new?policy=${policy.slug}`, cookies.manager)));
    expect(form.prefillId).toBe(policy.id);
    expect(form.policies.map((p: { id: string }) => p.id)).toContain(policy.id);
    // Another team's manager cannot review this team's policies, even by tampering with the form.
    const tampered = await call(reviewsNew.action, post("/reviews/new", { title: "Mine", policyIds: policy.id, deadline: "2026-04-15" }, cookies.otherManager));
    expect(tampered.status).toBe(403);
  });

  it("answers a bad new-review form with errors beside the fields and keeps what was typed", async () => {
    const res = await call(reviewsNew.action, post("/reviews/new", { title: "Keep me", deadline: "2026-03-01" }, cookies.manager));
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.errors.policyIds).toBeDefined();
    expect(data.values.title).toBe("Keep me");
  });
});

describe("a whole review through the pages", () => {
  it("opens, takes proposals and votes (with and without JavaScript), and closes with decisions", async () => {
    const id = await openReviewAsManager();
    expect(getStore().data.policies[policy.id].status).toBe("under-review");

    // A mandated policy cannot be proposed for removal.
    const refused = await call(propose.action, post(`/reviews/${id}/propose`, { policyId: mandated.id, kind: "remove", title: "Drop", reasoning: "Why keep it?" }, cookies.employee), { id });
    expect(refused.status).toBe(400);
    expect(inEnglish((await body(refused)).errors.kind[0])).toMatch(/cannot be removed/);

    const made = await call(
      propose.action,
      post(
        `/reviews/${id}/propose`,
        {
          policyId: policy.id,
          kind: "delegate",
          title: "One signature is enough",
          reasoning: "<script>alert(1)</script>Nobody *checks* the second.",
          newBody: "Invoices need one signature.",
          approvals: "0",
          waitingMinutes: "5",
        },
        cookies.employee,
      ),
      { id },
    );
    expect(made.status).toBe(302);
    const proposalId = (made.headers.get("Location") ?? "").split("#proposal-")[1];
    const other = await call(propose.action, post(`/reviews/${id}/propose`, { policyId: policy.id, kind: "other", title: "Drop both", reasoning: "Trust." }, cookies.colleague), { id });
    const otherId = (other.headers.get("Location") ?? "").split("#proposal-")[1];

    // A disagree needs a reason: the fetcher gets the error as data.
    const noReason = await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId, position: "disagree", via: "fetcher" }, cookies.colleague), { id });
    expect(noReason.status).toBe(400);
    expect(inEnglish((await body(noReason)).errors.reason[0])).toMatch(/why you disagree/);
    // With JavaScript: answered in place.
    const inPlace = await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId, position: "disagree", reason: "The second signature caught an error once.", via: "fetcher" }, cookies.colleague), { id });
    expect(inPlace.status).toBe(200);
    expect(await body(inPlace)).toMatchObject({ ok: true, proposalId });
    // Without JavaScript: back to the proposal with a notice.
    const plain = await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId: otherId, position: "agree" }, cookies.employee), { id });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe(`/reviews/${id}#proposal-${otherId}`);
    // A proposal of another review is not reachable through this one.
    const wrong = await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId: "nope", position: "agree" }, cookies.employee), { id });
    expect(wrong.status).toBe(404);

    const page = await body(await call(reviewPage.loader, get(`/reviews/${id}`, cookies.employee), { id }));
    expect(page.policies.map((p: { title: string }) => p.title)).toEqual(["Invoices need two signatures", "Keep receipts"]);
    const card = page.proposals.find((p: { id: string }) => p.id === proposalId);
    expect(card.reasoningHtml).not.toContain("<script");
    expect(card.friction.hoursSaved).toBe(50 - (100 * 15) / 60);
    expect(card.votes.tally).toMatchObject({ disagree: 1, total: 1 });
    expect(card.can).toMatchObject({ edit: true, withdraw: true, vote: true });
    expect(page.can).toEqual({ propose: true, close: false });
    expect(JSON.stringify(page)).not.toMatch(/passwordHash|email/);

    // The author edits; someone else cannot.
    expect((await call(editPage.loader, get(`/reviews/${id}/proposals/${proposalId}/edit`, cookies.colleague), { id, proposalId })).status).toBe(403);
    const edited = await call(
      editPage.action,
      post(`/reviews/${id}/proposals/${proposalId}/edit`, { title: "One signature is enough", reasoning: "Nobody checks the second.", newBody: "Invoices need one signature from the budget holder.", approvals: "0", waitingMinutes: "5" }, cookies.employee),
      { id, proposalId },
    );
    expect(edited.status).toBe(302);
    expect(getStore().data.proposals[proposalId].version).toBe(2);

    // Only the owner (or an admin) reaches the close form.
    expect((await call(closePage.loader, get(`/reviews/${id}/close`, cookies.employee), { id })).status).toBe(403);
    expect((await call(closePage.loader, get(`/reviews/${id}/close`, cookies.otherManager), { id })).status).toBe(403);
    expect((await call(closePage.action, post(`/reviews/${id}/close`, {}, cookies.colleague), { id })).status).toBe(403);
    const closeForm = await body(await call(closePage.loader, get(`/reviews/${id}/close`, cookies.manager), { id }));
    expect(closeForm.open.map((p: { id: string }) => p.id).sort()).toEqual([proposalId, otherId].sort());

    const incomplete = await call(closePage.action, post(`/reviews/${id}/close`, { [`outcome.${proposalId}`]: "adopted" }, cookies.manager), { id });
    expect(incomplete.status).toBe(400);
    const errors = (await body(incomplete)).errors;
    expect(errors[`rationale.${proposalId}`]).toBeDefined();
    expect(errors[`outcome.${otherId}`]).toBeDefined();

    clock.set("2026-04-16T08:00:00.000Z");
    // Sessions follow the clock too: sign in again after the jump.
    cookies.employee = await sessionCookie(employee.email, employee.password);
    cookies.manager = await sessionCookie(manager.email, manager.password);
    const late = await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId, position: "agree", via: "fetcher" }, cookies.employee), { id });
    expect(late.status).toBe(409);
    expect(inEnglish((await body(late)).formError)).toMatch(/deadline/);

    const closed = await call(
      closePage.action,
      post(
        `/reviews/${id}/close`,
        {
          [`outcome.${proposalId}`]: "adopted",
          [`rationale.${proposalId}`]: "The budget holder already checks the work.",
          [`outcome.${otherId}`]: "rejected",
          [`rationale.${otherId}`]: "Some check must remain.",
        },
        cookies.manager,
      ),
      { id },
    );
    expect(closed.status).toBe(302);
    const revised = getStore().data.policies[policy.id];
    expect(revised).toMatchObject({ revision: 2, status: "active", body: "Invoices need one signature from the budget holder.", lastReviewedOn: "2026-04-16" });
    expect(revised.friction).toMatchObject({ approvals: 0, waitingMinutes: 5 });

    const list = await body(await call(reviewsIndex.loader, get("/reviews", cookies.employee)));
    const row = list.closed.find((r: { id: string }) => r.id === id);
    expect(row.summary).toMatchObject({ adopted: 1, rejected: 1, hoursRemoved: 25 });
  });

  it("keeps hidden tallies on the server until close, while each voter sees their own vote", async () => {
    const id = await openReviewAsManager({ policyIds: [policy.id], hideTallies: "on" });
    const made = await call(propose.action, post(`/reviews/${id}/propose`, { policyId: policy.id, kind: "reword", title: "Plainer", reasoning: "Jargon." }, cookies.employee), { id });
    const proposalId = (made.headers.get("Location") ?? "").split("#proposal-")[1];
    await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId, position: "block", reason: "Secret worry", via: "fetcher" }, cookies.colleague), { id });
    await call(reviewPage.action, post(`/reviews/${id}`, { intent: "vote", proposalId, position: "agree", via: "fetcher" }, cookies.employee), { id });

    const asEmployee = await call(reviewPage.loader, get(`/reviews/${id}`, cookies.employee), { id });
    const text = await asEmployee.text();
    expect(text).not.toContain("Secret worry");
    const data = JSON.parse(text);
    expect(data.proposals[0].votes).toMatchObject({ hidden: true, tally: null, voters: null, count: 2, myVote: { position: "agree" } });
    const asOwner = await body(await call(reviewPage.loader, get(`/reviews/${id}`, cookies.manager), { id }));
    expect(asOwner.proposals[0].votes.tally).toBeNull();
    // The owner sees the block when deciding.
    const closeForm = await body(await call(closePage.loader, get(`/reviews/${id}/close`, cookies.manager), { id }));
    expect(closeForm.open[0].blocks).toEqual([{ name: colleague.name, reason: "Secret worry" }]);

    await call(closePage.action, post(`/reviews/${id}/close`, { [`outcome.${proposalId}`]: "deferred", [`rationale.${proposalId}`]: "We need to hear the worry first." }, cookies.admin), { id });
    const after = await body(await call(reviewPage.loader, get(`/reviews/${id}`, cookies.employee), { id }));
    expect(after.proposals[0].votes.tally).toMatchObject({ agree: 1, block: 1 });
  });

  it("answers an unknown review with 404", async () => {
    expect((await call(reviewPage.loader, get("/reviews/nope", cookies.employee), { id: "nope" })).status).toBe(404);
    expect((await call(propose.loader, get("/reviews/nope/propose", cookies.employee), { id: "nope" })).status).toBe(404);
    expect((await call(closePage.loader, get("/reviews/nope/close", cookies.admin), { id: "nope" })).status).toBe(404);
  });
});
