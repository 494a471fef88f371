/**
 * The audit trail as people read it: each activity event as a sentence (a catalogue message and
 * its values), a link to the item it is about, and filters by kind, person, item and date.
 * Sign-ins, sign-outs and refused sign-ins are kept out of every view but their own; the app's own
 * mail bookkeeping (notifications recorded and read, mails queued, sent, retried) is kept out of
 * the default view and shown under the notifications kind.
 */
import { z } from "zod";
import { getStore } from "~/store/index.server";
import { EVENT_TYPES, type ActivityEvent, type EventType, type SubjectKind } from "~/store/events";
import { LOCALES, SIGN_IN_METHODS } from "~/store/vocabulary";
import type { MessageKey, Translate } from "~/i18n";
import { isAdmin, type Actor } from "./actor";
import { ForbiddenError, ValidationError } from "./errors";
import { messageRef } from "~/i18n/ref";

/** The events that record signing in and out: shown only under their own filter. */
export const SIGN_IN_TYPES: readonly EventType[] = ["person.signed-in", "person.signed-out", "person.sign-in-refused"];

/** What the app records about its own mail: many a day, and nobody's decision. Not in the default view. */
export const BOOKKEEPING_TYPES: readonly EventType[] = [
  "notifications.recorded",
  "notifications.read",
  "delivery.queued",
  "delivery.sent",
  "delivery.retrying",
  "delivery.failed",
  "delivery.skipped",
];

/** The kinds a reader filters by; "review" takes in its proposals, "sign-ins" the events above. */
export const AUDIT_KINDS = ["policy", "review", "standard", "person", "team", "pulse", "notification", "store", "sign-ins"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const EVENT_TYPE_LIST = Object.keys(EVENT_TYPES) as EventType[];

/** The kind an event is filed under. */
export function auditKindOf(type: EventType): AuditKind {
  if (SIGN_IN_TYPES.includes(type)) return "sign-ins";
  const subject = EVENT_TYPES[type] as SubjectKind;
  return subject === "proposal" ? "review" : (subject as AuditKind);
}

/** The event types filed under each kind, in catalogue order: the options of the "what" filter. */
export function eventTypesOf(kind: AuditKind): EventType[] {
  return EVENT_TYPE_LIST.filter((t) => auditKindOf(t) === kind);
}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00.000Z`)) && new Date(`${s}T00:00:00.000Z`).toISOString().startsWith(s));

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);

const AuditQuerySchema = z.object({
  kind: z.preprocess(blankToUndefined, z.union([z.enum(AUDIT_KINDS), z.enum(EVENT_TYPE_LIST as [EventType, ...EventType[]])]).optional()),
  person: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  item: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  from: z.preprocess(blankToUndefined, isoDay.optional()),
  to: z.preprocess(blankToUndefined, isoDay.optional()),
  page: z.preprocess((v) => (v === null || v === undefined || v === "" ? 1 : Number(v)), z.number().int().min(1).max(1_000_000).catch(1)),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** The filters as the URL carries them; a kind, date or text it cannot read is a 400 with the field named. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const raw = Object.fromEntries(["kind", "person", "item", "from", "to", "page"].map((k) => [k, params.get(k) ?? undefined]));
  const parsed = AuditQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      const ref =
        field === "from" || field === "to"
          ? messageRef("admin.trail.errors.date")
          : field === "kind"
            ? messageRef("admin.trail.errors.kind")
            : messageRef("admin.trail.errors.text", { max: 200 });
      fieldErrors[field] = [ref];
    }
    throw new ValidationError(fieldErrors);
  }
  const q = parsed.data;
  if (q.from && q.to && q.from > q.to) throw new ValidationError({ to: [messageRef("admin.trail.errors.range")] });
  return q;
}

/** Lower case, without accents: "Sofía" is found by "sofia". */
function fold(s: string) {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// ---------------------------------------------------------------- items

export type AuditItem = { label: string; href: string | null };

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v : null;
}

/** The item an event is about, named as it is called today, with where to find it. */
export function itemOf(e: ActivityEvent): AuditItem | null {
  const data = getStore().data;
  const fallback = text(e.after?.title) ?? text(e.before?.title) ?? text(e.after?.name) ?? text(e.before?.name);
  const id = e.subject.id;
  switch (e.subject.kind) {
    case "team": {
      const team = data.teams[id];
      return { label: team?.name ?? fallback ?? id, href: team ? `/admin/teams/${team.id}` : null };
    }
    case "person": {
      const person = data.people[id];
      return { label: person?.name ?? fallback ?? id, href: person ? `/admin/people/${person.id}` : null };
    }
    case "policy": {
      const policy = data.policies[id];
      return { label: policy?.title ?? fallback ?? id, href: policy ? `/policies/${policy.slug}` : null };
    }
    case "review": {
      const review = data.reviews[id];
      return { label: review?.title ?? fallback ?? id, href: review ? `/reviews/${review.id}` : null };
    }
    case "proposal": {
      const proposal = data.proposals[id];
      return { label: proposal?.title ?? fallback ?? id, href: proposal ? `/reviews/${proposal.reviewId}#proposal-${proposal.id}` : null };
    }
    case "standard": {
      const s = data.standards[id];
      const v = s ? data.standardVersions[`${s.id}:${s.publishedVersion ?? s.draftVersion}`] : null;
      return { label: v?.content.title ?? fallback ?? id, href: s ? `/standards/${s.slug}` : null };
    }
    case "pulse": {
      const pulse = data.pulses[id];
      return { label: pulse?.title ?? fallback ?? id, href: pulse ? "/pulse" : null };
    }
    case "notification": {
      if (e.type.startsWith("delivery.") && e.type !== "delivery.queued") {
        const delivery = data.deliveries[id];
        const to = delivery ? data.people[delivery.personId] : undefined;
        return { label: to?.name ?? id, href: delivery ? `/admin/outbox/${encodeURIComponent(delivery.id)}` : null };
      }
      if (e.type === "notifications.recorded" || e.type === "delivery.queued") return null;
      const person = data.people[id];
      return person ? { label: person.name, href: `/admin/people/${person.id}` } : null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------- sentences

export type SentenceValues = Record<string, string | number>;

/** The catalogue key of an event's sentence; every event type has one (a unit test holds them to it). */
export function sentenceKey(type: EventType): MessageKey {
  return `admin.trail.sentences.${type}` as MessageKey;
}

/** Names of what an event refers to besides its subject, as the store knows them today. */
export type Names = { person(id: unknown): string; team(id: unknown): string; reviewOfProposal(proposalId: string): string };

function storeNames(): Names {
  const data = getStore().data;
  const get = <T,>(table: Record<string, T>, id: unknown) => (typeof id === "string" ? table[id] : undefined);
  return {
    person: (id) => get(data.people, id)?.name ?? "—",
    team: (id) => get(data.teams, id)?.name ?? "—",
    reviewOfProposal: (id) => get(data.reviews, data.proposals[id]?.reviewId)?.title ?? "—",
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const choice = (v: unknown, options: readonly string[]) => (typeof v === "string" && options.includes(v) ? v : "other");
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The values of an event's sentence besides `actor` and `item` (which the page turns into links):
 * counts, outcomes and choices, each from what the event recorded. Select values are limited to
 * the options the messages know; anything else reads as "other".
 */
export function sentenceValues(e: ActivityEvent, names: Names): SentenceValues {
  const a = e.after ?? {};
  const b = e.before ?? {};
  switch (e.type) {
    case "store.migrated":
      return { version: num(a.schemaVersion) };
    case "team.updated":
      return { renamed: text(b.name) && text(a.name) && b.name !== a.name ? "yes" : "no", oldName: text(b.name) ?? "" };
    case "person.created":
      return {
        role: choice(a.role, ["employee", "manager", "admin"]),
        team: names.team(a.teamId),
        via: a.via === "company account" ? "company" : a.via === "people directory import" ? "import" : a.invited === true ? "invited" : "other",
      };
    case "person.updated":
      return { via: a.via === "company account" ? "company" : a.via === "people directory import" ? "import" : "other" };
    case "person.deactivated":
      return { via: a.via === "people directory import" ? "import" : "other" };
    case "person.locale-changed":
      return { locale: choice(a.locale, LOCALES) };
    case "person.signed-in":
      return { method: choice(a.method, SIGN_IN_METHODS) };
    case "person.sign-in-refused":
      return { reason: choice(a.reason, ["emailUnverified", "emailTaken", "inactive", "noTeam", "noEmail"]) };
    case "policy.revised":
    case "policy.acknowledgement-requested":
    case "policy.acknowledged":
      return { revision: num(a.revision) };
    case "policy.friction-reported":
    case "policy.friction-report-edited":
      return { minutes: num(a.minutesLost), effort: num(a.effort) };
    case "review.opened":
      return { policies: Array.isArray(a.policyIds) ? a.policyIds.length : 0 };
    case "review.closed": {
      const decisions = Array.isArray(a.decisions) ? (a.decisions as Array<{ outcome?: unknown }>) : [];
      const count = (o: string) => decisions.filter((d) => d?.outcome === o).length;
      return { adopted: count("adopted"), rejected: count("rejected"), deferred: count("deferred"), hours: round1(num(a.hoursRemoved)) };
    }
    case "proposal.submitted":
    case "proposal.withdrawn":
    case "proposal.commented":
      return { review: names.reviewOfProposal(e.subject.id) };
    case "proposal.edited":
      return { version: num(a.version) };
    case "proposal.voted":
      return { position: choice(a.position, ["agree", "abstain", "disagree", "block"]), changed: e.before ? "yes" : "no" };
    case "proposal.decided":
      return { outcome: choice(a.outcome, ["adopted", "rejected", "deferred"]) };
    case "proposal.implementation-updated":
      return { status: a.implementation === "in-progress" ? "inProgress" : choice(a.implementation, ["planned", "done"]), owner: names.person(a.ownerId) };
    case "standard.published":
    case "standard.acknowledged":
    case "standard.submitted":
      return { version: num(a.version) };
    case "standard.rated":
      return { score: num(a.score) };
    case "notifications.recorded":
      return { count: num(a.notifications) };
    case "notifications.read":
      return { count: num(a.count) };
    case "delivery.queued":
      return { count: num(a.digests) };
    case "delivery.sent":
    case "delivery.retrying":
    case "delivery.failed":
    case "delivery.skipped":
      return { attempts: num(a.attempts) };
    default:
      return {};
  }
}

// ---------------------------------------------------------------- listing

export type AuditEntry = {
  seq: number;
  at: string;
  type: EventType;
  kind: AuditKind;
  actor: { name: string; href: string | null } | null;
  item: AuditItem | null;
  key: MessageKey;
  values: SentenceValues;
};

export function presentAuditEvent(e: ActivityEvent, names: Names = storeNames()): AuditEntry {
  const person = e.actorId ? getStore().data.people[e.actorId] : undefined;
  return {
    seq: e.seq,
    // A pulse answer shows only its day: an exact time could be matched against sign-ins.
    at: e.type === "pulse.answered" ? `${e.at.slice(0, 10)}T00:00:00.000Z` : e.at,
    type: e.type,
    kind: auditKindOf(e.type),
    actor: e.type === "pulse.answered" || !person ? null : { name: person.name, href: `/admin/people/${person.id}` },
    item: itemOf(e),
    key: sentenceKey(e.type),
    values: sentenceValues(e, names),
  };
}

/** A test for one event against the filters; the person and item texts are matched once, up front. */
function matcher(q: AuditQuery) {
  const data = getStore().data;
  const kind = q.kind;
  let people: Set<string> | null = null;
  if (q.person) {
    const needle = fold(q.person);
    people = new Set(
      Object.values(data.people)
        .filter((p) => p.id === q.person || fold(p.name).includes(needle) || fold(p.email).includes(needle))
        .map((p) => p.id),
    );
  }
  const itemNeedle = q.item ? fold(q.item) : null;
  const labels = new Map<string, boolean>();
  const itemMatches = (e: ActivityEvent) => {
    const key = `${e.subject.kind}:${e.subject.id}:${e.type.startsWith("delivery.") ? "d" : ""}`;
    const known = labels.get(key);
    if (known !== undefined) return known;
    const item = itemOf(e);
    let hit = e.subject.id === q.item || (item !== null && fold(item.label).includes(itemNeedle!));
    // A proposal is also found by its review's title.
    if (!hit && e.subject.kind === "proposal") {
      const review = data.reviews[data.proposals[e.subject.id]?.reviewId ?? ""];
      hit = review !== undefined && (review.id === q.item || fold(review.title).includes(itemNeedle!));
    }
    labels.set(key, hit);
    return hit;
  };
  const from = q.from ? `${q.from}T00:00:00.000Z` : null;
  const before = q.to ? new Date(Date.parse(`${q.to}T00:00:00.000Z`) + 86_400_000).toISOString() : null;
  return (e: ActivityEvent) => {
    const signIn = SIGN_IN_TYPES.includes(e.type);
    if (!kind) {
      if (signIn || BOOKKEEPING_TYPES.includes(e.type)) return false;
    } else if (kind === "sign-ins") {
      if (!signIn) return false;
    } else if ((AUDIT_KINDS as readonly string[]).includes(kind)) {
      if (signIn || auditKindOf(e.type) !== kind) return false;
    } else if (e.type !== kind) return false;
    if (from && e.at < from) return false;
    if (before && e.at >= before) return false;
    if (people && !((e.actorId && people.has(e.actorId)) || (e.subject.kind === "person" && people.has(e.subject.id)) || (e.subject.kind === "notification" && people.has(e.subject.id)))) {
      return false;
    }
    if (itemNeedle && !itemMatches(e)) return false;
    return true;
  };
}

/** Every event the filters let through, newest first. */
export function auditEvents({ actor, query }: { actor: Actor; query: AuditQuery }): ActivityEvent[] {
  if (!isAdmin(actor)) throw new ForbiddenError();
  const all = getStore().activity;
  const test = matcher(query);
  const out: ActivityEvent[] = [];
  for (let i = all.length - 1; i >= 0; i--) if (test(all[i])) out.push(all[i]);
  return out;
}

/** The audit trail for admins, newest first, fifty to a page. */
export function auditPage({ actor, query, pageSize = 50 }: { actor: Actor; query: AuditQuery; pageSize?: number }) {
  if (!isAdmin(actor)) throw new ForbiddenError();
  const all = getStore().activity;
  const test = matcher(query);
  const start = (query.page - 1) * pageSize;
  const rows: ActivityEvent[] = [];
  let matched = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const e = all[i];
    if (!test(e)) continue;
    if (matched >= start && rows.length < pageSize) rows.push(e);
    matched++;
  }
  const names = storeNames();
  const pages = Math.max(1, Math.ceil(matched / pageSize));
  return { rows: rows.map((e) => presentAuditEvent(e, names)), total: matched, page: query.page, pages };
}

/** The sentence as plain text, for the CSV export: the actor and item by name. */
export function sentenceText(t: Translate, entry: AuditEntry): string {
  return t(entry.key, { ...entry.values, actor: entry.actor?.name ?? t("admin.trail.system"), item: entry.item?.label ?? "—" });
}

/** Column headings of the export, in the reader's language. */
export const AUDIT_CSV_COLUMNS = ["number", "when", "who", "what", "event", "item", "link"] as const;

/** The export's rows; links are absolute (`base` is APP_URL) so that they work from a spreadsheet. */
export function auditCsvRecords(t: Translate, entries: AuditEntry[], base = "") {
  const heading = (c: (typeof AUDIT_CSV_COLUMNS)[number]) => t(`admin.trail.csv.${c}` as MessageKey);
  const columns = AUDIT_CSV_COLUMNS.map(heading);
  const records = entries.map((entry) => {
    const r: Record<string, string | number> = {};
    r[heading("number")] = entry.seq;
    r[heading("when")] = entry.at;
    r[heading("who")] = entry.actor?.name ?? "";
    r[heading("what")] = sentenceText(t, entry);
    r[heading("event")] = t(`admin.events.${entry.type}` as MessageKey);
    r[heading("item")] = entry.item?.label ?? "";
    r[heading("link")] = entry.item?.href ? `${base}${entry.item.href}` : "";
    return r;
  });
  return { columns, records };
}
