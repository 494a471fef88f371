/**
 * The demo organisation does not contradict itself: every review, proposal, vote, comment and
 * adopted revision refers to the policy it is about, and a review's policies are the ones its
 * title speaks of (a review of leave requests does not adopt a revision of the salary policy).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { pendingPolicyAcknowledgements } from "~/models/acknowledgement.server";
import { closeTestStore, openTestStore } from "../factories";

beforeAll(async () => {
  await openTestStore({ demo: true });
}, 120_000);
afterAll(closeTestStore);

/** Words that say nothing about what a review or policy is about. */
const FILLER = new Set(["without", "with", "from", "fewer", "faster", "money", "click", "step", "only", "need", "needs", "over", "each", "than", "that", "this", "what", "when", "time", "chase", "decide", "agent", "ping"]);

/** The words of a text, each cut to its first four letters so that "forms" meets "form". */
function stems(text: string) {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 4 && !FILLER.has(w))
      .map((w) => w.slice(0, 4)),
  );
}

describe("the demo's reviews, proposals and revisions", () => {
  it("has reviews, proposals, votes and adopted revisions to check", () => {
    const { reviews, proposals, votes, policyRevisions } = getStore().data;
    expect(Object.keys(reviews).length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(proposals).length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(votes).length).toBeGreaterThan(50);
    expect(Object.values(policyRevisions).filter((r) => r.source).length).toBeGreaterThanOrEqual(4);
  });

  it("puts every proposal on a policy of its own review, and its votes and comments on that proposal's review", () => {
    const { reviews, proposals, votes, comments, policies } = getStore().data;
    for (const p of Object.values(proposals)) {
      const review = reviews[p.reviewId];
      expect(review, `proposal "${p.title}"`).toBeDefined();
      expect(policies[p.policyId], `proposal "${p.title}"`).toBeDefined();
      expect(review.policyIds, `proposal "${p.title}" in review "${review.title}"`).toContain(p.policyId);
    }
    for (const v of Object.values(votes)) expect(proposals[v.proposalId]?.reviewId).toBe(v.reviewId);
    for (const c of Object.values(comments)) expect(proposals[c.proposalId]?.reviewId).toBe(c.reviewId);
  });

  it("makes each adopted proposal a revision of its own policy, from its own review, and nothing else a revision from a review", () => {
    const { proposals, policyRevisions, reviews, policies } = getStore().data;
    const fromReviews = Object.values(policyRevisions).filter((r) => r.source);
    for (const revision of fromReviews) {
      const proposal = proposals[revision.source!.proposalId];
      const what = `revision ${revision.number} of "${policies[revision.policyId]?.title}"`;
      expect(proposal, what).toBeDefined();
      expect(proposal.status, what).toBe("adopted");
      expect(proposal.policyId, `${what} comes from "${proposal.title}"`).toBe(revision.policyId);
      expect(proposal.reviewId, what).toBe(revision.source!.reviewId);
      expect(reviews[revision.source!.reviewId].policyIds, what).toContain(revision.policyId);
    }
    // Every adopted change of text, estimates or fields has its revision; a retirement has none.
    for (const p of Object.values(proposals)) {
      if (p.status !== "adopted" || p.kind === "remove") continue;
      if (!p.newBody && !p.newFriction && !p.newFields) continue;
      const revisions = fromReviews.filter((r) => r.source!.proposalId === p.id);
      expect(revisions, `adopted proposal "${p.title}"`).toHaveLength(1);
    }
  });

  it("reviews the policies its title speaks of: each policy shares a word with the review's title", () => {
    const { reviews, policies, policyRevisions } = getStore().data;
    for (const review of Object.values(reviews)) {
      const words = stems(review.title);
      for (const policyId of review.policyIds) {
        // The policy as it was when the review opened: its first revision says what it is about.
        const first = policyRevisions[`${policyId}:1`]?.content ?? policies[policyId];
        const text = stems(`${first.title} ${first.summary} ${first.body}`);
        const shared = [...words].filter((w) => text.has(w));
        expect(shared, `review "${review.title}" of "${first.title}"`).not.toEqual([]);
      }
    }
  });

  it("keeps each proposal's words about its own policy: an adopted revision's policy is the one the proposal's review is about", () => {
    const { reviews, proposals, policies } = getStore().data;
    const leave = Object.values(reviews).find((r) => r.title === "Leave requests in one step")!;
    expect(leave.policyIds.map((id) => policies[id].title)).toEqual(["Leave requests over 5 days need HR sign-off"]);
    const adopted = Object.values(proposals).filter((p) => p.reviewId === leave.id && p.status === "adopted");
    expect(adopted.map((p) => policies[p.policyId].title)).toEqual(["Leave requests over 5 days need HR sign-off"]);
  });
});

describe("the demo's policy acknowledgements", () => {
  it("acknowledge a revision the policy asked of the person's team, and leave the demo employee one to do", () => {
    const { policyAcknowledgements, policies, people } = getStore().data;
    const acks = Object.values(policyAcknowledgements);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      const policy = policies[a.policyId];
      expect(policy.acknowledgeRevision).toBe(a.revision);
      expect(a.revision).toBeLessThanOrEqual(policy.revision);
      expect([policy.teamId, ...policy.audienceTeamIds]).toContain(people[a.personId].teamId);
    }
    const employee = Object.values(people).find((p) => p.email === "employee@example.com")!;
    expect(pendingPolicyAcknowledgements(employee).map((p) => p.title)).toEqual(["Identity check before changing an account's email address"]);
  });
});
