/**
 * Votes on proposals: agree, abstain, disagree or block, one per person per proposal (its id is
 * `${proposalId}:${personId}`), changeable until the review's deadline or its close, whichever
 * comes first. The deadline is the server's clock, whatever the client sends.
 */
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import { VOTE_POSITIONS, type Review, type Vote, type VotePosition } from "~/store/schema";
import type { Actor } from "./actor";
import { ConflictError, NotFoundError } from "./errors";
import { closingReviews, reviewIndex } from "./review-index.server";
import { positionNeedsReason, tallyOf, votingOpen, type Tally } from "./review-rules";
import { formText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

export const VoteInputSchema = z
  .object({
    position: z.enum(VOTE_POSITIONS, { error: messageRef("reviews.validation.position") }),
    reason: formText(2000).default(""),
  })
  .superRefine((v, ctx) => {
    if (!positionNeedsReason(v.position) || v.reason.length > 0) return;
    ctx.addIssue({
      code: "custom",
      path: ["reason"],
      message:
        v.position === "block" ? messageRef("reviews.validation.blockReason") : messageRef("reviews.validation.disagreeReason"),
    });
  });

export function voteId(proposalId: string, personId: string) {
  return `${proposalId}:${personId}`;
}

/**
 * Casts or changes the actor's vote. The rules are checked inside the store's write, against the
 * latest state (with several processes on one database: after catching up, under the write
 * lock): a hundred voters at once are all counted, one person's parallel votes leave exactly
 * one, and a review closed anywhere takes no vote.
 */
export async function castVote({ actor, proposalId, input }: { actor: Actor; proposalId: string; input: unknown }): Promise<Vote> {
  const data = validate(VoteInputSchema, input);
  const store = getStore();
  return store.write(() => {
    const proposal = store.data.proposals[proposalId];
    if (!proposal) throw new NotFoundError("Proposal not found");
    const review = store.data.reviews[proposal.reviewId];
    if (!review) throw new NotFoundError("Review not found");
    if (review.status !== "open" || closingReviews.has(review.id)) {
      throw new ConflictError(messageRef("reviews.validation.votesClosed"));
    }
    const now = store.clock.now();
    if (!votingOpen(review, now)) throw new ConflictError(messageRef("reviews.validation.votingDeadlinePassed"));
    if (proposal.status !== "open") throw new ConflictError(messageRef("reviews.validation.withdrawnNoVotes"));

    const id = voteId(proposalId, actor.id);
    const existing = store.data.votes[id];
    // Nothing to write; the store answers once the vote being confirmed is durable.
    if (existing && existing.position === data.position && existing.reason === data.reason) return { result: existing };
    const vote: Vote = {
      id,
      proposalId,
      reviewId: review.id,
      personId: actor.id,
      position: data.position,
      reason: data.reason,
      at: now.toISOString(),
    };
    return {
      event: {
        type: "proposal.voted",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposalId },
        before: existing ? { position: existing.position, reason: existing.reason } : null,
        after: { position: vote.position, reason: vote.reason },
      },
      changes: [put("votes", vote)],
      result: vote,
    };
  });
}

// ---------------------------------------------------------------- reads

/** The votes on a proposal, in no particular order. */
function votesOf(proposalId: string): Vote[] {
  const { votes } = getStore().data;
  const list: Vote[] = [];
  for (const id of reviewIndex().votesByProposal.get(proposalId)) {
    const v = votes[id];
    if (v) list.push(v);
  }
  return list;
}

/** The votes on a proposal, oldest first. */
export function votesOn(proposalId: string): Vote[] {
  return votesOf(proposalId).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export function voteCount(proposalId: string) {
  return reviewIndex().votesByProposal.get(proposalId).size;
}

export function tallyFor(proposalId: string): Tally {
  return tallyOf(votesOf(proposalId));
}

export function myVote(proposalId: string, personId: string): Vote | null {
  return getStore().data.votes[voteId(proposalId, personId)] ?? null;
}

/** Tallies are hidden while a review that says so is open; everyone sees them once it closes. */
export function talliesHidden(review: Pick<Review, "hideTallies" | "status">) {
  return review.hideTallies && review.status === "open";
}

export type VoterView = { name: string; position: VotePosition; reason: string; at: string };

export type VotesView = {
  hidden: boolean;
  count: number;
  tally: Tally | null;
  /** Voters with their reasons: blocks and disagreements first. */
  voters: VoterView[] | null;
  votersMore: number;
  myVote: { position: VotePosition; reason: string; at: string } | null;
};

const POSITION_ORDER: Record<VotePosition, number> = { block: 0, disagree: 1, abstain: 2, agree: 3 };

/** What a person may see of a proposal's votes. `reveal` is for the one deciding at close. */
export function votesView({
  actor,
  review,
  proposalId,
  voterLimit = 60,
  reveal = false,
}: {
  actor: Actor;
  review: Pick<Review, "hideTallies" | "status">;
  proposalId: string;
  voterLimit?: number;
  reveal?: boolean;
}): VotesView {
  const mine = myVote(proposalId, actor.id);
  const myView = mine ? { position: mine.position, reason: mine.reason, at: mine.at } : null;
  const count = voteCount(proposalId);
  if (talliesHidden(review) && !reveal) {
    return { hidden: true, count, tally: null, voters: null, votersMore: 0, myVote: myView };
  }
  const { people } = getStore().data;
  const sorted = votesOf(proposalId).sort((a, b) => POSITION_ORDER[a.position] - POSITION_ORDER[b.position] || (a.at < b.at ? -1 : 1));
  // Everyone who gave a reason is listed; names without reasons up to the limit.
  const voters: VoterView[] = [];
  let more = 0;
  for (const v of sorted) {
    if (v.reason || voters.length < voterLimit) {
      voters.push({ name: people[v.personId]?.name ?? "—", position: v.position, reason: v.reason, at: v.at });
    } else more++;
  }
  return { hidden: false, count, tally: tallyOf(sorted), voters, votersMore: more, myVote: myView };
}

/** The blocks standing against a proposal, with who and why. */
export function blocksOn(proposalId: string): Array<{ personId: string; name: string; reason: string }> {
  const { people } = getStore().data;
  return votesOn(proposalId)
    .filter((v) => v.position === "block")
    .map((v) => ({ personId: v.personId, name: people[v.personId]?.name ?? "—", reason: v.reason }));
}
