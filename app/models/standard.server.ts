/**
 * Service standards: the promises a provider team makes to its internal customers.
 *
 * Lifecycle: a manager drafts (for their own team; admins for any) → sends it to review → an
 * admin publishes it or returns it with a comment. Changing a published standard makes a new
 * draft version; the published one stays in force until the new one is published. A standard
 * can be retired with a reason. Every step is one activity event.
 *
 * The standard record says which version is in force (`publishedVersion`) and which is being
 * worked on (`draftVersion`, `draftState`); each version is a full copy of the content in
 * `standardVersions` under `${standardId}:${n}`.
 */
import { diffLines, diffWords } from "diff";
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { ActivityEvent } from "~/store/events";
import {
  SERVQUAL_DIMENSIONS,
  STANDARD_FACTORS,
  type Standard,
  type StandardContent,
  type StandardVersion,
} from "~/store/schema";
import { translator } from "~/i18n";
import { renderMarkdown } from "~/lib/markdown.server";
import { canManageTeam, isAdmin, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "./errors";
import { messageRef } from "~/i18n/ref";
import { cachedOn } from "./derived.server";
import { newId, uniqueSlug } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { formList, formNumber, formText, requiredText, validate } from "./validate";

// ---------------------------------------------------------------- input

const RESERVED_SLUGS = new Set(["new", "mine", "coverage", "print"]);

/** The content of a standard as the form sends it: flat fields, strings allowed. */
export const StandardContentInputSchema = z.object({
  title: requiredText(160, messageRef("standards.validation.title")),
  commitment: requiredText(300, messageRef("standards.validation.commitment")),
  metric: requiredText(160, messageRef("standards.validation.metric")),
  targetValue: formNumber(messageRef("standards.validation.targetValue")),
  unit: requiredText(40, messageRef("standards.validation.unit")),
  period: requiredText(40, messageRef("standards.validation.period")),
  customerTeamIds: formList(z.string().min(1)),
  dimension: z.enum(SERVQUAL_DIMENSIONS, { error: messageRef("standards.validation.dimension") }),
  factor: z.preprocess(
    (v) => (v === "" || v === undefined || v === "none" ? null : v),
    z.enum(STANDARD_FACTORS, { error: messageRef("standards.validation.factor") }).nullable(),
  ),
  body: formText(100_000).default(""),
  linkedPolicyIds: formList(z.string().min(1)),
});
export type StandardContentInput = z.input<typeof StandardContentInputSchema>;

export const NewStandardInputSchema = StandardContentInputSchema.extend({
  teamId: requiredText(100, messageRef("standards.validation.team")),
});
export type NewStandardInput = z.input<typeof NewStandardInputSchema>;

function toContent(data: z.output<typeof StandardContentInputSchema>): StandardContent {
  return {
    title: data.title,
    commitment: data.commitment,
    metric: data.metric,
    targetValue: data.targetValue,
    unit: data.unit,
    period: data.period,
    customerTeamIds: [...new Set(data.customerTeamIds)],
    dimension: data.dimension,
    factor: data.factor,
    body: data.body,
    linkedPolicyIds: [...new Set(data.linkedPolicyIds)],
  };
}

/** The flat form input for some stored content (to pre-fill the edit form). */
export function contentToInput(c: StandardContent): StandardContentInput {
  return {
    title: c.title,
    commitment: c.commitment,
    metric: c.metric,
    targetValue: c.targetValue,
    unit: c.unit,
    period: c.period,
    customerTeamIds: c.customerTeamIds,
    dimension: c.dimension,
    factor: c.factor,
    body: c.body,
    linkedPolicyIds: c.linkedPolicyIds,
  };
}

/** Checks references against the store; run synchronously right before committing. */
function checkReferences(content: StandardContent, teamId: string) {
  const { teams, policies } = getStore().data;
  const errors: Record<string, string[]> = {};
  if (!teams[teamId]) errors.teamId = [messageRef("standards.validation.team")];
  if (content.customerTeamIds.some((id) => !teams[id])) errors.customerTeamIds = [messageRef("standards.validation.customerTeams")];
  else if (content.customerTeamIds.includes(teamId))
    errors.customerTeamIds = [messageRef("standards.validation.ownTeamCustomer")];
  if (content.linkedPolicyIds.some((id) => !policies[id])) errors.linkedPolicyIds = [messageRef("standards.validation.policies")];
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

// ---------------------------------------------------------------- the template

/**
 * A new standard starts from the fantastic-service sequence: greet and welcome, determine the
 * need, meet it efficiently, check and re-check, leave the door open. The text is content the
 * author then owns, written in the author's language.
 */
export function standardTemplate({ teamName, locale = "en" }: { teamName: string; locale?: string }) {
  const t = translator(locale);
  const steps = ["greet", "need", "meet", "check", "door"] as const;
  const body = [
    t("standards.template.intro", { team: teamName }),
    ...steps.map((s, i) => `## ${i + 1}. ${t(`standards.template.${s}.heading`)}\n\n${t(`standards.template.${s}.prompt`)}`),
  ].join("\n\n");
  return {
    title: "",
    commitment: "",
    metric: "",
    targetValue: "",
    unit: "",
    period: t("standards.template.period"),
    customerTeamIds: [] as string[],
    dimension: "",
    factor: "",
    body: `${body}\n`,
    linkedPolicyIds: [] as string[],
  };
}

// ---------------------------------------------------------------- reads

export function versionOf(standardId: string, n: number | null): StandardVersion | null {
  if (n === null) return null;
  return getStore().data.standardVersions[`${standardId}:${n}`] ?? null;
}

/** The newest version number of a standard (draft or not). */
export function latestVersionNumber(s: Standard): number {
  const versions = getStore().data.standardVersions;
  let n = Math.max(s.publishedVersion ?? 0, s.draftVersion ?? 0, 1);
  while (versions[`${s.id}:${n + 1}`]) n++;
  return n;
}

function slugIndex(): Map<string, string> {
  return cachedOn(["standards"], "standards.slugs", () => {
    const map = new Map<string, string>();
    for (const s of Object.values(getStore().data.standards)) map.set(s.slug, s.id);
    return map;
  });
}

export function getStandard(id: string): Standard | null {
  return getStore().data.standards[id] ?? null;
}

export function getStandardBySlug(slug: string): Standard | null {
  const id = slugIndex().get(slug);
  return id ? getStandard(id) : null;
}

/** May this person see the versions being drafted? The provider team's manager and admins. */
export function canSeeDrafts(actor: Actor, s: Pick<Standard, "teamId">) {
  return canManageTeam(actor, s.teamId);
}

/** A published standard as the handbook shows it. */
export type PublishedStandard = {
  id: string;
  slug: string;
  teamId: string;
  teamName: string;
  version: number;
  publishedAt: string | null;
  content: StandardContent;
  bodyHtml: string;
};

/**
 * Every standard in force, ordered by provider team name then title: the handbook.
 * Cached until a standard, a version or a team changes.
 */
export function handbook(): PublishedStandard[] {
  return cachedOn(["standards", "standardVersions", "teams"], "standards.handbook", () => {
    const { standards, teams } = getStore().data;
    const list: PublishedStandard[] = [];
    for (const s of Object.values(standards)) {
      if (s.status === "retired" || s.publishedVersion === null) continue;
      const v = versionOf(s.id, s.publishedVersion);
      if (!v) continue;
      list.push({
        id: s.id,
        slug: s.slug,
        teamId: s.teamId,
        teamName: teams[s.teamId]?.name ?? "",
        version: v.number,
        publishedAt: v.publishedAt,
        content: v.content,
        bodyHtml: v.bodyHtml,
      });
    }
    list.sort((a, b) => a.teamName.localeCompare(b.teamName) || a.content.title.localeCompare(b.content.title));
    return list;
  });
}

/** Standards whose promise reaches this team: serving everyone, or naming it, never its own. */
export function servesTeam(s: { teamId: string; content: Pick<StandardContent, "customerTeamIds"> }, teamId: string) {
  if (s.teamId === teamId) return false;
  return s.content.customerTeamIds.length === 0 || s.content.customerTeamIds.includes(teamId);
}

/** Standards a team provides, in every state except retired (drafts only for those who may see them). */
export function standardsOfTeam(teamId: string): Standard[] {
  return cachedOn(["standards", "standardVersions"], `standards.ofTeam.${teamId}`, () =>
    Object.values(getStore().data.standards)
      .filter((s) => s.teamId === teamId && s.status !== "retired")
      .sort((a, b) => titleOf(a).localeCompare(titleOf(b))),
  );
}

/** The title a standard goes by: its version in force, else its draft. */
export function titleOf(s: Standard): string {
  return (versionOf(s.id, s.publishedVersion) ?? versionOf(s.id, s.draftVersion) ?? versionOf(s.id, latestVersionNumber(s)))?.content.title ?? s.slug;
}

/** The policies a standard of this team can link to: the team's own, not retired, plus those already linked. */
export function linkablePolicies(teamId: string, linked: readonly string[] = []): Array<{ id: string; title: string }> {
  const byTeam = cachedOn(["policies"], "standards.policiesByTeam", () => {
    const map = new Map<string, Array<{ id: string; title: string }>>();
    for (const p of Object.values(getStore().data.policies)) {
      if (p.status === "retired") continue;
      let list = map.get(p.teamId);
      if (!list) map.set(p.teamId, (list = []));
      list.push({ id: p.id, title: p.title });
    }
    for (const list of map.values()) list.sort((a, b) => a.title.localeCompare(b.title));
    return map;
  });
  const own = byTeam.get(teamId) ?? [];
  const ids = new Set(own.map((p) => p.id));
  const policies = getStore().data.policies;
  const extra = linked.filter((id) => !ids.has(id) && policies[id]).map((id) => ({ id, title: policies[id].title }));
  return [...own, ...extra];
}

/** Standards waiting for an admin's decision, oldest first. */
export function standardsInReview(): Standard[] {
  return Object.values(getStore().data.standards)
    .filter((s) => s.draftState === "in-review")
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

export type VersionState = "in-force" | "draft" | "in-review" | "superseded" | "withdrawn" | "retired";

export type VersionRow = {
  number: number;
  state: VersionState;
  title: string;
  author: string | null;
  at: string;
  publishedAt: string | null;
};

/** Every version of a standard, newest first, with what became of it. */
export function listVersions(s: Standard): VersionRow[] {
  const people = getStore().data.people;
  const rows: VersionRow[] = [];
  for (let n = latestVersionNumber(s); n >= 1; n--) {
    const v = versionOf(s.id, n);
    if (!v) continue;
    let state: VersionState;
    if (n === s.publishedVersion) state = s.status === "retired" ? "retired" : "in-force";
    else if (n === s.draftVersion && s.draftState) state = s.draftState;
    else if (v.publishedAt) state = "superseded";
    else state = "withdrawn";
    rows.push({ number: n, state, title: v.content.title, author: people[v.authorId]?.name ?? null, at: v.at, publishedAt: v.publishedAt });
  }
  return rows;
}

const LIFECYCLE_STEPS = ["drafted", "edited", "submitted", "returned", "published", "retired"] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];
const LIFECYCLE_EVENTS = new Map<string, LifecycleStep>(LIFECYCLE_STEPS.map((s) => [`standard.${s}`, s]));

export type HistoryRow = {
  seq: number;
  at: string;
  step: LifecycleStep;
  actor: string | null;
  version: number | null;
  note: string | null;
};

/** The lifecycle steps of a standard, newest first (acknowledgements and ratings left out). */
export function standardHistory(standardId: string, limit = 50): HistoryRow[] {
  const store = getStore();
  const events = store.activityFor("standard", standardId);
  const rows: HistoryRow[] = [];
  for (let i = events.length - 1; i >= 0 && rows.length < limit; i--) {
    const e = events[i];
    const step = LIFECYCLE_EVENTS.get(e.type);
    if (!step) continue;
    rows.push(presentHistory(store, e, step));
  }
  return rows;
}

function presentHistory(store: Store, e: ActivityEvent, step: LifecycleStep): HistoryRow {
  const after = e.after ?? {};
  const note = [after.comment, after.reason].find((v) => typeof v === "string") as string | undefined;
  return {
    seq: e.seq,
    at: e.at,
    step,
    actor: e.actorId ? (store.data.people[e.actorId]?.name ?? null) : null,
    version: typeof after.version === "number" ? after.version : null,
    note: note ?? null,
  };
}

// ---------------------------------------------------------------- a readable diff

export type DiffPart = { value: string; added?: boolean; removed?: boolean };
export type FieldChange = { field: keyof StandardContent; before: string; after: string; parts: DiffPart[] };

/** How a field reads, for comparing two versions in words. */
function describeField(field: keyof StandardContent, c: StandardContent): string {
  switch (field) {
    case "customerTeamIds": {
      if (!c.customerTeamIds.length) return "—";
      const teams = getStore().data.teams;
      return c.customerTeamIds.map((id) => teams[id]?.name ?? id).sort().join(", ");
    }
    case "linkedPolicyIds": {
      if (!c.linkedPolicyIds.length) return "—";
      const policies = getStore().data.policies;
      return c.linkedPolicyIds.map((id) => policies[id]?.title ?? id).sort().join(", ");
    }
    case "factor":
      return c.factor ?? "—";
    case "targetValue":
      return String(c.targetValue);
    default:
      return String(c[field]);
  }
}

const DIFF_FIELDS: Array<keyof StandardContent> = [
  "title",
  "commitment",
  "metric",
  "targetValue",
  "unit",
  "period",
  "customerTeamIds",
  "dimension",
  "factor",
  "linkedPolicyIds",
  "body",
];

/**
 * What changed between two versions, field by field, with the words (or, for the body, the
 * lines) removed and added. Unchanged fields are left out.
 */
export function diffContents(before: StandardContent | null, after: StandardContent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of DIFF_FIELDS) {
    const a = before ? describeField(field, before) : "";
    const b = describeField(field, after);
    if (a === b) continue;
    const parts = field === "body" ? diffLines(a, b) : diffWords(a, b);
    changes.push({
      field,
      before: a,
      after: b,
      parts: parts.map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) })),
    });
  }
  return changes;
}

/** The changes a version made compared with the one before it (version 1: everything). */
export function versionChanges(s: Standard, number: number): { from: number | null; to: number; changes: FieldChange[] } | null {
  const to = versionOf(s.id, number);
  if (!to) return null;
  const from = number > 1 ? versionOf(s.id, number - 1) : null;
  return { from: from?.number ?? null, to: number, changes: diffContents(from?.content ?? null, to.content) };
}

/** The changes the pending draft would make to the version in force. */
export function draftChanges(s: Standard): { from: number; to: number; changes: FieldChange[] } | null {
  if (s.publishedVersion === null || s.draftVersion === null) return null;
  const from = versionOf(s.id, s.publishedVersion);
  const to = versionOf(s.id, s.draftVersion);
  if (!from || !to) return null;
  return { from: from.number, to: to.number, changes: diffContents(from.content, to.content) };
}

// ---------------------------------------------------------------- writes

function requireTeamManager(actor: Actor, teamId: string) {
  if (!canManageTeam(actor, teamId)) {
    throw new ForbiddenError("Only the provider team's manager and admins can draft and change its standards.");
  }
}

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw new ForbiddenError("Only admins publish standards or return them.");
}

function loadStandard(standardId: string): Standard {
  const s = getStore().data.standards[standardId];
  if (!s) throw new NotFoundError("Standard not found");
  return s;
}

function essentials(s: Standard, title?: string) {
  return {
    title: title ?? titleOf(s),
    status: s.status,
    publishedVersion: s.publishedVersion,
    draftVersion: s.draftVersion,
    draftState: s.draftState,
  };
}

/** Drafts a new standard (version 1). Managers for their own team, admins for any. */
export async function createStandard({ actor, input }: { actor: Actor; input: unknown }): Promise<Standard> {
  const once = onceFor(actor.id, "standard", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.standards[earlier.recordId]);
  const data = validate(NewStandardInputSchema, input);
  requireTeamManager(actor, data.teamId);
  const content = toContent(data);
  checkReferences(content, data.teamId);
  const id = newId();
  // Decided against the latest state: with several processes, a slug is still never given twice.
  return writeOnce(store, once, store.data.standards, () => {
    const now = store.clock.now().toISOString();
    const slugs = slugIndex();
    const standard: Standard = {
      id,
      slug: uniqueSlug(content.title, (s) => slugs.has(s) || RESERVED_SLUGS.has(s)),
      teamId: data.teamId,
      status: "draft",
      publishedVersion: null,
      draftVersion: 1,
      draftState: "draft",
      returnComment: null,
      retiredReason: null,
      createdAt: now,
      updatedAt: now,
    };
    const version: StandardVersion = {
      id: `${id}:1`,
      standardId: id,
      number: 1,
      content,
      bodyHtml: renderMarkdown(content.body),
      authorId: actor.id,
      at: now,
      publishedAt: null,
    };
    return {
      event: {
        type: "standard.drafted",
        actorId: actor.id,
        subject: { kind: "standard", id },
        after: { ...essentials(standard, content.title), version: 1, teamId: data.teamId },
      },
      changes: [put("standards", standard), put("standardVersions", version), ...rememberSubmission(once, id, now)],
      result: standard,
    };
  });
}

/**
 * Saves changes to a standard. A draft being worked on is changed in place; a published
 * standard without a draft gets a new draft version, and the published one stays in force.
 */
export async function editStandard({ actor, standardId, input }: { actor: Actor; standardId: string; input: unknown }) {
  const existing = loadStandard(standardId);
  requireTeamManager(actor, existing.teamId);
  const data = validate(StandardContentInputSchema, input);
  const content = toContent(data);

  const store = getStore();
  return store.write(() => {
    const current = loadStandard(standardId);
    if (current.status === "retired") throw new ConflictError(messageRef("standards.validation.retiredNoChange"));
    if (current.draftState === "in-review")
      throw new ConflictError(messageRef("standards.validation.inReviewNoChange"));
    checkReferences(content, current.teamId);
    const now = store.clock.now().toISOString();
    const bodyHtml = renderMarkdown(content.body);
    const editingDraft = current.draftVersion !== null;
    const number = editingDraft ? current.draftVersion! : latestVersionNumber(current) + 1;
    const previous = versionOf(standardId, editingDraft ? number : current.publishedVersion);
    const version: StandardVersion = {
      id: `${standardId}:${number}`,
      standardId,
      number,
      content,
      bodyHtml,
      authorId: actor.id,
      at: now,
      publishedAt: null,
    };
    const next: Standard = {
      ...current,
      draftVersion: number,
      draftState: "draft",
      status: current.publishedVersion === null ? "draft" : current.status,
      updatedAt: now,
    };
    return {
      event: {
        type: "standard.edited",
        actorId: actor.id,
        subject: { kind: "standard", id: standardId },
        before: { ...essentials(current), title: previous?.content.title ?? null },
        after: {
          ...essentials(next, content.title),
          version: number,
          newVersion: !editingDraft,
          changed: diffContents(previous?.content ?? null, content).map((c) => c.field),
        },
      },
      changes: [put("standards", next), put("standardVersions", version)],
      result: { standard: next, version },
    };
  });
}

/** The author sends the draft to the admins for publishing. */
export async function submitStandard({ actor, standardId }: { actor: Actor; standardId: string }) {
  const store = getStore();
  return store.write(() => {
    const current = loadStandard(standardId);
    requireTeamManager(actor, current.teamId);
    if (current.status === "retired") throw new ConflictError(messageRef("standards.validation.retired"));
    if (current.draftState !== "draft" || current.draftVersion === null)
      throw new ConflictError(current.draftState === "in-review" ? messageRef("standards.validation.alreadyInReview") : messageRef("standards.validation.noDraft"));
    const next: Standard = {
      ...current,
      draftState: "in-review",
      status: current.publishedVersion === null ? "in-review" : current.status,
      returnComment: null,
      updatedAt: store.clock.now().toISOString(),
    };
    return {
      event: {
        type: "standard.submitted",
        actorId: actor.id,
        subject: { kind: "standard", id: standardId },
        before: essentials(current),
        after: { ...essentials(next), version: current.draftVersion },
      },
      changes: [put("standards", next)],
      result: next,
    };
  });
}

/** An admin puts the version in review in force; the one it replaces is superseded. */
export async function publishStandard({ actor, standardId }: { actor: Actor; standardId: string }) {
  requireAdmin(actor);
  const store = getStore();
  return store.write(() => {
    const current = loadStandard(standardId);
    if (current.draftState !== "in-review" || current.draftVersion === null)
      throw new ConflictError(messageRef("standards.validation.onlyInReviewPublished"));
    const version = versionOf(standardId, current.draftVersion);
    if (!version) throw new NotFoundError("Version not found");
    const now = store.clock.now().toISOString();
    const next: Standard = {
      ...current,
      status: "published",
      publishedVersion: current.draftVersion,
      draftVersion: null,
      draftState: null,
      returnComment: null,
      updatedAt: now,
    };
    return {
      event: {
        type: "standard.published",
        actorId: actor.id,
        subject: { kind: "standard", id: standardId },
        before: essentials(current),
        after: { ...essentials(next, version.content.title), version: version.number, replaced: current.publishedVersion },
      },
      changes: [put("standards", next), put("standardVersions", { ...version, publishedAt: now })],
      result: next,
    };
  });
}

const CommentSchema = z
  .string({ error: messageRef("standards.validation.returnComment") })
  .trim()
  .min(1, messageRef("standards.validation.returnComment"))
  .max(2000, messageRef("standards.validation.returnCommentTooLong"));

/** An admin sends the version in review back to its author with a comment. */
export async function returnStandard({ actor, standardId, comment }: { actor: Actor; standardId: string; comment: unknown }) {
  requireAdmin(actor);
  const parsed = CommentSchema.safeParse(comment);
  if (!parsed.success) throw fieldError("comment", parsed.error.issues[0].message);
  const store = getStore();
  return store.write(() => {
    const current = loadStandard(standardId);
    if (current.draftState !== "in-review") throw new ConflictError(messageRef("standards.validation.onlyInReviewReturned"));
    const next: Standard = {
      ...current,
      draftState: "draft",
      status: current.publishedVersion === null ? "draft" : current.status,
      returnComment: parsed.data,
      updatedAt: store.clock.now().toISOString(),
    };
    return {
      event: {
        type: "standard.returned",
        actorId: actor.id,
        subject: { kind: "standard", id: standardId },
        before: essentials(current),
        after: { ...essentials(next), version: current.draftVersion, comment: parsed.data },
      },
      changes: [put("standards", next)],
      result: next,
    };
  });
}

const ReasonSchema = z
  .string({ error: messageRef("standards.validation.retireReason") })
  .trim()
  .min(1, messageRef("standards.validation.retireReason"))
  .max(1000, messageRef("standards.validation.retireReasonTooLong"));

/** Retires a standard: it leaves the handbook, keeps its history; a pending draft is withdrawn. */
export async function retireStandard({ actor, standardId, reason }: { actor: Actor; standardId: string; reason: unknown }) {
  const existing = loadStandard(standardId);
  requireTeamManager(actor, existing.teamId);
  const parsed = ReasonSchema.safeParse(reason);
  if (!parsed.success) throw fieldError("reason", parsed.error.issues[0].message);
  const store = getStore();
  return store.write(() => {
    const current = loadStandard(standardId);
    if (current.status === "retired") throw new ConflictError(messageRef("standards.validation.alreadyRetired"));
    const next: Standard = {
      ...current,
      status: "retired",
      draftVersion: null,
      draftState: null,
      retiredReason: parsed.data,
      updatedAt: store.clock.now().toISOString(),
    };
    return {
      event: {
        type: "standard.retired",
        actorId: actor.id,
        subject: { kind: "standard", id: standardId },
        before: essentials(current),
        after: { ...essentials(next, titleOf(current)), version: current.publishedVersion, reason: parsed.data },
      },
      changes: [put("standards", next)],
      result: next,
    };
  });
}
