/**
 * Internal strings stay inside: an adopted change's revision note and a retirement's reason name
 * their review by address in the stored text, and the policy page and its history hand the page
 * the review's title to show the address as a link. The stored notes are not rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as policyPage from "~/routes/policies.$slug";
import * as historyPage from "~/routes/policies.$slug_.history";
import { noteParts } from "~/lib/note-links";
import { submitProposal } from "~/models/proposal.server";
import { closeReview, openReview } from "~/models/review.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, sessionCookie } from "../support/requests";

let cookie: string;
let reviewId: string;
let revisedSlug: string;
let retiredSlug: string;

beforeAll(async () => {
  const { store } = await openTestStore();
  const clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  const team = await buildTeam({ name: "Finance" });
  const manager = await buildPerson({ role: "manager", teamId: team.id });
  const employee = await buildPerson({ teamId: team.id });
  const revised = await buildPolicy(manager, { title: "Expense claims need two signatures" });
  const retired = await buildPolicy(manager, { title: "Receipts are stapled to the form" });
  revisedSlug = revised.slug;
  retiredSlug = retired.slug;
  const review = await openReview({
    actor: manager,
    input: { title: "Expense claims: fewer signatures", description: "What can go?", policyIds: [revised.id, retired.id], deadline: "2026-03-16" },
  });
  reviewId = review.id;
  const reword = await submitProposal({
    actor: employee,
    reviewId,
    input: { policyId: revised.id, kind: "reword", title: "One signature", reasoning: "Nobody checks the second.", newBody: "One signature is enough." },
  });
  const remove = await submitProposal({
    actor: employee,
    reviewId,
    input: { policyId: retired.id, kind: "remove", title: "Stop stapling", reasoning: "We scan them anyway." },
  });
  clock.set("2026-03-20T09:00:00.000Z");
  await closeReview({
    actor: manager,
    reviewId,
    decisions: {
      [reword.id]: { outcome: "adopted", rationale: "Agreed." },
      [remove.id]: { outcome: "adopted", rationale: "Scans are kept." },
    },
  });
  cookie = await sessionCookie(employee.email, employee.password);
});
afterAll(closeTestStore);

describe("review addresses in revision notes", () => {
  it("are stored as written and shown as a link with the review's title on the policy page", async () => {
    const data = await body(await call(policyPage.loader, get(`/policies/${revisedSlug}`, cookie), { slug: revisedSlug }));
    const note = data.history.find((e: { note: string | null }) => e.note?.includes("/reviews/")).note as string;
    expect(note).toContain(`(/reviews/${reviewId})`);
    expect(data.noteReviews).toEqual({ [reviewId]: "Expense claims: fewer signatures" });
    const parts = noteParts(note, data.noteReviews, "a review");
    expect(parts).toContainEqual({ text: "Expense claims: fewer signatures", href: `/reviews/${reviewId}` });
    expect(parts.map((p) => p.text).join("")).not.toContain("/reviews/");
    // The stored revision keeps its text.
    const stored = Object.values(getStore().data.policyRevisions).find((r) => r.note.includes(reviewId));
    expect(stored?.note).toContain(`(/reviews/${reviewId})`);
  });

  it("are links on the history page too", async () => {
    const data = await body(await call(historyPage.loader, get(`/policies/${revisedSlug}/history`, cookie), { slug: revisedSlug }));
    expect(data.revisions.some((r: { note: string }) => r.note.includes(`/reviews/${reviewId}`))).toBe(true);
    expect(data.noteReviews).toEqual({ [reviewId]: "Expense claims: fewer signatures" });
  });

  it("are links in a retired policy's reason", async () => {
    const data = await body(await call(policyPage.loader, get(`/policies/${retiredSlug}`, cookie), { slug: retiredSlug }));
    expect(data.policy.retiredReason).toContain(`/reviews/${reviewId}`);
    expect(data.noteReviews[reviewId]).toBe("Expense claims: fewer signatures");
    const parts = noteParts(data.policy.retiredReason, data.noteReviews, "a review");
    expect(parts.filter((p) => "href" in p)).toEqual([{ text: "Expense claims: fewer signatures", href: `/reviews/${reviewId}` }]);
    expect(parts.map((p) => p.text).join("")).toBe("Scans are kept. — adopted proposal “Stop stapling” (Expense claims: fewer signatures)");
  });
});
