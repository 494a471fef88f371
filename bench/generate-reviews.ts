/**
 * Reviews for the benchmark's organisation: each opened by the team's manager on one to three of
 * its policies, with proposals, comments and votes; the older ones closed with decisions (adopted
 * texts become revisions, adopted removals retire the policy). Every action is scheduled on one
 * timeline and run in time order with the clock set to its moment, so the activity log reads in
 * order. Reviews opened lately stay open, with deadlines ahead of the real present, so the load
 * phase can vote on them.
 */
import { getStore } from "~/store/index.server";
import type { SeedClock } from "~/seed/clock";
import type { Actor } from "~/models/actor";
import type { DecisionOutcome, ProposalKind, VotePosition } from "~/store/schema";
import { closeReview, openReview } from "~/models/review.server";
import { addComment, submitProposal } from "~/models/proposal.server";
import { castVote } from "~/models/vote.server";
import { breathe, type Org, type PolicyMade, type Rng } from "./generate";

export type ReviewPlan = { reviews: number; proposalsPerReview: number; votersPerProposal: number; openShare: number };
export type ReviewsMade = {
  openProposals: Array<{ reviewId: string; proposalId: string }>;
  reviewedPolicyIds: Set<string>;
  counts: { reviews: number; open: number; proposals: number; votes: number; comments: number; adopted: number };
};

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Action = { at: number; seq: number; run: () => Promise<void> };

const KINDS: ProposalKind[] = ["relax-threshold", "delegate", "automate", "reword", "change-channel", "remove"];

function position(rng: Rng): VotePosition {
  const x = rng.next();
  return x < 0.6 ? "agree" : x < 0.75 ? "abstain" : x < 0.95 ? "disagree" : "block";
}

export async function generateReviews({
  plan,
  org,
  policies,
  clock,
  rng,
  now,
}: {
  plan: ReviewPlan;
  org: Org;
  policies: PolicyMade[];
  clock: SeedClock;
  rng: Rng;
  now: number;
}): Promise<ReviewsMade> {
  const store = getStore();
  const made: ReviewsMade = {
    openProposals: [],
    reviewedPolicyIds: new Set(),
    counts: { reviews: 0, open: 0, proposals: 0, votes: 0, comments: 0, adopted: 0 },
  };
  const pool = new Set(org.voterPool.map((p) => p.id));
  const voters = org.people.filter((p) => !pool.has(p.id) && store.data.people[p.id]?.active);
  // Policies each team may review: in force, not drafts or retired.
  const byTeam = new Map<number, PolicyMade[]>();
  for (const p of policies) {
    const status = store.data.policies[p.id]?.status;
    if (status !== "active") continue;
    let list = byTeam.get(p.teamIndex);
    if (!list) byTeam.set(p.teamIndex, (list = []));
    list.push(p);
  }
  const cursor = new Map<number, number>();

  const actions: Action[] = [];
  let seq = 0;
  const schedule = (at: number, run: () => Promise<void>) => actions.push({ at, seq: seq++, run });

  const firstOpen = Math.floor(plan.reviews * (1 - plan.openShare));
  const span = 185 * DAY;
  for (let i = 0; i < plan.reviews; i++) {
    const open = i >= firstOpen;
    // Closed reviews ran 190–40 days ago; open ones were opened in the last 35 days.
    const openedAt = open
      ? now - 35 * DAY + ((i - firstOpen) * 30 * DAY) / Math.max(1, plan.reviews - firstOpen)
      : now - 190 * DAY + (i * (span - 40 * DAY)) / Math.max(1, firstOpen);
    const deadline = open ? now + rng.int(30, 60) * DAY : openedAt + rng.int(14, 30) * DAY;
    const voteUntil = Math.min(deadline, now) - HOUR;
    const teamIndex = i % org.teams.length;
    const team = org.teams[teamIndex];
    const candidates = byTeam.get(teamIndex) ?? [];
    if (!candidates.length) continue;
    const start = cursor.get(teamIndex) ?? 0;
    const scope = Array.from({ length: Math.min(rng.int(1, 3), candidates.length) }, (_, k) => candidates[(start + k) % candidates.length]);
    cursor.set(teamIndex, start + scope.length);

    const state: {
      reviewId: string;
      scope: PolicyMade[];
      proposals: Array<{ id: string; policyId: string; kind: ProposalKind; hasContent: boolean }>;
    } = { reviewId: "", scope: [], proposals: [] };
    schedule(openedAt, async () => {
      // An earlier review may have retired a policy of this scope: take the next ones in force.
      const live = (p: PolicyMade) => store.data.policies[p.id]?.status !== "retired";
      state.scope = scope.filter(live);
      for (let n = cursor.get(teamIndex) ?? 0; state.scope.length < scope.length && n < candidates.length * 2; n++) {
        const next = candidates[n % candidates.length];
        if (live(next) && !state.scope.includes(next)) state.scope.push(next);
      }
      if (!state.scope.length) return;
      for (const p of state.scope) made.reviewedPolicyIds.add(p.id);
      const review = await openReview({
        actor: team.manager,
        input: {
          title: `Simplify ${scope[0].subject} rules (${i})`,
          description: `We look at how ${team.name} handles ${scope[0].subject} requests and what we can drop.`,
          policyIds: state.scope.map((p) => p.id),
          deadline: new Date(deadline).toISOString(),
          hideTallies: rng.chance(0.1),
        },
      });
      state.reviewId = review.id;
      made.counts.reviews++;
      if (open) made.counts.open++;
    });
    for (let k = 0; k < plan.proposalsPerReview; k++) {
      const author = rng.pick(voters);
      const proposedAt = openedAt + (k + 1) * HOUR;
      const votersOf = rng.sample(voters, plan.votersPerProposal);
      const positions = votersOf.map(() => position(rng));
      let kind = rng.pick(KINDS);
      const newText = rng.chance(0.5);
      const newWaiting = rng.chance(0.5);
      schedule(proposedAt, async () => {
        if (!state.reviewId) return;
        const policy = state.scope[k % state.scope.length];
        const current = store.data.policies[policy.id];
        if (kind === "remove" && current.mandate !== "own") kind = "reword";
        const carries = kind !== "remove";
        const proposal = await submitProposal({
          actor: author,
          reviewId: state.reviewId,
          input: {
            policyId: policy.id,
            kind,
            title: `${kind === "remove" ? "Drop" : "Simplify"} the ${policy.subject} rule`,
            reasoning: `Most ${policy.subject} requests are routine; the extra step costs everyone time and catches nothing.`,
            newBody: carries && newText ? `${current.body}\n\nRoutine ${policy.subject} requests are approved at once.` : "",
            waitingMinutes: carries && newWaiting ? String(Math.floor(current.friction.waitingMinutes / 2)) : "",
          },
        });
        state.proposals.push({ id: proposal.id, policyId: policy.id, kind, hasContent: proposal.newBody !== null || proposal.newFriction !== null });
        made.counts.proposals++;
        if (open) made.openProposals.push({ reviewId: state.reviewId, proposalId: proposal.id });
        if (rng.chance(0.6)) {
          await addComment({ actor: rng.pick(voters), proposalId: proposal.id, input: { body: `I met this ${policy.subject} rule twice last month; **agree** it slows us down.` } });
          made.counts.comments++;
        }
      });
      const window = voteUntil - proposedAt - HOUR;
      votersOf.forEach((voter, v) => {
        const p = positions[v];
        schedule(proposedAt + HOUR + (window * (v + 1)) / (votersOf.length + 1), async () => {
          const proposal = state.proposals[k];
          if (!proposal) return;
          await castVote({
            actor: voter,
            proposalId: proposal.id,
            input: { position: p, reason: p === "disagree" || p === "block" ? "The check protects us from costly mistakes." : "" },
          });
          made.counts.votes++;
        });
      });
    }
    if (!open) {
      schedule(deadline + DAY, async () => {
        if (!state.reviewId) return;
        const decisions: Record<string, { outcome: DecisionOutcome; rationale: string }> = {};
        const changing = new Set<string>();
        for (const p of state.proposals) {
          let outcome: DecisionOutcome = rng.chance(0.4) ? "adopted" : rng.chance(0.66) ? "rejected" : "deferred";
          const policy = store.data.policies[p.policyId];
          const ownerActive = store.data.people[policy.ownerId]?.active;
          if (outcome === "adopted" && (changing.has(p.policyId) || policy.status === "retired" || (p.kind !== "remove" && p.hasContent && !ownerActive))) {
            outcome = "deferred";
          }
          if (outcome === "adopted" && (p.kind === "remove" || p.hasContent)) changing.add(p.policyId);
          if (outcome === "adopted") made.counts.adopted++;
          decisions[p.id] = {
            outcome,
            rationale:
              "We weighed every vote and the concerns raised, including any block: the routine cases carry little risk, and the exceptions keep their check.",
          };
        }
        await closeReview({ actor: team.manager, reviewId: state.reviewId, decisions });
      });
    }
  }

  actions.sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const action of actions) {
    await breathe(false);
    clock.set(new Date(Math.min(action.at, now - 60_000)));
    await action.run();
  }
  return made;
}

export type { Actor };
