/**
 * The demo organisation's reviews: closed ones over the past half year with votes from many
 * people, decisions with rationales and friction removed; one open review near its deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { reviewHistoryForPolicy } from "~/models/review.server";
import { closeTestStore, openTestStore } from "../factories";

beforeAll(async () => {
  await openTestStore({ demo: true });
}, 120_000);
afterAll(closeTestStore);

const DAY = 86_400_000;

describe("demo reviews", () => {
  it("has several closed reviews between 190 and 10 days ago, and one open review with a near deadline", () => {
    const now = Date.now();
    const reviews = Object.values(getStore().data.reviews);
    const closed = reviews.filter((r) => r.status === "closed");
    const open = reviews.filter((r) => r.status === "open");
    expect(closed.length).toBeGreaterThanOrEqual(5);
    for (const r of closed) {
      const opened = (now - Date.parse(r.openedAt)) / DAY;
      const closedAgo = (now - Date.parse(r.closedAt!)) / DAY;
      expect(opened).toBeLessThanOrEqual(191);
      expect(closedAgo).toBeGreaterThanOrEqual(9.5);
    }
    expect(open).toHaveLength(1);
    const left = (Date.parse(open[0].deadline) - now) / DAY;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(3);
    const managerId = Object.values(getStore().data.people).find((p) => p.email === "manager@example.com")!.id;
    expect(open[0].ownerId).toBe(managerId);
    for (const id of open[0].policyIds) expect(getStore().data.policies[id].status).toBe("under-review");
  });

  it("decisions have rationales, adopted changes removed friction through revisions, and many people voted", () => {
    const { proposals, votes, policyRevisions } = getStore().data;
    const decided = Object.values(proposals).filter((p) => p.decision);
    expect(new Set(decided.map((p) => p.status))).toEqual(new Set(["adopted", "rejected", "deferred"]));
    expect(decided.every((p) => p.decision!.rationale.length > 10)).toBe(true);
    const removed = decided.reduce((sum, p) => sum + p.decision!.hoursRemoved, 0);
    expect(removed).toBeGreaterThan(0);
    const fromReviews = Object.values(policyRevisions).filter((r) => r.source);
    expect(fromReviews.length).toBeGreaterThanOrEqual(4);
    expect(new Set(Object.values(votes).map((v) => v.personId)).size).toBeGreaterThanOrEqual(12);
    expect(Object.values(votes).some((v) => v.position === "block" && v.reason)).toBe(true);
    expect(Object.values(proposals).some((p) => p.implementation === "done")).toBe(true);
  });

  it("each reviewed policy shows its history", async () => {
    const adopted = Object.values(getStore().data.proposals).find((p) => p.status === "adopted" && p.newBody)!;
    const history = await reviewHistoryForPolicy(adopted.policyId);
    const entry = history.find((h) => h.review.id === adopted.reviewId)!;
    const shown = entry.proposals.find((p) => p.id === adopted.id)!;
    expect(shown.decision?.rationale).toBe(adopted.decision!.rationale);
    expect(shown.revisionNumber).toBeGreaterThan(1);
  });
});
