/**
 * Votes under concurrency: many people voting at the same instant are all counted; one person
 * sending many votes at once ends with exactly one; nothing counts while a review is closing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeStore, getStore, openStore } from "~/store/index.server";
import { hashPassword } from "~/lib/password.server";
import { createPerson } from "~/models/person.server";
import { submitProposal } from "~/models/proposal.server";
import { closeReview, openReview } from "~/models/review.server";
import { castVote, tallyFor } from "~/models/vote.server";
import type { Actor } from "~/models/actor";
import { VOTE_POSITIONS } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";

let dir: string;
let manager: Actor;
let proposalId: string;
let reviewId: string;
let teamId: string;

beforeEach(async () => {
  const opened = await openTestStore();
  dir = opened.dir;
  opened.store.clock = fixedClock("2026-03-02T09:00:00.000Z");
  teamId = (await buildTeam()).id;
  manager = await buildPerson({ teamId, role: "manager" });
  const policy = await buildPolicy(manager);
  const review = await openReview({ actor: manager, input: { title: "Busy review", policyIds: [policy.id], deadline: "2026-03-20" } });
  reviewId = review.id;
  const proposal = await submitProposal({ actor: manager, reviewId, input: { policyId: policy.id, kind: "reword", title: "Plainer", reasoning: "Yes." } });
  proposalId = proposal.id;
});

afterEach(async () => {
  await closeTestStore();
});

async function people(n: number): Promise<Actor[]> {
  const passwordHash = await hashPassword("not-used-here");
  const list: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const p = await createPerson({
      actor: null,
      input: { name: `Voter ${i}`, email: `voter-${i}@example.test`, teamId, role: "employee", password: "not-used-here" },
      passwordHash,
    });
    list.push({ id: p.id, name: p.name, role: p.role, teamId: p.teamId });
  }
  return list;
}

describe("voting at the same instant", () => {
  it("a hundred distinct voters at once are all counted, and durably", async () => {
    const voters = await people(100);
    const results = await Promise.allSettled(
      voters.map((actor, i) =>
        castVote({ actor, proposalId, input: i % 4 === 3 ? { position: "disagree", reason: `Reason ${i}` } : { position: "agree" } }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(tallyFor(proposalId)).toEqual({ agree: 75, abstain: 0, disagree: 25, block: 0, total: 100 });

    // Reopen the store from disk: every acknowledged vote is there.
    await closeStore();
    const reopened = await openStore(dir);
    expect(Object.values(reopened.data.votes).filter((v) => v.proposalId === proposalId)).toHaveLength(100);
  });

  it("one voter's parallel votes leave exactly one vote", async () => {
    const [voter] = await people(1);
    const inputs = Array.from({ length: 40 }, (_, i) => {
      const position = VOTE_POSITIONS[i % VOTE_POSITIONS.length];
      return { position, reason: position === "disagree" || position === "block" ? `Because ${i}` : "" };
    });
    await Promise.all(inputs.map((input) => castVote({ actor: voter, proposalId, input })));
    const votes = Object.values(getStore().data.votes).filter((v) => v.proposalId === proposalId);
    expect(votes).toHaveLength(1);
    expect(votes[0].id).toBe(`${proposalId}:${voter.id}`);
    expect(tallyFor(proposalId).total).toBe(1);
    // The last one sent is the one that stands.
    expect(votes[0].position).toBe(inputs[inputs.length - 1].position);
  });

  it("votes racing a close are either counted before it or refused, never after", async () => {
    const voters = await people(30);
    const votes = voters.map((actor) => castVote({ actor, proposalId, input: { position: "agree" } }).then(() => "ok", (e: Error) => e.constructor.name));
    const closing = closeReview({ confirmEarly: true, actor: manager, reviewId, decisions: { [proposalId]: { outcome: "adopted", rationale: "Plain is better." } } });
    const late = voters.map((actor) => castVote({ actor, proposalId, input: { position: "abstain" } }).then(() => "ok", (e: Error) => e.constructor.name));
    const outcomes = await Promise.all([...votes, ...late]);
    await closing;
    expect(outcomes.slice(0, 30).every((o) => o === "ok")).toBe(true);
    expect(outcomes.slice(30).every((o) => o === "ConflictError")).toBe(true);
    expect(tallyFor(proposalId)).toMatchObject({ agree: 30, abstain: 0 });
    const closedAt = getStore().data.reviews[reviewId].closedAt!;
    expect(Object.values(getStore().data.votes).every((v) => v.at <= closedAt)).toBe(true);
  });
});
