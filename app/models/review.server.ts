/**
 * Policy reviews: a time-boxed look at one or more policies. A manager (for their team's
 * policies) or an admin opens one; people propose and vote; the owner (or an admin) closes it and
 * decides each proposal. Adopted text and estimates become a new policy revision through
 * revisePolicy, an adopted removal retires the policy, and closing moves each policy's last-review
 * date. Also here: the review queue and a policy's review history.
 */
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Change } from "~/store/events";
import {
  DECISION_OUTCOMES,
  IMPLEMENTATION_STATUSES,
  type DecisionOutcome,
  type Friction,
  type ImplementationStatus,
  type Policy,
  type Proposal,
  type ProposalFieldChanges,
  type ProposalKind,
  type Review,
} from "~/store/schema";
import { renderMarkdown } from "~/lib/markdown.server";
import { canManageTeam, hasRole, isAdmin, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError, type FieldErrors } from "./errors";
import { customerHours, roundHours } from "./friction";
import { newId } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { policyToInput, retirePolicy, revisePolicy, reviewClosedChanges, underReviewChanges } from "./policy.server";
import {
  presentProposals,
  proposableFields,
  proposalsOf,
  refuseMandatedRemoval,
  revisionFromProposal,
  type ProposalView,
} from "./proposal.server";
import { closingReviews, reviewIndex } from "./review-index.server";
import {
  answersBlock,
  carriesNewContent,
  hoursRemovedByAdoption,
  implementationDueFrom,
  implementationOverdue,
  needsImplementation,
  parseDeadline,
  queueParts,
  queueScore,
  votingOpen,
  type QueueParts,
  type Tally,
} from "./review-rules";
import { blocksOn, myVote, tallyFor, talliesHidden, voteCount } from "./vote.server";
import { formCheckbox, formList, formText, requiredText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

// ---------------------------------------------------------------- opening

export const ReviewInputSchema = z.object({
  title: requiredText(160, messageRef("reviews.validation.title")),
  description: formText(20_000).default(""),
  policyIds: formList(z.string().min(1)).pipe(z.array(z.string()).min(1, messageRef("reviews.validation.policies"))),
  deadline: requiredText(40, messageRef("reviews.validation.deadline")),
  hideTallies: formCheckbox.default(false),
});
export type ReviewInput = z.input<typeof ReviewInputSchema>;

const MAX_DEADLINE_DAYS = 366;

/** The new-review form's deadline: two weeks from today by default, today at the earliest. */
export function deadlineDefaults() {
  const now = getStore().clock.now();
  return {
    defaultDeadline: new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10),
    minDeadline: now.toISOString().slice(0, 10),
  };
}

/** Opens a review and marks its policies as under review, in one commit. */
export async function openReview({ actor, input }: { actor: Actor; input: unknown }): Promise<Review> {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("Only managers and admins can open a review.");
  const once = onceFor(actor.id, "review", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.reviews[earlier.recordId]);
  const data = validate(ReviewInputSchema, input);
  return writeOnce(store, once, store.data.reviews, () => {
    const now = store.clock.now();
    const deadline = parseDeadline(data.deadline);
    if (!deadline) throw fieldError("deadline", messageRef("reviews.validation.deadlineDate"));
    if (new Date(deadline).getTime() <= now.getTime()) throw fieldError("deadline", messageRef("reviews.validation.deadlineFuture"));
    if (new Date(deadline).getTime() > now.getTime() + MAX_DEADLINE_DAYS * 86_400_000) {
      throw fieldError("deadline", messageRef("reviews.validation.deadlineWithinYear"));
    }
    const policyIds = [...new Set(data.policyIds)];
    const { policies } = store.data;
    for (const id of policyIds) {
      const p = policies[id];
      if (!p) throw fieldError("policyIds", messageRef("reviews.validation.policiesFromList"));
      if (!canManageTeam(actor, p.teamId)) throw new ForbiddenError("Managers can review only their own team's policies.");
      if (p.status === "draft") throw fieldError("policyIds", messageRef("reviews.validation.draftPolicy", { title: p.title }));
    }
    const at = now.toISOString();
    const review: Review = {
      id: newId(),
      title: data.title,
      description: data.description,
      descriptionHtml: renderMarkdown(data.description),
      policyIds,
      ownerId: actor.id,
      openedAt: at,
      deadline,
      hideTallies: data.hideTallies,
      status: "open",
      closedAt: null,
    };
    const changes: Change[] = [put("reviews", review), ...underReviewChanges(policyIds, at), ...rememberSubmission(once, review.id, at)];
    return {
      event: {
        type: "review.opened",
        actorId: actor.id,
        subject: { kind: "review", id: review.id },
        after: { title: review.title, policyIds, deadline, hideTallies: review.hideTallies },
      },
      changes,
      result: review,
    };
  });
}

// ---------------------------------------------------------------- closing and deciding

export function canCloseReview(actor: Actor, review: Pick<Review, "ownerId">) {
  return isAdmin(actor) || review.ownerId === actor.id;
}

const DecisionInputSchema = z.object({
  outcome: z.enum(DECISION_OUTCOMES, { error: messageRef("reviews.validation.outcome") }),
  rationale: requiredText(5000, messageRef("reviews.validation.rationale")),
});

type Plan = {
  proposal: Proposal;
  outcome: DecisionOutcome;
  rationale: string;
  hoursRemoved: number;
  implementation: ImplementationStatus | null;
  /** Who sees a tracked implementation through: the policy's owner while active, else the decider. */
  implementationOwnerId: string | null;
  answeredBlocks: string[];
  action: "revise" | "retire" | null;
  /** For a revision: the friction the policy has after this adoption (estimates combine). */
  frictionAfter: Friction | null;
};

/**
 * A policy's fields as a decision's message names them: the options of the `field` select in
 * reviews.validation.fieldTaken (both audience fields are one "audience").
 */
const FIELD_WORDS: Record<keyof ProposalFieldChanges, string> = {
  title: "title",
  summary: "summary",
  purpose: "purpose",
  purposeTags: "purposeTags",
  audienceExternal: "audience",
  audienceTeamIds: "audience",
  frictionTags: "frictionTags",
  reviewCycleMonths: "reviewCycle",
};

function roundTo2(n: number) {
  return Math.round(n * 100) / 100;
}

function adoptionNote(review: Review, proposal: Proposal) {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return `Adopted proposal “${cut(proposal.title, 90)}” from review “${cut(review.title, 90)}” (/reviews/${review.id})`;
}

/**
 * Checks every decision before anything is written: one per open proposal, each with a rationale;
 * adopting over a block needs a rationale that answers it; adoption must be possible (not a
 * mandated removal, one new text per policy, a manager of the policy's team). New estimates of
 * several adopted proposals combine: each applies the figures it changed, and records the
 * customer hours it removed on top of the ones before it.
 */
function planDecisions(actor: Actor, review: Review, decisions: Record<string, unknown>): Plan[] {
  const { policies, policyRevisions, people } = getStore().data;
  const errors: FieldErrors = {};
  const plans: Plan[] = [];
  const newTextFor = new Set<string>();
  /** Per policy, the other fields an adopted proposal already changes: one change per field. */
  const fieldsFor = new Map<string, Set<string>>();
  const removing = new Set<string>();
  const changing = new Set<string>();
  /** Each policy's friction as the adoptions so far leave it: estimates of several proposals combine. */
  const simulated = new Map<string, Friction>();
  const open = proposalsOf(review.id).filter((p) => p.status === "open");
  for (const p of open) {
    const raw = decisions[p.id];
    const parsed = DecisionInputSchema.safeParse(raw && typeof raw === "object" ? raw : {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) (errors[`${String(issue.path[0])}.${p.id}`] ??= []).push(issue.message);
      continue;
    }
    const { outcome, rationale } = parsed.data;
    const plan: Plan = {
      proposal: p,
      outcome,
      rationale,
      hoursRemoved: 0,
      implementation: null,
      implementationOwnerId: null,
      answeredBlocks: [],
      action: null,
      frictionAfter: null,
    };
    plans.push(plan);
    if (outcome !== "adopted") continue;
    const policy = policies[p.policyId];
    const fail = (field: "outcome" | "rationale", message: string) => (errors[`${field}.${p.id}`] ??= []).push(message);
    if (!policy) {
      fail("outcome", messageRef("reviews.validation.policyGone"));
      continue;
    }
    const blocks = blocksOn(p.id);
    if (blocks.length) {
      if (!answersBlock(rationale)) {
        fail(
          "rationale",
          messageRef("reviews.validation.blocked", { names: blocks.map((b) => b.name).join(", ") }),
        );
        continue;
      }
      plan.answeredBlocks = blocks.map((b) => b.personId);
    }
    if (needsImplementation(p)) {
      plan.implementation = "planned";
      plan.implementationOwnerId = people[policy.ownerId]?.active ? policy.ownerId : actor.id;
    }
    const existing = revisionFromProposal(policy.id, p.id);
    if (existing) {
      // Adopted by an earlier, interrupted close: the revision is there; record what it removed.
      const before = policyRevisions[`${policy.id}:${existing.number - 1}`]?.content.friction ?? existing.content.friction;
      plan.hoursRemoved = roundTo2(customerHours(before) - customerHours(existing.content.friction));
      changing.add(policy.id);
      continue;
    }
    const current = simulated.get(policy.id) ?? policy.friction;
    if (p.kind === "remove") {
      try {
        refuseMandatedRemoval(p.kind, policy);
      } catch (error) {
        if (error instanceof ValidationError) fail("outcome", error.fieldErrors.kind[0]);
        continue;
      }
      if (changing.has(policy.id)) fail("outcome", messageRef("reviews.validation.changedCannotRemove"));
      if (removing.has(policy.id)) fail("outcome", messageRef("reviews.validation.alreadyRemoved"));
      removing.add(policy.id);
      plan.action = policy.status === "retired" ? null : "retire";
      plan.hoursRemoved = plan.action ? hoursRemovedByAdoption("remove", current, null) : 0;
    } else if (carriesNewContent(p)) {
      if (p.newBody !== null && newTextFor.has(policy.id)) {
        fail("outcome", messageRef("reviews.validation.oneTextPerPolicy"));
        continue;
      }
      if (removing.has(policy.id)) fail("outcome", messageRef("reviews.validation.beingRemoved"));
      if (policy.status === "retired") fail("outcome", messageRef("reviews.validation.retiredNoText"));
      const fields = Object.keys(p.newFields ?? {}) as Array<keyof ProposalFieldChanges>;
      const claimed = fieldsFor.get(policy.id) ?? new Set<string>();
      const taken = fields.filter((f) => claimed.has(FIELD_WORDS[f]));
      if (taken.length) {
        for (const field of new Set(taken.map((f) => FIELD_WORDS[f]))) fail("outcome", messageRef("reviews.validation.fieldTaken", { field }));
        continue;
      }
      for (const f of fields) claimed.add(FIELD_WORDS[f]);
      fieldsFor.set(policy.id, claimed);
      if (p.newBody !== null) newTextFor.add(policy.id);
      changing.add(policy.id);
      // Only the estimates this proposal changes apply, on top of earlier adoptions.
      let after = current;
      if (p.newFriction) {
        const changed = (Object.keys(p.newFriction) as Array<keyof Friction>).filter((k) => p.newFriction![k] !== policy.friction[k]);
        after = { ...current, ...Object.fromEntries(changed.map((k) => [k, p.newFriction![k]])) };
      }
      simulated.set(policy.id, after);
      plan.hoursRemoved = roundTo2(customerHours(current) - customerHours(after));
      plan.frictionAfter = after;
      plan.action = "revise";
    }
    if (plan.action && !canManageTeam(actor, policy.teamId)) {
      fail("outcome", messageRef("reviews.validation.onlyManagerAdopts"));
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors, messageRef("reviews.validation.decisionsNeedAttention"));
  return plans;
}

export type Turnout = { eligible: number; voted: number; notVoted: number };

/**
 * Who could still vote: everyone active may vote on a review (anyone signed in proposes and votes),
 * and has voted once they voted on any of its proposals.
 */
export function reviewTurnout(reviewId: string): Turnout {
  const { people, votes } = getStore().data;
  const index = reviewIndex();
  const voters = new Set<string>();
  for (const proposalId of index.proposalsByReview.get(reviewId)) {
    for (const voteId of index.votesByProposal.get(proposalId)) {
      const personId = votes[voteId]?.personId;
      if (personId && people[personId]?.active) voters.add(personId);
    }
  }
  let eligible = 0;
  for (const person of Object.values(people)) if (person.active) eligible++;
  return { eligible, voted: voters.size, notVoted: eligible - voters.size };
}

/**
 * Closing while voting is still open cuts the vote short: the one closing must confirm it, having
 * been told how many eligible people have not voted.
 */
export class EarlyCloseNeedsConfirmation extends ConflictError {
  constructor(
    readonly deadline: string,
    readonly turnout: Turnout,
  ) {
    super(messageRef("reviews.validation.confirmEarlyClose"));
  }
}

/**
 * Closes a review and decides each open proposal. Adoptions are written first (a revision through
 * revisePolicy, a removal through retirePolicy, each linking the review and proposal), then one
 * commit closes the review, records the decisions and moves the policies' last-review dates.
 * Before the deadline it closes only with `confirmEarly` (after the decisions are checked).
 */
export async function closeReview({
  actor,
  reviewId,
  decisions,
  confirmEarly = false,
}: {
  actor: Actor;
  reviewId: string;
  decisions: Record<string, unknown>;
  confirmEarly?: boolean;
}): Promise<Review> {
  const store = getStore();
  const review = store.data.reviews[reviewId];
  if (!review) throw new NotFoundError("Review not found");
  if (!canCloseReview(actor, review)) throw new ForbiddenError("Only the review's owner or an admin can close it.");
  if (review.status !== "open" || closingReviews.has(reviewId)) throw new ConflictError(messageRef("reviews.validation.alreadyClosed"));
  const plans = planDecisions(actor, review, decisions);
  if (!confirmEarly && votingOpen(review, store.clock.now())) {
    throw new EarlyCloseNeedsConfirmation(review.deadline, reviewTurnout(reviewId));
  }
  closingReviews.add(reviewId);
  try {
    const source = { reviewId, proposalId: "" };
    for (const plan of plans) {
      if (plan.outcome !== "adopted" || plan.action !== "revise") continue;
      const p = plan.proposal;
      const current = store.data.policies[p.policyId];
      const input = policyToInput(current);
      if (p.newBody !== null) input.body = p.newBody;
      if (p.newFields) Object.assign(input, p.newFields);
      if (plan.frictionAfter) Object.assign(input, plan.frictionAfter);
      await revisePolicy({ actor, policyId: p.policyId, input, note: adoptionNote(review, p), source: { ...source, proposalId: p.id } });
    }
    for (const plan of plans) {
      if (plan.outcome !== "adopted" || plan.action !== "retire") continue;
      const p = plan.proposal;
      await retirePolicy({
        actor,
        policyId: p.policyId,
        reason: `${plan.rationale.slice(0, 800)} — adopted proposal “${p.title.slice(0, 120)}” (/reviews/${reviewId})`,
        source: { ...source, proposalId: p.id },
      });
    }

    return await store.write(() => {
      // Against the latest state: another process may have closed it meanwhile.
      const fresh = store.data.reviews[reviewId];
      if (!fresh || fresh.status !== "open") throw new ConflictError(messageRef("reviews.validation.alreadyClosed"));
      const at = store.clock.now().toISOString();
      const closed: Review = { ...fresh, status: "closed", closedAt: at };
      const changes: Change[] = [put("reviews", closed)];
      for (const plan of plans) {
        const p = store.data.proposals[plan.proposal.id];
        changes.push(
          put("proposals", {
            ...p,
            status: plan.outcome,
            updatedAt: at,
            decision: {
              outcome: plan.outcome,
              rationale: plan.rationale,
              decidedAt: at,
              decidedBy: actor.id,
              hoursRemoved: plan.outcome === "adopted" ? plan.hoursRemoved : 0,
            },
            implementation: plan.outcome === "adopted" ? plan.implementation : null,
            ...(plan.outcome === "adopted" && plan.implementation && plan.implementationOwnerId
              ? { implementationOwnerId: plan.implementationOwnerId, implementationDueOn: implementationDueFrom(at) }
              : {}),
          }),
        );
      }
      // A policy also in another open review stays under review; its last-review date still moves.
      const stillInReview = new Set(
        fresh.policyIds.filter((pid) =>
          [...reviewIndex().reviewsByPolicy.get(pid)].some((rid) => rid !== reviewId && store.data.reviews[rid]?.status === "open"),
        ),
      );
      for (const change of reviewClosedChanges(fresh.policyIds, at)) {
        if ("v" in change && stillInReview.has(change.id)) {
          const policy = change.v as Policy;
          changes.push(put("policies", { ...policy, status: policy.status === "retired" ? "retired" : "under-review" }));
        } else changes.push(change);
      }
      const decided = plans.map((p) => ({
        proposalId: p.proposal.id,
        outcome: p.outcome,
        hoursRemoved: p.outcome === "adopted" ? p.hoursRemoved : 0,
        ...(p.answeredBlocks.length ? { answeredBlocks: p.answeredBlocks } : {}),
        ...(p.outcome === "adopted" && p.implementation ? { implementationOwnerId: p.implementationOwnerId, implementationDueOn: implementationDueFrom(at) } : {}),
      }));
      return {
        event: {
          type: "review.closed",
          actorId: actor.id,
          subject: { kind: "review", id: reviewId },
          before: { status: "open" },
          after: {
            status: "closed",
            decisions: decided,
            hoursRemoved: roundHours(decided.reduce((sum, d) => sum + d.hoursRemoved, 0)),
          },
        },
        changes,
        result: closed,
      };
    });
  } finally {
    closingReviews.delete(reviewId);
  }
}

/** Who keeps an adopted proposal's implementation up to date: its owner, and those accountable for the policy. */
export function canUpdateImplementation(actor: Actor, proposal: Proposal) {
  const { reviews, policies } = getStore().data;
  const review = reviews[proposal.reviewId];
  const policy = policies[proposal.policyId];
  return (
    isAdmin(actor) ||
    proposal.implementationOwnerId === actor.id ||
    review?.ownerId === actor.id ||
    policy?.ownerId === actor.id ||
    (policy ? canManageTeam(actor, policy.teamId) : false)
  );
}

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, messageRef("reviews.validation.dueDate"))
  .refine(
    // Checked only once the shape is right, so "soon" is told its format once, not also that it is no date.
    (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || (!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
    messageRef("reviews.validation.realDate"),
  );

/** An implementation's status, owner and due date; a field left out keeps its value. */
const ImplementationInputSchema = z.object({
  status: z.enum(IMPLEMENTATION_STATUSES, { error: messageRef("reviews.validation.implementation") }),
  ownerId: requiredText(100, messageRef("reviews.validation.implementationOwner")).optional(),
  dueOn: z.preprocess((v) => (v === "" ? "(blank)" : v), isoDay.optional()),
});

/**
 * Keeps an adopted proposal's implementation current: its status moves either way (planned,
 * in progress, done — and back, when "done" turns out not to be), its owner and due date change.
 */
export async function updateImplementation({
  actor,
  proposalId,
  input,
  status,
}: {
  actor: Actor;
  proposalId: string;
  /** Status, owner and due date as a form sends them. */
  input?: unknown;
  /** The status alone (owner and due date kept). */
  status?: unknown;
}) {
  const data = validate(ImplementationInputSchema, input ?? { status });
  const store = getStore();
  return store.write(() => {
    const proposal = store.data.proposals[proposalId];
    if (!proposal) throw new NotFoundError("Proposal not found");
    if (!canUpdateImplementation(actor, proposal)) {
      throw new ForbiddenError("Only the implementation's owner, the review's owner, the policy's owner or its team's managers can update this.");
    }
    if (proposal.status !== "adopted" || proposal.implementation === null) {
      throw new ConflictError(messageRef("reviews.validation.notTracked"));
    }
    const ownerId = data.ownerId ?? implementationOwnerOf(proposal);
    if (ownerId !== implementationOwnerOf(proposal) && !store.data.people[ownerId]?.active) {
      throw fieldError("ownerId", messageRef("reviews.validation.implementationOwnerInactive"));
    }
    const dueOn = data.dueOn ?? proposal.implementationDueOn;
    const before = { implementation: proposal.implementation, ownerId: proposal.implementationOwnerId ?? null, dueOn: proposal.implementationDueOn ?? null };
    const after = { implementation: data.status, ownerId, dueOn: dueOn ?? null };
    if (JSON.stringify(before) === JSON.stringify(after)) return { result: proposal };
    const at = store.clock.now().toISOString();
    const { implementedAt: _wasImplementedAt, ...rest } = proposal;
    const updated: Proposal = {
      ...rest,
      implementation: data.status,
      implementationOwnerId: ownerId,
      ...(dueOn ? { implementationDueOn: dueOn } : {}),
      // The change takes effect when it is done (the "did the change work?" follow-up counts from then).
      ...(data.status === "done" ? { implementedAt: proposal.implementation === "done" && proposal.implementedAt ? proposal.implementedAt : at } : {}),
      updatedAt: at,
    };
    return {
      event: {
        type: "proposal.implementation-updated",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposalId },
        before,
        after,
      },
      changes: [put("proposals", updated)],
      result: updated,
    };
  });
}

/** Who sees a tracked change through: as set at adoption, or (for older records) the policy's owner. */
export function implementationOwnerOf(proposal: Proposal): string {
  return proposal.implementationOwnerId ?? getStore().data.policies[proposal.policyId]?.ownerId ?? proposal.authorId;
}

export type ImplementationView = {
  status: ImplementationStatus;
  ownerId: string;
  owner: string;
  dueOn: string | null;
  overdue: boolean;
};

/** A tracked implementation as pages show it; null for a proposal that is not tracked. */
export function implementationView(proposal: Proposal): ImplementationView | null {
  if (proposal.status !== "adopted" || proposal.implementation === null) return null;
  const store = getStore();
  const ownerId = implementationOwnerOf(proposal);
  return {
    status: proposal.implementation,
    ownerId,
    owner: store.data.people[ownerId]?.name ?? "—",
    dueOn: proposal.implementationDueOn ?? null,
    overdue: implementationOverdue(proposal, store.clock.now().toISOString().slice(0, 10)),
  };
}

/** Whom an implementation can be handed to: the policy's team, its owner and the current owner. */
function implementationOwnerChoices(proposal: Proposal) {
  const { people, policies } = getStore().data;
  const policy = policies[proposal.policyId];
  const current = implementationOwnerOf(proposal);
  return Object.values(people)
    .filter((p) => p.id === current || (p.active && (p.teamId === policy?.teamId || p.id === policy?.ownerId)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({ id: p.id, name: p.name }));
}

// ---------------------------------------------------------------- reads: one review

function policyInScope(policy: Policy) {
  const { teams } = getStore().data;
  return {
    id: policy.id,
    slug: policy.slug,
    title: policy.title,
    team: teams[policy.teamId]?.name ?? "",
    status: policy.status,
    purpose: policy.purpose,
    purposeTags: policy.purposeTags,
    mandate: policy.mandate,
    friction: policy.friction,
    frictionTags: policy.frictionTags,
    hours: roundHours(customerHours(policy.friction)),
    reports: reviewIndex().reportsByPolicy.get(policy.id).size,
  };
}
export type PolicyInScope = ReturnType<typeof policyInScope>;

export type ReviewSummary = {
  proposals: number;
  adopted: number;
  rejected: number;
  deferred: number;
  withdrawn: number;
  hoursRemoved: number;
};

function summarise(proposals: Iterable<Pick<Proposal, "status" | "decision">>): ReviewSummary {
  const s: ReviewSummary = { proposals: 0, adopted: 0, rejected: 0, deferred: 0, withdrawn: 0, hoursRemoved: 0 };
  for (const p of proposals) {
    if (p.status === "withdrawn") {
      s.withdrawn++;
      continue;
    }
    s.proposals++;
    if (p.status === "adopted" || p.status === "rejected" || p.status === "deferred") s[p.status]++;
    s.hoursRemoved += p.decision?.hoursRemoved ?? 0;
  }
  s.hoursRemoved = roundHours(s.hoursRemoved);
  return s;
}

export type ReviewPage = {
  review: {
    id: string;
    title: string;
    descriptionHtml: string;
    status: Review["status"];
    owner: string;
    openedAt: string;
    deadline: string;
    closedAt: string | null;
    /** Closed before its voting deadline. */
    closedEarly: boolean;
    hideTallies: boolean;
    /** Tallies hidden from voters right now (hidden until close, and not closed yet). */
    talliesHidden: boolean;
    votingOpen: boolean;
    closing: boolean;
  };
  policies: PolicyInScope[];
  proposals: Array<
    ProposalView & { tracking: ImplementationView | null; canUpdateImplementation: boolean; implementationOwners: Array<{ id: string; name: string }> }
  >;
  summary: ReviewSummary;
  can: { propose: boolean; close: boolean };
};

/** Everything the review page shows, as this person may see it. */
export async function getReviewPage({ actor, reviewId, reveal = false }: { actor: Actor; reviewId: string; reveal?: boolean }): Promise<ReviewPage> {
  const store = getStore();
  const review = store.data.reviews[reviewId];
  if (!review) throw new NotFoundError("Review not found");
  const { people, policies, proposals: allProposals } = store.data;
  const closing = closingReviews.has(reviewId);
  const open = votingOpen(review, store.clock.now()) && !closing;
  const proposals = presentProposals({ actor, review, reveal: reveal && canCloseReview(actor, review) }).map((p) => {
    const record = allProposals[p.id];
    const tracking = implementationView(record);
    const canUpdate = tracking !== null && canUpdateImplementation(actor, record);
    return {
      ...p,
      tracking,
      canUpdateImplementation: canUpdate,
      implementationOwners: canUpdate ? implementationOwnerChoices(record) : [],
    };
  });
  return {
    review: {
      id: review.id,
      title: review.title,
      descriptionHtml: review.descriptionHtml,
      status: review.status,
      owner: people[review.ownerId]?.name ?? "—",
      openedAt: review.openedAt,
      deadline: review.deadline,
      closedAt: review.closedAt,
      closedEarly: review.closedAt !== null && review.closedAt < review.deadline,
      hideTallies: review.hideTallies,
      talliesHidden: talliesHidden(review),
      votingOpen: open,
      closing,
    },
    policies: review.policyIds.map((id) => policies[id]).filter(Boolean).map(policyInScope),
    proposals,
    summary: summarise(proposals.map((p) => allProposals[p.id])),
    can: {
      propose: open && review.policyIds.some((id) => policies[id] && policies[id].status !== "retired"),
      close: review.status === "open" && !closing && canCloseReview(actor, review),
    },
  };
}

/** The policies a proposal can be about (the propose form's choices). */
export async function proposablePolicies(reviewId: string) {
  const store = getStore();
  const review = store.data.reviews[reviewId];
  if (!review) throw new NotFoundError("Review not found");
  return review.policyIds
    .map((id) => store.data.policies[id])
    .filter((p): p is Policy => Boolean(p) && p.status !== "retired")
    .map((p) => ({ id: p.id, slug: p.slug, mandate: p.mandate, ...proposableFields(p) }));
}

export async function getReviewHeader(reviewId: string) {
  const store = getStore();
  const review = store.data.reviews[reviewId];
  if (!review) throw new NotFoundError("Review not found");
  return {
    id: review.id,
    title: review.title,
    status: review.status,
    deadline: review.deadline,
    ownerId: review.ownerId,
    votingOpen: votingOpen(review, store.clock.now()) && !closingReviews.has(review.id),
  };
}

// ---------------------------------------------------------------- reads: the list

export type ReviewListRow = {
  id: string;
  title: string;
  status: Review["status"];
  deadline: string;
  openedAt: string;
  closedAt: string | null;
  votingOpen: boolean;
  hideTallies: boolean;
  owner: string;
  policies: Array<{ title: string; slug: string }>;
  morePolicies: number;
  summary: ReviewSummary;
  votes: number;
  /** Open proposals, and how many of them this person has voted on. */
  openProposals: number;
  myVotes: number;
};

function listRow(actor: Actor, review: Review, now: Date): ReviewListRow {
  const { policies, people } = getStore().data;
  const proposals = proposalsOf(review.id);
  let votes = 0;
  let openProposals = 0;
  let mine = 0;
  for (const p of proposals) {
    votes += voteCount(p.id);
    if (p.status === "open") {
      openProposals++;
      if (myVote(p.id, actor.id)) mine++;
    }
  }
  const shown = review.policyIds.slice(0, 4).map((id) => policies[id]).filter(Boolean);
  return {
    id: review.id,
    title: review.title,
    status: review.status,
    deadline: review.deadline,
    openedAt: review.openedAt,
    closedAt: review.closedAt,
    votingOpen: votingOpen(review, now),
    hideTallies: review.hideTallies,
    owner: people[review.ownerId]?.name ?? "—",
    policies: shown.map((p) => ({ title: p.title, slug: p.slug })),
    morePolicies: Math.max(0, review.policyIds.length - shown.length),
    summary: summarise(proposals),
    votes,
    openProposals,
    myVotes: mine,
  };
}

function needsVoteFrom(actor: Actor, review: Review, now: Date) {
  if (!votingOpen(review, now)) return false;
  for (const p of proposalsOf(review.id)) if (p.status === "open" && !myVote(p.id, actor.id)) return true;
  return false;
}

/**
 * The reviews page: open reviews first (soonest deadline first), then closed ones (latest first),
 * a page at a time. The "needs my vote" view keeps the open reviews with a proposal this person
 * has not voted on while voting is open.
 */
export async function listReviews({
  actor,
  view = "all",
  page = 1,
  pageSize = 20,
}: {
  actor: Actor;
  view?: "all" | "needs-vote";
  page?: number;
  pageSize?: number;
}) {
  const store = getStore();
  const now = store.clock.now();
  const all = Object.values(store.data.reviews);
  const open = all.filter((r) => r.status === "open").sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  const needsVote = open.filter((r) => needsVoteFrom(actor, r, now));
  const closed = view === "all" ? all.filter((r) => r.status === "closed").sort((a, b) => ((a.closedAt ?? "") > (b.closedAt ?? "") ? -1 : 1)) : [];
  const pages = Math.max(1, Math.ceil(closed.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  return {
    open: (view === "needs-vote" ? needsVote : open).map((r) => listRow(actor, r, now)),
    closed: closed.slice((current - 1) * pageSize, current * pageSize).map((r) => listRow(actor, r, now)),
    closedTotal: closed.length,
    needsVoteCount: needsVote.length,
    page: current,
    pages,
  };
}

// ---------------------------------------------------------------- the review queue

export type QueueRow = {
  policyId: string;
  slug: string;
  title: string;
  teamId: string;
  team: string;
  score: number;
  parts: QueueParts;
};

function rankedQueue(): QueueRow[] {
  const store = getStore();
  const index = reviewIndex();
  const today = store.clock.now().toISOString().slice(0, 10);
  const key = `${index.queueVersion}:${today}`;
  if (index.queueCache?.key === key) return index.queueCache.value as QueueRow[];
  const now = new Date(`${today}T12:00:00Z`);
  const { policies, teams, frictionReports } = store.data;
  const rows: QueueRow[] = [];
  for (const p of Object.values(policies)) {
    if (p.status !== "active") continue;
    const reports = [...index.reportsByPolicy.get(p.id)].map((id) => frictionReports[id]).filter(Boolean);
    const parts = queueParts(p, reports, now);
    rows.push({ policyId: p.id, slug: p.slug, title: p.title, teamId: p.teamId, team: teams[p.teamId]?.name ?? "", score: queueScore(parts), parts });
  }
  rows.sort((a, b) => b.score - a.score || b.parts.hours.value - a.parts.hours.value || a.title.localeCompare(b.title));
  index.queueCache = { key, value: rows };
  return rows;
}

/**
 * The policies that most need a review, ranked by a transparent score (see QUEUE_WEIGHTS):
 * customer hours, recent friction reports, overdue review and missing purpose. Active policies
 * only: those under review already have one. Cached until something it depends on changes.
 */
export async function reviewQueue({ actor, teamId, page = 1, pageSize = 25 }: { actor: Actor; teamId?: string | null; page?: number; pageSize?: number }) {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("The review queue is for managers and admins.");
  const ranked = rankedQueue();
  const rows = teamId ? ranked.filter((r) => r.teamId === teamId) : ranked;
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * pageSize;
  return {
    rows: rows.slice(start, start + pageSize).map((r, i) => ({ ...r, rank: start + i + 1, canOpen: canManageTeam(actor, r.teamId) })),
    total: rows.length,
    page: current,
    pages,
  };
}

/**
 * The policies this person may put in a new review, for one team: active (or already under
 * review elsewhere) policies, those most in need of a review first.
 */
export async function reviewablePolicies({ actor, teamId, limit = 100 }: { actor: Actor; teamId: string; limit?: number }) {
  if (!canManageTeam(actor, teamId)) throw new ForbiddenError("Managers can review only their own team's policies.");
  const store = getStore();
  const scores = new Map(rankedQueue().map((r) => [r.policyId, r.score]));
  const list = Object.values(store.data.policies)
    .filter((p) => p.teamId === teamId && (p.status === "active" || p.status === "under-review"))
    .map((p) => ({
      id: p.id,
      slug: p.slug,
      title: p.title,
      status: p.status,
      hours: roundHours(customerHours(p.friction)),
      score: scores.get(p.id) ?? 0,
    }))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
  return { policies: list.slice(0, limit), total: list.length };
}

// ---------------------------------------------------------------- a policy's review history

export type ReviewHistoryEntry = {
  review: { id: string; title: string; status: Review["status"]; owner: string; openedAt: string; deadline: string; closedAt: string | null };
  proposals: Array<{
    id: string;
    kind: ProposalKind;
    title: string;
    author: string;
    status: Proposal["status"];
    tally: Tally | null;
    decision: { outcome: DecisionOutcome; rationale: string; decidedBy: string; decidedAt: string; hoursRemoved: number } | null;
    implementation: ImplementationStatus | null;
    implementationOverdue: boolean;
    revisionNumber: number | null;
  }>;
};

/** Each review of a policy, newest first: what was proposed, what was decided and why. */
export async function reviewHistoryForPolicy(policyId: string): Promise<ReviewHistoryEntry[]> {
  const store = getStore();
  const { reviews, proposals, people } = store.data;
  const index = reviewIndex();
  const today = store.clock.now().toISOString().slice(0, 10);
  return [...index.reviewsByPolicy.get(policyId)]
    .map((id) => reviews[id])
    .filter(Boolean)
    .sort((a, b) => (a.openedAt > b.openedAt ? -1 : 1))
    .map((review) => ({
      review: {
        id: review.id,
        title: review.title,
        status: review.status,
        owner: people[review.ownerId]?.name ?? "—",
        openedAt: review.openedAt,
        deadline: review.deadline,
        closedAt: review.closedAt,
      },
      proposals: [...index.proposalsByPolicy.get(policyId)]
        .map((id) => proposals[id])
        .filter((p) => p && p.reviewId === review.id)
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
        .map((p) => ({
          id: p.id,
          kind: p.kind,
          title: p.title,
          author: people[p.authorId]?.name ?? "—",
          status: p.status,
          tally: talliesHidden(review) ? null : tallyFor(p.id),
          decision: p.decision
            ? {
                outcome: p.decision.outcome,
                rationale: p.decision.rationale,
                decidedBy: people[p.decision.decidedBy]?.name ?? "—",
                decidedAt: p.decision.decidedAt,
                hoursRemoved: p.decision.hoursRemoved,
              }
            : null,
          implementation: p.implementation,
          implementationOverdue: p.status === "adopted" && implementationOverdue(p, today),
          revisionNumber: p.status === "adopted" ? (revisionFromProposal(policyId, p.id)?.number ?? null) : null,
        })),
    }));
}

/** Teams this person can open reviews for. */
export async function reviewTeams(actor: Actor) {
  const { teams } = getStore().data;
  return Object.values(teams)
    .filter((t) => canManageTeam(actor, t.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({ id: t.id, name: t.name, slug: t.slug }));
}

/** A proposal addressed through a review's page must belong to that review. */
export function requireProposalInReview(reviewId: string, proposalId: string) {
  const proposal = getStore().data.proposals[proposalId];
  if (!proposal || proposal.reviewId !== reviewId) throw new NotFoundError("Proposal not found");
  return proposal;
}
