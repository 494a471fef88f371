/**
 * Policies: creating, revising, retiring and reinstating them. Every save is a revision with
 * author, time, note and full content; the policy record holds the current content.
 */
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Change } from "~/store/events";
import type { Store } from "~/store/store.server";
import {
  FRICTION_TAGS,
  MANDATES,
  PURPOSE_TAGS,
  type Policy,
  type PolicyContent,
  type PolicyRevision,
} from "~/store/schema";
import { renderMarkdown } from "~/lib/markdown.server";
import { canManageTeam, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "./errors";
import { newId, uniqueSlug } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { formCheckbox, formList, formNumber, formText, requiredText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

// ---------------------------------------------------------------- input

const count = (field: "steps" | "approvals" | "handoffs") =>
  formNumber(messageRef(`policies.validation.number.${field}`)).pipe(
    z.number().int(messageRef(`policies.validation.wholeNumber.${field}`)).min(0, messageRef(`policies.validation.negative.${field}`)),
  );
const amount = (field: "occurrences" | "activeMinutes" | "waitingMinutes") =>
  formNumber(messageRef(`policies.validation.number.${field}`)).pipe(z.number().min(0, messageRef(`policies.validation.negative.${field}`)));

/**
 * A policy as a form, an import row or another module sends it: flat fields, strings allowed.
 * The same schema serves the create and edit forms and the CSV import.
 */
export const PolicyInputSchema = z.object({
  title: requiredText(160, messageRef("policies.validation.title")),
  summary: formText(300).default(""),
  body: formText(100_000).default(""),
  teamId: requiredText(100, messageRef("policies.validation.team")),
  ownerId: requiredText(100, messageRef("policies.validation.owner")),
  purpose: formText(2000).default(""),
  purposeTags: formList(z.enum(PURPOSE_TAGS, { error: messageRef("policies.validation.purposeTags") })),
  audienceExternal: formCheckbox.default(false),
  audienceTeamIds: formList(z.string().min(1)),
  mandate: z.enum(MANDATES, { error: messageRef("policies.validation.mandate") }),
  occurrencesPerMonth: amount("occurrences"),
  steps: count("steps"),
  approvals: count("approvals"),
  handoffs: count("handoffs"),
  activeMinutes: amount("activeMinutes"),
  waitingMinutes: amount("waitingMinutes"),
  frictionTags: formList(z.enum(FRICTION_TAGS, { error: messageRef("policies.validation.frictionTags") })),
  reviewCycleMonths: formNumber(messageRef("policies.validation.reviewCycle")).pipe(
    z.number().int(messageRef("policies.validation.wholeMonths")).min(1, messageRef("policies.validation.reviewCycleRange")).max(120, messageRef("policies.validation.reviewCycleRange")),
  ),
  lastReviewedOn: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, messageRef("policies.validation.date")).nullable(),
  ).default(null),
});
export type PolicyInput = z.input<typeof PolicyInputSchema>;
type ParsedPolicyInput = z.output<typeof PolicyInputSchema>;

/** The flat input for a policy's current content (to pre-fill forms, or to revise a few fields). */
export function policyToInput(p: PolicyContent & { lastReviewedOn?: string | null }): PolicyInput {
  return {
    title: p.title,
    summary: p.summary,
    body: p.body,
    teamId: p.teamId,
    ownerId: p.ownerId,
    purpose: p.purpose,
    purposeTags: p.purposeTags,
    audienceExternal: p.audienceExternal,
    audienceTeamIds: p.audienceTeamIds,
    mandate: p.mandate,
    ...p.friction,
    frictionTags: p.frictionTags,
    reviewCycleMonths: p.reviewCycleMonths,
    lastReviewedOn: p.lastReviewedOn ?? null,
  };
}

function toContent(data: ParsedPolicyInput): PolicyContent {
  return {
    title: data.title,
    summary: data.summary,
    body: data.body,
    teamId: data.teamId,
    ownerId: data.ownerId,
    purpose: data.purpose,
    purposeTags: [...new Set(data.purposeTags)],
    audienceExternal: data.audienceExternal,
    audienceTeamIds: [...new Set(data.audienceTeamIds)],
    mandate: data.mandate,
    friction: {
      occurrencesPerMonth: data.occurrencesPerMonth,
      steps: data.steps,
      approvals: data.approvals,
      handoffs: data.handoffs,
      activeMinutes: data.activeMinutes,
      waitingMinutes: data.waitingMinutes,
    },
    frictionTags: [...new Set(data.frictionTags)],
    reviewCycleMonths: data.reviewCycleMonths,
  };
}

/**
 * Checks references against the store; run synchronously right before committing. An owner who
 * has left may stay on a revision that does not change the owner (an orphan can still be edited
 * and simplified); a new owner must be active.
 */
function checkReferences(content: PolicyContent, currentOwnerId: string | null = null) {
  const { teams, people } = getStore().data;
  const errors: Record<string, string[]> = {};
  if (!teams[content.teamId]) errors.teamId = [messageRef("policies.validation.team")];
  const owner = people[content.ownerId];
  if (!owner) errors.ownerId = [messageRef("policies.validation.owner")];
  else if (!owner.active && owner.id !== currentOwnerId) errors.ownerId = [messageRef("policies.validation.ownerInactive")];
  if (content.audienceTeamIds.some((id) => !teams[id])) errors.audienceTeamIds = [messageRef("policies.validation.audienceTeams")];
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function requireManager(actor: Actor, teamId: string) {
  if (!canManageTeam(actor, teamId)) {
    throw new ForbiddenError("Only managers of the owning team and admins can change this policy.");
  }
}

/** Fields worth naming in the activity log when they change. */
function essentials(p: PolicyContent & { status?: string }) {
  return {
    title: p.title,
    teamId: p.teamId,
    ownerId: p.ownerId,
    status: p.status,
    purposeTags: p.purposeTags,
    customerMinutes: p.friction.occurrencesPerMonth * (p.friction.activeMinutes + p.friction.waitingMinutes),
    friction: p.friction,
    hasPurpose: p.purpose.trim().length > 0,
  };
}

// ---------------------------------------------------------------- reads

/** Slugs a policy can never take: they are the catalogue's own pages (/policies/new …). */
const RESERVED_SLUGS = new Set(["new", "import", "export", "export-csv", "export-json", "acknowledgements", "acknowledgements-csv"]);

/**
 * slug → id, built once per store and kept current by every commit that touches a policy, so
 * the policy page and a new policy's slug never scan the whole catalogue.
 */
const slugIndexes = new WeakMap<Store, Map<string, string>>();

export function slugIndex(): Map<string, string> {
  const store = getStore();
  let index = slugIndexes.get(store);
  if (index) return index;
  const built = new Map<string, string>();
  for (const p of Object.values(store.data.policies)) built.set(p.slug, p.id);
  store.subscribe((_event, changes) => {
    for (const change of changes) {
      if (change.c !== "policies") continue;
      if ("v" in change) built.set((change.v as Policy).slug, change.id);
      else for (const [slug, id] of built) if (id === change.id) built.delete(slug);
    }
  });
  slugIndexes.set(store, built);
  index = built;
  return index;
}

export async function getPolicy(id: string): Promise<Policy | null> {
  return getStore().data.policies[id] ?? null;
}

export async function getPolicyBySlug(slug: string): Promise<Policy | null> {
  return policyBySlug(slug);
}

function policyBySlug(slug: string): Policy | null {
  const id = slugIndex().get(slug);
  return id ? (getStore().data.policies[id] ?? null) : null;
}

export async function listRevisions(policyId: string): Promise<PolicyRevision[]> {
  const store = getStore();
  const policy = store.data.policies[policyId];
  if (!policy) return [];
  const revisions: PolicyRevision[] = [];
  for (let n = policy.revision; n >= 1; n--) {
    const r = store.data.policyRevisions[`${policyId}:${n}`];
    if (r) revisions.push(r);
  }
  return revisions;
}

export async function getRevision(policyId: string, number: number): Promise<PolicyRevision | null> {
  return getStore().data.policyRevisions[`${policyId}:${number}`] ?? null;
}

// ---------------------------------------------------------------- writes

/** Catalogues a new policy (status active, or draft). Managers for their team, admins for any. */
export async function createPolicy({
  actor,
  input,
  status = "active",
  note = "Catalogued",
  imported = false,
}: {
  actor: Actor;
  input: unknown;
  status?: "active" | "draft";
  note?: string;
  imported?: boolean;
}): Promise<Policy> {
  const once = onceFor(actor.id, "policy", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.policies[earlier.recordId]);
  const data = validate(PolicyInputSchema, input);
  const content = toContent(data);
  requireManager(actor, content.teamId);
  checkReferences(content);
  const id = newId();
  // Decided against the latest state: with several processes, a slug is still never given twice.
  return writeOnce(store, once, store.data.policies, () => {
    const now = store.clock.now().toISOString();
    const slugs = slugIndex();
    const policy: Policy = {
      ...content,
      id,
      slug: uniqueSlug(content.title, (s) => slugs.has(s) || RESERVED_SLUGS.has(s)),
      status,
      lastReviewedOn: data.lastReviewedOn,
      bodyHtml: renderMarkdown(content.body),
      revision: 1,
      retiredReason: null,
      createdAt: now,
      updatedAt: now,
    };
    const revision: PolicyRevision = {
      id: `${id}:1`,
      policyId: id,
      number: 1,
      authorId: actor.id,
      at: now,
      note,
      content,
      source: null,
    };
    return {
      event: {
        type: imported ? "policy.imported" : "policy.created",
        actorId: actor.id,
        subject: { kind: "policy", id },
        after: essentials(policy),
      },
      changes: [put("policies", policy), put("policyRevisions", revision), ...rememberSubmission(once, policy.id, now)],
      result: policy,
    };
  });
}

const NoteSchema = z.string().trim().min(1, messageRef("policies.validation.note")).max(300, messageRef("policies.validation.noteTooLong"));

/**
 * Saves a new revision of a policy: the edit form's path, and the path an adopted proposal
 * takes (with `source`). The change note is required.
 */
export async function revisePolicy({
  actor,
  policyId,
  input,
  note,
  source = null,
}: {
  actor: Actor;
  policyId: string;
  input: unknown;
  note: unknown;
  source?: { reviewId: string; proposalId: string } | null;
}): Promise<{ policy: Policy; revision: PolicyRevision }> {
  const store = getStore();
  const existing = store.data.policies[policyId];
  if (!existing) throw new NotFoundError("Policy not found");
  requireManager(actor, existing.teamId);
  const parsedNote = NoteSchema.safeParse(note);
  let data: ParsedPolicyInput;
  try {
    data = validate(PolicyInputSchema, input);
  } catch (error) {
    if (error instanceof ValidationError && !parsedNote.success) {
      error.fieldErrors.note = parsedNote.error.issues.map((i) => i.message);
    }
    throw error;
  }
  if (!parsedNote.success) throw fieldError("note", parsedNote.error.issues[0].message);
  const content = toContent(data);
  if (content.teamId !== existing.teamId) requireManager(actor, content.teamId);

  // Decided against the latest state: two revisions sent at once in two processes become two
  // numbered revisions, one after the other, never one revision written over another.
  return store.write(() => {
    const current = store.data.policies[policyId];
    if (!current) throw new NotFoundError("Policy not found");
    checkReferences(content, current.ownerId);
    const now = store.clock.now().toISOString();
    const number = current.revision + 1;
    const policy: Policy = {
      ...current,
      ...content,
      lastReviewedOn: data.lastReviewedOn ?? current.lastReviewedOn,
      bodyHtml: content.body === current.body ? current.bodyHtml : renderMarkdown(content.body),
      revision: number,
      updatedAt: now,
    };
    const revision: PolicyRevision = {
      id: `${policyId}:${number}`,
      policyId,
      number,
      authorId: actor.id,
      at: now,
      note: parsedNote.data,
      content,
      source,
    };
    return {
      event: {
        type: "policy.revised",
        actorId: actor.id,
        subject: { kind: "policy", id: policyId },
        before: essentials(current),
        after: { ...essentials(policy), revision: number, note: parsedNote.data, source },
      },
      changes: [put("policies", policy), put("policyRevisions", revision)],
      result: { policy, revision },
    };
  });
}

const ReasonSchema = z.string().trim().min(1, messageRef("policies.validation.retireReason")).max(1000);

/** Retires a policy: it stays readable with its history, out of the default catalogue. */
export async function retirePolicy({
  actor,
  policyId,
  reason,
  source = null,
}: {
  actor: Actor;
  policyId: string;
  reason: unknown;
  source?: { reviewId: string; proposalId: string } | null;
}): Promise<Policy> {
  const parsed = ReasonSchema.safeParse(reason);
  return changeStatus({
    actor,
    policyId,
    type: "policy.retired",
    allowed: (p) => p.status !== "retired",
    refusal: messageRef("policies.validation.alreadyRetired"),
    change: () => {
      if (!parsed.success) throw fieldError("reason", parsed.error.issues[0].message);
      return { status: "retired", retiredReason: parsed.data };
    },
    note: () => ({ reason: parsed.data, source }),
  });
}

export async function reinstatePolicy({ actor, policyId }: { actor: Actor; policyId: string }): Promise<Policy> {
  return changeStatus({
    actor,
    policyId,
    type: "policy.reinstated",
    allowed: (p) => p.status === "retired",
    refusal: messageRef("policies.validation.onlyRetiredReinstated"),
    change: () => ({ status: "active", retiredReason: null }),
  });
}

/** Puts a draft into force. */
export async function activatePolicy({ actor, policyId }: { actor: Actor; policyId: string }): Promise<Policy> {
  return changeStatus({
    actor,
    policyId,
    type: "policy.activated",
    allowed: (p) => p.status === "draft",
    refusal: messageRef("policies.validation.onlyDraftActivated"),
    change: () => ({ status: "active" }),
  });
}

/**
 * One change of a policy's status: who may, whether its current status allows it, the change,
 * and its event — decided against the latest state inside the store's write.
 */
async function changeStatus({
  actor,
  policyId,
  type,
  allowed,
  refusal,
  change,
  note = () => ({}),
}: {
  actor: Actor;
  policyId: string;
  type: "policy.retired" | "policy.reinstated" | "policy.activated";
  allowed: (p: Policy) => boolean;
  refusal: string;
  change: () => Partial<Pick<Policy, "status" | "retiredReason">>;
  note?: () => Record<string, unknown>;
}): Promise<Policy> {
  const store = getStore();
  return store.write(() => {
    const current = store.data.policies[policyId];
    if (!current) throw new NotFoundError("Policy not found");
    requireManager(actor, current.teamId);
    const fields = change();
    if (!allowed(current)) throw new ConflictError(refusal);
    const policy: Policy = { ...current, ...fields, updatedAt: store.clock.now().toISOString() };
    return {
      event: {
        type,
        actorId: actor.id,
        subject: { kind: "policy", id: policyId },
        before: essentials(current),
        after: { ...essentials(policy), ...note() },
      },
      changes: [put("policies", policy)],
      result: policy,
    };
  });
}

// ---------------------------------------------------------------- reviews' effect on policies

/**
 * The changes that mark policies as under review, for the review module to commit together
 * with the review itself (one event, one step).
 */
export function underReviewChanges(policyIds: string[], at: string): Change[] {
  const { policies } = getStore().data;
  return policyIds.map((id) => {
    const p = policies[id];
    if (!p) throw new NotFoundError("Policy not found");
    if (p.status === "retired") throw fieldError("policyIds", `"${p.title}" is retired and cannot be reviewed.`);
    return put("policies", { ...p, status: "under-review", updatedAt: at });
  });
}

/**
 * The changes when a review closes: each policy's last-review date moves to the closing day
 * (so its next review moves forward) and "under review" is lifted (unless it was retired).
 */
export function reviewClosedChanges(policyIds: string[], at: string): Change[] {
  const { policies } = getStore().data;
  return policyIds.flatMap((id) => {
    const p = policies[id];
    if (!p) return [];
    return [
      put("policies", {
        ...p,
        status: p.status === "under-review" ? "active" : p.status,
        lastReviewedOn: at.slice(0, 10),
        updatedAt: at,
      }),
    ];
  });
}
