/**
 * Proposals: simplifications of a policy in a review's scope. Anyone signed in proposes while the
 * review takes votes; the author edits (each edit a new version) or withdraws until voting closes;
 * anyone comments until the review closes.
 */
import { diffLines, diffWords } from "diff";
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import {
  FRICTION_TAGS,
  FrictionSchema,
  PROPOSAL_KINDS,
  PURPOSE_TAGS,
  type Comment,
  type Friction,
  type Policy,
  type PolicyContent,
  type Proposal,
  type ProposalFieldChanges,
  type ProposalKind,
  type ProposalVersion,
  type Review,
} from "~/store/schema";
import { renderMarkdown } from "~/lib/markdown.server";
import type { Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "./errors";
import { customerHours, roundHours } from "./friction";
import { compareContent, type FieldRow, type TextDiff } from "./policy-history.server";
import { newId } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { closingReviews, reviewIndex } from "./review-index.server";
import { carriesNewContent, hoursSaved, votingOpen } from "./review-rules";
import { votesView, type VotesView } from "./vote.server";
import { linkMentions } from "./notification-rules.server";
import { formCheckbox, formList, formNumber, formText, requiredText, toFieldErrors, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

// ---------------------------------------------------------------- input

const FRICTION_FIELDS = ["occurrencesPerMonth", "steps", "approvals", "handoffs", "activeMinutes", "waitingMinutes"] as const;
type FrictionField = (typeof FRICTION_FIELDS)[number];

/** Each estimate's name in the policies area's messages. */
const MESSAGE_FIELD = {
  occurrencesPerMonth: "occurrences",
  steps: "steps",
  approvals: "approvals",
  handoffs: "handoffs",
  activeMinutes: "activeMinutes",
  waitingMinutes: "waitingMinutes",
} as const satisfies Record<FrictionField, string>;

const optionalEstimate = (field: FrictionField) =>
  z
    .preprocess((v) => (v === "" || v === null ? undefined : v), formNumber(messageRef(`policies.validation.number.${MESSAGE_FIELD[field]}`)).optional())
    .pipe(z.number().min(0, messageRef(`policies.validation.negative.${MESSAGE_FIELD[field]}`)).optional());

const blankAsUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/**
 * The policy's other fields as the proposal would have them, named `new…` beside the proposal's
 * own title. Text fields count when sent; the lists and the checkbox only when the form says it
 * shows them (`policyFields`), since an unticked box sends nothing.
 */
const PolicyFieldInputs = {
  policyFields: formCheckbox.default(false),
  newTitle: formText(160).optional(),
  newSummary: formText(300).optional(),
  newPurpose: formText(2000).optional(),
  newPurposeTags: formList(z.enum(PURPOSE_TAGS, { error: messageRef("policies.validation.purposeTags") })),
  newAudienceExternal: formCheckbox.default(false),
  newAudienceTeamIds: formList(z.string().min(1)),
  newFrictionTags: formList(z.enum(FRICTION_TAGS, { error: messageRef("policies.validation.frictionTags") })),
  newReviewCycleMonths: z
    .preprocess(blankAsUndefined, formNumber(messageRef("policies.validation.reviewCycle")).optional())
    .pipe(
      z
        .number()
        .int(messageRef("policies.validation.wholeMonths"))
        .min(1, messageRef("policies.validation.reviewCycleRange"))
        .max(120, messageRef("policies.validation.reviewCycleRange"))
        .optional(),
    ),
};

/** The parts of a proposal its author can edit: each edit is a new version. */
export const ProposalFieldsSchema = z.object({
  ...PolicyFieldInputs,
  title: requiredText(160, messageRef("reviews.validation.proposalTitle")),
  reasoning: requiredText(20_000, messageRef("reviews.validation.reasoning")),
  newBody: formText(100_000).default(""),
  occurrencesPerMonth: optionalEstimate("occurrencesPerMonth"),
  steps: optionalEstimate("steps"),
  approvals: optionalEstimate("approvals"),
  handoffs: optionalEstimate("handoffs"),
  activeMinutes: optionalEstimate("activeMinutes"),
  waitingMinutes: optionalEstimate("waitingMinutes"),
});

export const ProposalInputSchema = ProposalFieldsSchema.extend({
  policyId: requiredText(100, messageRef("reviews.validation.proposalPolicy")),
  kind: z.enum(PROPOSAL_KINDS, { error: messageRef("reviews.validation.kind") }),
});
export type ProposalInput = z.input<typeof ProposalInputSchema>;
type Fields = z.output<typeof ProposalFieldsSchema>;

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
};

/** The policy's other fields that the proposal changes; undefined when it changes none. */
function newFieldsOf(fields: Fields, policy: Policy): ProposalFieldChanges | undefined {
  const changes: ProposalFieldChanges = {};
  if (fields.newTitle !== undefined) {
    if (fields.newTitle === "") throw fieldError("newTitle", messageRef("reviews.validation.newTitle"));
    if (fields.newTitle !== policy.title) changes.title = fields.newTitle;
  }
  if (fields.newSummary !== undefined && fields.newSummary !== policy.summary.trim()) changes.summary = fields.newSummary;
  if (fields.newPurpose !== undefined && fields.newPurpose !== policy.purpose.trim()) changes.purpose = fields.newPurpose;
  if (fields.newReviewCycleMonths !== undefined && fields.newReviewCycleMonths !== policy.reviewCycleMonths) {
    changes.reviewCycleMonths = fields.newReviewCycleMonths;
  }
  if (fields.policyFields) {
    const purposeTags = [...new Set(fields.newPurposeTags)];
    if (!sameSet(purposeTags, policy.purposeTags)) changes.purposeTags = purposeTags;
    const frictionTags = [...new Set(fields.newFrictionTags)];
    if (!sameSet(frictionTags, policy.frictionTags)) changes.frictionTags = frictionTags;
    if (fields.newAudienceExternal !== policy.audienceExternal) changes.audienceExternal = fields.newAudienceExternal;
    const teamIds = [...new Set(fields.newAudienceTeamIds)];
    const { teams } = getStore().data;
    if (teamIds.some((id) => !teams[id])) throw fieldError("newAudienceTeamIds", messageRef("policies.validation.audienceTeams"));
    if (!sameSet(teamIds, policy.audienceTeamIds)) changes.audienceTeamIds = teamIds;
  }
  return Object.keys(changes).length ? changes : undefined;
}

type NewContent = { newBody: string | null; newFriction: Friction | null; newFields: ProposalFieldChanges | undefined };

/**
 * New text, estimates and other fields as stored: null (or absent) when nothing new was given.
 * Blank estimates keep today's.
 */
function newContent(fields: Fields, policy: Policy): NewContent {
  const newFields = newFieldsOf(fields, policy);
  return { ...newTextAndEstimates(fields, policy), newFields };
}

function newTextAndEstimates(fields: Fields, policy: Policy): { newBody: string | null; newFriction: Friction | null } {
  const body = fields.newBody === "" || fields.newBody === policy.body.trim() ? null : fields.newBody;
  const given = FRICTION_FIELDS.filter((f) => fields[f] !== undefined);
  if (!given.length) return { newBody: body, newFriction: null };
  const merged: Record<string, number> = { ...policy.friction };
  for (const f of given) merged[f] = fields[f] as number;
  const parsed = FrictionSchema.safeParse(merged);
  if (!parsed.success) {
    const errors = toFieldErrors(parsed.error);
    for (const f of FRICTION_FIELDS) if (errors[f]) errors[f] = [messageRef("reviews.validation.estimateRange")];
    throw new ValidationError(errors);
  }
  const same = FRICTION_FIELDS.every((f) => parsed.data[f] === policy.friction[f]);
  return { newBody: body, newFriction: same ? null : parsed.data };
}

/** Removing a mandated policy is refused with the reason: it can only be simplified. */
export function refuseMandatedRemoval(kind: ProposalKind, policy: Policy) {
  if (kind !== "remove" || policy.mandate === "own") return;
  throw fieldError("kind", messageRef(`reviews.validation.mandatedRemoval.${policy.mandate}`, { title: policy.title }));
}

/** Proposals, edits and withdrawals count only while the review takes votes. */
function requireVotingOpen(review: Review, now: Date) {
  if (review.status !== "open" || closingReviews.has(review.id)) throw new ConflictError(messageRef("reviews.validation.reviewClosed"));
  if (!votingOpen(review, now)) throw new ConflictError(messageRef("reviews.validation.votingClosedProposals"));
}

function versionOf(p: Proposal): ProposalVersion {
  return {
    id: `${p.id}:${p.version}`,
    proposalId: p.id,
    number: p.version,
    at: p.updatedAt,
    title: p.title,
    reasoning: p.reasoning,
    newBody: p.newBody,
    newFriction: p.newFriction,
    ...(p.newFields ? { newFields: p.newFields } : {}),
  };
}

// ---------------------------------------------------------------- writes

export async function submitProposal({ actor, reviewId, input }: { actor: Actor; reviewId: string; input: unknown }): Promise<Proposal> {
  const once = onceFor(actor.id, "proposal", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.proposals[earlier.recordId]);
  const data = validate(ProposalInputSchema, input);
  const reasoningHtml = renderMarkdown(data.reasoning);
  // Decided against the latest state: a review closed in another process takes no proposal.
  return writeOnce(store, once, store.data.proposals, () => {
    const review = store.data.reviews[reviewId];
    if (!review) throw new NotFoundError("Review not found");
    const now = store.clock.now();
    requireVotingOpen(review, now);
    if (!review.policyIds.includes(data.policyId)) throw fieldError("policyId", messageRef("reviews.validation.policyNotInReview"));
    const policy = store.data.policies[data.policyId];
    if (!policy || policy.status === "retired") throw fieldError("policyId", messageRef("reviews.validation.policyRetired"));
    refuseMandatedRemoval(data.kind, policy);
    const content = newContent(data, policy);
    if (data.kind === "remove" && carriesNewContent(content)) {
      throw fieldError("kind", messageRef("reviews.validation.removalCarriesNothing"));
    }
    const at = now.toISOString();
    const proposal: Proposal = {
      id: newId(),
      reviewId,
      policyId: policy.id,
      authorId: actor.id,
      kind: data.kind,
      title: data.title,
      reasoning: data.reasoning,
      reasoningHtml,
      newBody: content.newBody,
      newFriction: content.newFriction,
      ...(content.newFields ? { newFields: content.newFields } : {}),
      status: "open",
      version: 1,
      createdAt: at,
      updatedAt: at,
      decision: null,
      implementation: null,
    };
    return {
      event: {
        type: "proposal.submitted",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposal.id },
        after: {
          reviewId,
          policyId: policy.id,
          kind: proposal.kind,
          title: proposal.title,
          hoursSaved: hoursSaved(policy.friction, proposal.newFriction),
        },
      },
      changes: [put("proposals", proposal), put("proposalVersions", versionOf(proposal)), ...rememberSubmission(once, proposal.id, at)],
      result: proposal,
    };
  });
}

/** The actor's own proposal, still open in a review that takes changes; read inside a write's decision. */
function ownOpenProposal(actor: Actor, proposalId: string) {
  const store = getStore();
  const proposal = store.data.proposals[proposalId];
  if (!proposal) throw new NotFoundError("Proposal not found");
  const review = store.data.reviews[proposal.reviewId];
  if (!review) throw new NotFoundError("Review not found");
  if (proposal.authorId !== actor.id) throw new ForbiddenError("Only the author can change or withdraw this proposal.");
  const now = store.clock.now();
  requireVotingOpen(review, now);
  if (proposal.status !== "open") throw new ConflictError(messageRef("reviews.validation.withdrawn"));
  return { store, proposal, review, now };
}

/** The author edits title, reasoning, new text or estimates; the old version is kept. */
export async function editProposal({ actor, proposalId, input }: { actor: Actor; proposalId: string; input: unknown }): Promise<Proposal> {
  const data = validate(ProposalFieldsSchema, input);
  const store = getStore();
  return store.write(() => {
    const { proposal, now } = ownOpenProposal(actor, proposalId);
    const policy = store.data.policies[proposal.policyId];
    if (!policy) throw new NotFoundError("Policy not found");
    const content = newContent(data, policy);
    if (proposal.kind === "remove" && carriesNewContent(content)) {
      throw fieldError("newBody", messageRef("reviews.validation.removalNoText"));
    }
    const unchanged =
      data.title === proposal.title &&
      data.reasoning === proposal.reasoning &&
      content.newBody === proposal.newBody &&
      JSON.stringify(content.newFriction) === JSON.stringify(proposal.newFriction) &&
      JSON.stringify(content.newFields ?? null) === JSON.stringify(proposal.newFields ?? null);
    if (unchanged) return { result: proposal };
    const { newFields: _previousFields, ...rest } = proposal;
    const updated: Proposal = {
      ...rest,
      title: data.title,
      reasoning: data.reasoning,
      reasoningHtml: data.reasoning === proposal.reasoning ? proposal.reasoningHtml : renderMarkdown(data.reasoning),
      newBody: content.newBody,
      newFriction: content.newFriction,
      ...(content.newFields ? { newFields: content.newFields } : {}),
      version: proposal.version + 1,
      updatedAt: now.toISOString(),
    };
    return {
      event: {
        type: "proposal.edited",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposalId },
        before: { version: proposal.version, title: proposal.title },
        after: { version: updated.version, title: updated.title, hoursSaved: hoursSaved(policy.friction, updated.newFriction) },
      },
      changes: [put("proposals", updated), put("proposalVersions", versionOf(updated))],
      result: updated,
    };
  });
}

export async function withdrawProposal({ actor, proposalId }: { actor: Actor; proposalId: string }): Promise<Proposal> {
  return getStore().write(() => {
    const { proposal, now } = ownOpenProposal(actor, proposalId);
    const updated: Proposal = { ...proposal, status: "withdrawn", updatedAt: now.toISOString() };
    return {
      event: {
        type: "proposal.withdrawn",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposalId },
        before: { status: "open" },
        after: { status: "withdrawn" },
      },
      changes: [put("proposals", updated)],
      result: updated,
    };
  });
}

const CommentInputSchema = z.object({
  body: requiredText(10_000, messageRef("reviews.validation.comment")),
});

/** Anyone signed in comments on a proposal (Markdown) until the review closes. */
export async function addComment({ actor, proposalId, input }: { actor: Actor; proposalId: string; input: unknown }): Promise<Comment> {
  // Scoped to the proposal: one showing of a review page has a comment form for each proposal.
  const once = onceFor(actor.id, `comment:${proposalId}`, input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.comments[earlier.recordId]);
  const data = validate(CommentInputSchema, input);
  // Decided against the latest state: a review closed in another process takes no comment.
  return writeOnce(store, once, store.data.comments, () => {
    const proposal = store.data.proposals[proposalId];
    if (!proposal) throw new NotFoundError("Proposal not found");
    const review = store.data.reviews[proposal.reviewId];
    if (!review) throw new NotFoundError("Review not found");
    if (review.status !== "open" || closingReviews.has(review.id)) throw new ConflictError(messageRef("reviews.validation.discussionEnded"));
    const comment: Comment = {
      id: newId(),
      proposalId,
      reviewId: review.id,
      authorId: actor.id,
      body: data.body,
      // A mention of a colleague (@name) links to them; the notifier tells them.
      bodyHtml: renderMarkdown(linkMentions(store, data.body)),
      at: store.clock.now().toISOString(),
    };
    return {
      event: {
        type: "proposal.commented",
        actorId: actor.id,
        subject: { kind: "proposal", id: proposalId },
        after: { commentId: comment.id, length: comment.body.length },
      },
      changes: [put("comments", comment), ...rememberSubmission(once, comment.id, comment.at)],
      result: comment,
    };
  });
}

// ---------------------------------------------------------------- reads

export function proposalsOf(reviewId: string): Proposal[] {
  const { proposals } = getStore().data;
  const list: Proposal[] = [];
  for (const id of reviewIndex().proposalsByReview.get(reviewId)) {
    const p = proposals[id];
    if (p) list.push(p);
  }
  return list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The revision an adopted proposal made, if any. */
export function revisionFromProposal(policyId: string, proposalId: string) {
  const { policies, policyRevisions } = getStore().data;
  const policy = policies[policyId];
  if (!policy) return null;
  for (let n = policy.revision; n >= 1; n--) {
    const r = policyRevisions[`${policyId}:${n}`];
    if (r?.source?.proposalId === proposalId) return r;
  }
  return null;
}

export type DiffPart = { value: string; added: boolean; removed: boolean };

/** Word by word for ordinary policies; line by line for very long ones (cheaper). */
function textDiff(before: string, after: string): DiffPart[] {
  const parts = before.length + after.length > 40_000 ? diffLines(before, after) : diffWords(before, after);
  return parts.map((p) => ({ value: p.value, added: Boolean(p.added), removed: Boolean(p.removed) }));
}

export type FrictionChange = {
  before: Friction;
  after: Friction;
  hoursBefore: number;
  hoursAfter: number;
  hoursSaved: number;
};

function frictionChange(before: Friction, after: Friction | null): FrictionChange | null {
  if (!after) return null;
  return {
    before,
    after,
    hoursBefore: roundHours(customerHours(before)),
    hoursAfter: roundHours(customerHours(after)),
    hoursSaved: hoursSaved(before, after),
  };
}

/** The policy's other fields as the proposal would change them: only what changes. */
export type FieldChanges = { text: TextDiff[]; fields: FieldRow[] };

function fieldChangesOf(base: PolicyContent, changes: ProposalFieldChanges | undefined): FieldChanges | null {
  if (!changes || !Object.keys(changes).length) return null;
  const comparison = compareContent(base, { ...base, ...changes });
  const text = comparison.text.filter((t) => t.changed && t.field !== "body");
  const fields = comparison.fields.filter((f) => f.changed);
  return text.length || fields.length ? { text, fields } : null;
}

export type ProposalView = {
  id: string;
  kind: ProposalKind;
  title: string;
  status: Proposal["status"];
  version: number;
  createdAt: string;
  updatedAt: string;
  author: string;
  policy: { id: string; title: string; slug: string };
  reasoningHtml: string;
  diff: DiffPart[] | null;
  fieldChanges: FieldChanges | null;
  friction: FrictionChange | null;
  votes: VotesView;
  comments: Array<{ id: string; author: string; bodyHtml: string; at: string }>;
  versions: Array<{ number: number; at: string; title: string }>;
  decision: (NonNullable<Proposal["decision"]> & { decidedByName: string }) | null;
  implementation: Proposal["implementation"];
  revisionNumber: number | null;
  can: { edit: boolean; withdraw: boolean; vote: boolean; comment: boolean };
};

/** Every proposal of a review as the review page shows it to this person. */
export function presentProposals({ actor, review, reveal = false }: { actor: Actor; review: Review; reveal?: boolean }): ProposalView[] {
  const store = getStore();
  const { people, policies, policyRevisions, comments, proposalVersions } = store.data;
  const now = store.clock.now();
  const open = votingOpen(review, now) && !closingReviews.has(review.id);
  const discussion = review.status === "open" && !closingReviews.has(review.id);
  const index = reviewIndex();
  return proposalsOf(review.id).map((p) => {
    const policy = policies[p.policyId];
    const revision = p.status === "adopted" ? revisionFromProposal(p.policyId, p.id) : null;
    const base = revision ? policyRevisions[`${p.policyId}:${revision.number - 1}`]?.content : policy;
    const beforeBody = base?.body ?? "";
    const beforeFriction = base?.friction ?? policy?.friction;
    const own = p.authorId === actor.id;
    const proposalComments = [...index.commentsByProposal.get(p.id)]
      .map((id) => comments[id])
      .filter(Boolean)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .map((c) => ({ id: c.id, author: people[c.authorId]?.name ?? "—", bodyHtml: c.bodyHtml, at: c.at }));
    const versions: ProposalView["versions"] = [];
    for (let n = p.version; n >= 1 && p.version > 1; n--) {
      const v = proposalVersions[`${p.id}:${n}`];
      if (v) versions.push({ number: v.number, at: v.at, title: v.title });
    }
    return {
      id: p.id,
      kind: p.kind,
      title: p.title,
      status: p.status,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      author: people[p.authorId]?.name ?? "—",
      policy: { id: p.policyId, title: policy?.title ?? "—", slug: policy?.slug ?? "" },
      reasoningHtml: p.reasoningHtml,
      diff: p.newBody !== null ? textDiff(beforeBody, p.newBody) : null,
      fieldChanges: base ? fieldChangesOf(base, p.newFields) : null,
      friction: beforeFriction ? frictionChange(beforeFriction, p.newFriction) : null,
      votes: votesView({ actor, review, proposalId: p.id, reveal }),
      comments: proposalComments,
      versions,
      decision: p.decision ? { ...p.decision, decidedByName: people[p.decision.decidedBy]?.name ?? "—" } : null,
      implementation: p.implementation,
      revisionNumber: revision?.number ?? null,
      can: {
        edit: own && open && p.status === "open",
        withdraw: own && open && p.status === "open",
        vote: open && p.status === "open",
        comment: discussion,
      },
    };
  });
}

/** What the propose and edit forms show of a policy: today's text, estimates and other fields. */
export function proposableFields(p: Policy) {
  return {
    title: p.title,
    body: p.body,
    friction: p.friction,
    hours: roundHours(customerHours(p.friction)),
    summary: p.summary,
    purpose: p.purpose,
    purposeTags: p.purposeTags,
    audienceExternal: p.audienceExternal,
    audienceTeamIds: p.audienceTeamIds,
    frictionTags: p.frictionTags,
    reviewCycleMonths: p.reviewCycleMonths,
  };
}

/** The teams a proposal can name as the policy's internal customers. */
export function audienceTeamChoices() {
  return Object.values(getStore().data.teams)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({ id: t.id, name: t.name }));
}

/** A proposal for its author's edit form. */
export async function getProposalForEdit({ actor, proposalId }: { actor: Actor; proposalId: string }) {
  const store = getStore();
  const proposal = store.data.proposals[proposalId];
  if (!proposal) throw new NotFoundError("Proposal not found");
  if (proposal.authorId !== actor.id) throw new ForbiddenError("Only the author can change this proposal.");
  const policy = store.data.policies[proposal.policyId];
  const review = store.data.reviews[proposal.reviewId];
  if (!policy || !review) throw new NotFoundError("Proposal not found");
  return {
    proposal: {
      id: proposal.id,
      reviewId: proposal.reviewId,
      kind: proposal.kind,
      title: proposal.title,
      reasoning: proposal.reasoning,
      newBody: proposal.newBody ?? "",
      newFriction: proposal.newFriction,
      newFields: proposal.newFields,
      status: proposal.status,
      version: proposal.version,
    },
    policy: { id: policy.id, slug: policy.slug, ...proposableFields(policy) },
    teams: audienceTeamChoices(),
    review: { id: review.id, title: review.title },
    editable: proposal.status === "open" && review.status === "open" && votingOpen(review, store.clock.now()) && !closingReviews.has(review.id),
  };
}
