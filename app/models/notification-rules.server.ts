/**
 * Who is owed which notification: the same rules that decide who may vote, who owns a policy,
 * who must acknowledge a standard and who manages a team. Pure reads of the store: the
 * notifier (./notification.server.ts) records what these return, and asks `stillOwed` again
 * just before a mail goes out.
 */
import type { Store } from "~/store/store.server";
import type { ActivityEvent } from "~/store/events";
import type { Notification, NotificationKind, Person, Policy, Rating, Review } from "~/store/schema";
import { Slicer } from "~/lib/slices.server";
import { nextReviewOn } from "./friction";
import { reviewIndex } from "./review-index.server";
import { votingOpen } from "./review-rules";
import { acknowledgementId, isBoundBy, isBoundByPolicy, policyAcknowledgementId } from "./acknowledgement.server";
import { computeHealth, healthOf, ratingId, ratingIndex } from "./rating.server";
import { askedPeople, changesToFollowUp, followUpReportId, takesEffectAt } from "./follow-up.server";

/** One notification owed to one person, before it is recorded. */
export type Owed = {
  personId: string;
  kind: NotificationKind;
  /** What it is about, unique per occasion: recording the same occasion twice records it once. */
  occasion: string;
  params: Record<string, string>;
  link: string;
};

export function notificationId(o: Pick<Owed, "kind" | "occasion" | "personId">) {
  return `${o.kind}:${o.occasion}:${o.personId}`;
}

const DAY_MS = 86_400_000;
/** The reminder before a review closes. */
export const CLOSING_SOON_MS = 48 * 3_600_000;
/** An owner hears of a policy's review this many days before it is due. */
export const DUE_NOTICE_DAYS = 14;
/** A member who has not acknowledged a new version is reminded once, this many days after it was published. */
export const ACK_REMINDER_DAYS = 7;
export { FOLLOW_UP_DAYS } from "./follow-up.server";

function excerpt(text: string, max = 280) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function activePeople(store: Store): Person[] {
  return Object.values(store.data.people).filter((p) => p.active);
}

function policyTitles(store: Store, review: Review) {
  const titles = review.policyIds.map((id) => store.data.policies[id]?.title).filter(Boolean) as string[];
  return titles.length > 3 ? `${titles.slice(0, 3).join(", ")} …` : titles.join(", ");
}

/** Has the person voted on any proposal of the review? */
export function hasVotedIn(store: Store, reviewId: string, personId: string) {
  for (const proposalId of reviewIndex().proposalsByReview.get(reviewId)) {
    if (store.data.votes[`${proposalId}:${personId}`]) return true;
  }
  return false;
}

function openProposalCount(store: Store, reviewId: string) {
  let n = 0;
  for (const id of reviewIndex().proposalsByReview.get(reviewId)) if (store.data.proposals[id]?.status === "open") n++;
  return n;
}

/**
 * `@handle` in a comment names a colleague: the part of their email address before the @
 * (`@bbakker` for bbakker@example.com), or their name in lower case with dots for spaces
 * (`@bob.bakker` for "Bob Bakker", accents dropped).
 */
const MENTION = /(?:^|[^\w@.])@([a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9])/gi;

/** The handles a person answers to: their email's local part and their name as a handle. */
export function handlesOf(p: Pick<Person, "email" | "name">): string[] {
  const local = p.email.slice(0, p.email.indexOf("@")).toLowerCase();
  const name = p.name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "");
  return name && name !== local ? [local, name] : [local];
}

/**
 * Each `@handle` of a text that resolves to exactly one active colleague. A handle two people
 * answer to resolves to nobody: a mention must name one person, never a guess.
 */
export function resolveMentions(store: Store, text: string): Map<string, Person> {
  const handles = new Set<string>();
  for (const m of text.matchAll(MENTION)) handles.add(m[1].toLowerCase());
  const resolved = new Map<string, Person>();
  if (!handles.size) return resolved;
  const candidates = new Map<string, Set<Person>>();
  for (const p of activePeople(store)) {
    for (const h of handlesOf(p)) {
      if (!handles.has(h)) continue;
      let set = candidates.get(h);
      if (!set) candidates.set(h, (set = new Set()));
      set.add(p);
    }
  }
  for (const [handle, people] of candidates) if (people.size === 1) resolved.set(handle, [...people][0]);
  return resolved;
}

/** The active people a text mentions by `@handle`, each once. */
export function mentionedPeople(store: Store, text: string): Person[] {
  return [...new Set(resolveMentions(store, text).values())];
}

/**
 * A comment's Markdown with each `@handle` that resolves to a colleague turned into a link to
 * their page (`[@Their Name](/people/…)`); a handle that resolves to nobody stays as typed.
 */
export function linkMentions(store: Store, text: string): string {
  const byHandle = resolveMentions(store, text);
  if (!byHandle.size) return text;
  return text.replace(MENTION, (whole, handle: string) => {
    const p = byHandle.get(handle.toLowerCase());
    if (!p) return whole;
    const lead = whole.slice(0, whole.length - handle.length - 1);
    return `${lead}[@${p.name.replace(/[\\[\]*_`<>]/g, "\\$&")}](/people/${encodeURIComponent(p.id)})`;
  });
}

// ---------------------------------------------------------------- a standard falls to poor health

/**
 * Did this rating make the standard fall to poor health ("not kept")? Its health as of the
 * rating, with the rating and without it (or with the score it replaced): a standard already in
 * poor health, or one that falls only because good ratings grow old, does not count. Returns the
 * average it fell to.
 */
export function fellToPoorHealth(standardId: string, event: ActivityEvent): { average: number } | null {
  const personId = event.actorId;
  const month = String(event.after?.month ?? "");
  const score = Number(event.after?.score);
  if (!personId || !month || !Number.isInteger(score)) return null;
  const own = ratingId(standardId, personId, month);
  const others: Array<Pick<Rating, "score" | "at" | "month">> = [];
  for (const r of ratingIndex().byStandard.get(standardId)?.values() ?? []) if (r.id !== own) others.push(r);
  const at = new Date(event.at);
  const rated = { score, at: event.at, month };
  const after = computeHealth([...others, rated], at);
  if (after.level !== "not-kept" || after.average === null) return null;
  const replaced = event.before && Number.isInteger(Number(event.before.score)) ? [{ ...rated, score: Number(event.before.score) }] : [];
  const before = computeHealth([...others, ...replaced], at);
  return before.level === "not-kept" ? null : { average: after.average };
}

// ---------------------------------------------------------------- owed because something happened

/** The notifications an event makes owed, judged on the store as it is now. */
export function owedForEvent(store: Store, event: ActivityEvent): Owed[] {
  const d = store.data;
  switch (event.type) {
    case "review.opened": {
      const review = d.reviews[event.subject.id];
      if (!review || !votingOpen(review, store.clock.now())) return [];
      const params = { review: review.title, policies: policyTitles(store, review), deadline: review.deadline };
      // Everyone signed in may vote in a review; the manager who opened it knows.
      return activePeople(store)
        .filter((p) => p.id !== review.ownerId)
        .map((p) => ({ personId: p.id, kind: "review-opened", occasion: review.id, params, link: `/reviews/${review.id}` }));
    }
    case "review.closed": {
      const review = d.reviews[event.subject.id];
      const decisions = (event.after?.decisions ?? []) as Array<{ proposalId: string }>;
      if (!review) return [];
      const owed: Owed[] = [];
      for (const { proposalId } of decisions) {
        const p = d.proposals[proposalId];
        if (!p?.decision) continue;
        const people = new Set<string>([p.authorId]);
        for (const voteId of reviewIndex().votesByProposal.get(proposalId)) {
          const v = d.votes[voteId];
          if (v) people.add(v.personId);
        }
        people.delete(p.decision.decidedBy);
        const params = { proposal: p.title, outcome: p.decision.outcome, rationale: excerpt(p.decision.rationale, 600), review: review.title };
        for (const personId of people) {
          if (!d.people[personId]?.active) continue;
          owed.push({ personId, kind: "proposal-decided", occasion: p.id, params, link: `/reviews/${review.id}#proposal-${p.id}` });
        }
      }
      return owed;
    }
    case "proposal.commented": {
      const comment = d.comments[String(event.after?.commentId ?? "")];
      const proposal = comment ? d.proposals[comment.proposalId] : undefined;
      if (!comment || !proposal) return [];
      const author = d.people[comment.authorId];
      const base = { proposal: proposal.title, author: author?.name ?? "", excerpt: excerpt(comment.body) };
      const link = `/reviews/${comment.reviewId}#proposal-${proposal.id}`;
      const owed: Owed[] = [];
      const mentioned = mentionedPeople(store, comment.body).filter((p) => p.id !== comment.authorId);
      for (const p of mentioned) {
        owed.push({ personId: p.id, kind: "comment", occasion: comment.id, params: { ...base, variant: "mention" }, link });
      }
      if (proposal.authorId !== comment.authorId && !mentioned.some((p) => p.id === proposal.authorId) && d.people[proposal.authorId]?.active) {
        owed.push({ personId: proposal.authorId, kind: "comment", occasion: comment.id, params: { ...base, variant: "comment" }, link });
      }
      return owed;
    }
    case "standard.published": {
      const s = d.standards[event.subject.id];
      const version = Number(event.after?.version);
      if (!s || s.publishedVersion !== version) return [];
      const title = d.standardVersions[`${s.id}:${version}`]?.content.title ?? s.slug;
      return activePeople(store)
        .filter((p) => isBoundBy(p, s) && !d.acknowledgements[acknowledgementId(s.id, version, p.id)])
        .map((p) => ({
          personId: p.id,
          kind: "acknowledgement",
          occasion: `${s.id}:${version}`,
          params: { standard: title, version: String(version), variant: "new" },
          link: `/standards/${s.slug}`,
        }));
    }
    case "policy.acknowledgement-requested": {
      // The same notification as a standard's new version, for a policy's revision to acknowledge.
      const policy = d.policies[event.subject.id];
      const revision = Number(event.after?.revision);
      if (!policy || policy.acknowledgeRevision !== revision) return [];
      return activePeople(store)
        .filter((p) => isBoundByPolicy(p, policy) && !d.policyAcknowledgements[policyAcknowledgementId(policy.id, revision, p.id)])
        .map((p) => ({
          personId: p.id,
          kind: "acknowledgement",
          occasion: `policy:${policy.id}:${revision}`,
          params: { policy: policy.title, version: String(revision), variant: "policyNew" },
          link: `/policies/${policy.slug}#acknowledge`,
        }));
    }
    case "policy.friction-reported": {
      const policy = d.policies[event.subject.id];
      const report = d.frictionReports[String(event.after?.reportId ?? "")];
      if (!policy || !report || policy.ownerId === report.personId || !d.people[policy.ownerId]?.active) return [];
      return [
        {
          personId: policy.ownerId,
          kind: "friction-reported",
          occasion: report.id,
          params: { policy: policy.title, minutes: String(report.minutesLost), effort: String(report.effort), what: excerpt(report.what, 200) },
          link: `/policies/${policy.slug}#friction-reports`,
        },
      ];
    }
    case "pulse.opened": {
      const pulse = d.pulses[event.subject.id];
      if (!pulse || pulse.closesAt <= store.clock.now().toISOString()) return [];
      // A pulse is open for every team.
      return activePeople(store).map((p) => ({
        personId: p.id,
        kind: "pulse-opened",
        occasion: pulse.id,
        params: { closesAt: pulse.closesAt, pulse: pulse.title },
        link: "/pulse",
      }));
    }
    case "standard.rated": {
      const s = d.standards[event.subject.id];
      if (!s || s.publishedVersion === null || s.status === "retired") return [];
      const fell = fellToPoorHealth(s.id, event);
      if (!fell) return [];
      const title = d.standardVersions[`${s.id}:${s.publishedVersion}`]?.content.title ?? s.slug;
      // Once a month at most: the month it fell is the occasion.
      const month = event.at.slice(0, 7);
      return activePeople(store)
        .filter((p) => p.teamId === s.teamId && p.role === "manager")
        .map((p) => ({
          personId: p.id,
          kind: "standard-health",
          occasion: `${s.id}:${month}`,
          params: { standard: title, average: fell.average.toFixed(1) },
          link: `/standards/${s.slug}`,
        }));
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------- owed because time passed

/** The reminders owed as of now. Their occasions name the period, so each is recorded once. */
export async function owedBySchedule(store: Store, slicer = new Slicer()): Promise<Owed[]> {
  const d = store.data;
  const now = store.clock.now();
  const nowMs = now.getTime();
  const today = now.toISOString().slice(0, 10);
  const owed: Owed[] = [];
  const people = activePeople(store);

  // A review closes within 48 hours: one reminder to each who may vote and has not.
  for (const review of Object.values(d.reviews)) {
    await slicer.tick();
    if (review.status !== "open" || !votingOpen(review, now)) continue;
    if (new Date(review.deadline).getTime() - nowMs > CLOSING_SOON_MS) continue;
    if (openProposalCount(store, review.id) === 0) continue;
    const params = { review: review.title, deadline: review.deadline };
    for (const p of people) {
      if (p.id === review.ownerId || hasVotedIn(store, review.id, p.id)) continue;
      owed.push({ personId: p.id, kind: "review-closing", occasion: review.id, params, link: `/reviews/${review.id}` });
    }
  }

  // A policy is due for review in 14 days; once overdue, weekly.
  for (const policy of Object.values(d.policies)) {
    await slicer.tick();
    if (policy.status === "retired" || policy.status === "draft") continue;
    if (!d.people[policy.ownerId]?.active) continue;
    const due = nextReviewOn(policy);
    const dueMs = new Date(`${due}T00:00:00Z`).getTime();
    const base = { personId: policy.ownerId, kind: "policy-due" as const, link: `/policies/${policy.slug}` };
    if (today >= due) {
      const week = Math.floor((nowMs - dueMs) / (7 * DAY_MS));
      owed.push({ ...base, occasion: `${policy.id}:${due}:overdue-${week}`, params: { policy: policy.title, due, variant: "overdue" } });
    } else if (dueMs - nowMs <= DUE_NOTICE_DAYS * DAY_MS) {
      owed.push({ ...base, occasion: `${policy.id}:${due}`, params: { policy: policy.title, due, variant: "due" } });
    }
  }

  // A new version not acknowledged a week after it was published: one reminder.
  for (const s of Object.values(d.standards)) {
    await slicer.tick();
    if (s.status === "retired" || s.publishedVersion === null) continue;
    const version = d.standardVersions[`${s.id}:${s.publishedVersion}`];
    if (!version?.publishedAt) continue;
    if (nowMs - new Date(version.publishedAt).getTime() < ACK_REMINDER_DAYS * DAY_MS) continue;
    for (const p of people) {
      if (!isBoundBy(p, s) || d.acknowledgements[acknowledgementId(s.id, s.publishedVersion, p.id)]) continue;
      owed.push({
        personId: p.id,
        kind: "acknowledgement",
        occasion: `${s.id}:${s.publishedVersion}:reminder`,
        params: { standard: version.content.title, version: String(s.publishedVersion), variant: "reminder" },
        link: `/standards/${s.slug}`,
      });
    }
  }

  // A policy's revision asked to be acknowledged a week ago, not yet acknowledged: one reminder.
  for (const policy of Object.values(d.policies)) {
    await slicer.tick();
    const revision = policy.acknowledgeRevision;
    if (typeof revision !== "number" || !policy.acknowledgeRequestedAt) continue;
    if (nowMs - new Date(policy.acknowledgeRequestedAt).getTime() < ACK_REMINDER_DAYS * DAY_MS) continue;
    for (const p of people) {
      if (!isBoundByPolicy(p, policy) || d.policyAcknowledgements[policyAcknowledgementId(policy.id, revision, p.id)]) continue;
      owed.push({
        personId: p.id,
        kind: "acknowledgement",
        occasion: `policy:${policy.id}:${revision}:reminder`,
        params: { policy: policy.title, version: String(revision), variant: "policyReminder" },
        link: `/policies/${policy.slug}#acknowledge`,
      });
    }
  }

  // Did the change work? Sixty days after an adopted change took effect, to those who had
  // reported friction on its policy before then (./follow-up.server.ts).
  for (const p of changesToFollowUp(store)) {
    await slicer.tick();
    const policy = d.policies[p.policyId];
    if (!policy) continue;
    for (const personId of askedPeople(store, p)) {
      if (d.frictionReports[followUpReportId(p.id, personId)]) continue;
      owed.push({
        personId,
        kind: "follow-up",
        occasion: p.id,
        params: { policy: policy.title, proposal: p.title },
        link: `/follow-ups/${p.id}`,
      });
    }
  }
  return owed;
}

// ---------------------------------------------------------------- re-checked at send time

/**
 * Is the notification still worth a mail? The person must still be active and still concerned:
 * a review still open (and, for the reminder, still no vote), a standard still not acknowledged,
 * a policy still theirs and not yet reviewed.
 */
export function stillOwed(store: Store, n: Notification): { owed: true } | { owed: false; reason: string } {
  const d = store.data;
  const person = d.people[n.personId];
  if (!person?.active) return { owed: false, reason: "the person is no longer active" };
  const now = store.clock.now();
  const [, ...rest] = n.id.split(":");
  switch (n.kind) {
    case "review-opened":
    case "review-closing": {
      const review = d.reviews[rest[0]];
      if (!review || !votingOpen(review, now)) return { owed: false, reason: "the review is closed" };
      if (n.kind === "review-closing" && hasVotedIn(store, review.id, person.id)) return { owed: false, reason: "the person has voted" };
      return { owed: true };
    }
    case "acknowledgement": {
      if (rest[0] === "policy") {
        const policy = d.policies[rest[1]];
        const revision = Number(rest[2]);
        if (!policy || policy.acknowledgeRevision !== revision || !isBoundByPolicy(person, policy)) {
          return { owed: false, reason: "the revision is no longer asked of the person" };
        }
        if (d.policyAcknowledgements[policyAcknowledgementId(policy.id, revision, person.id)]) return { owed: false, reason: "the person has acknowledged it" };
        return { owed: true };
      }
      const s = d.standards[rest[0]];
      const version = Number(rest[1]);
      if (!s || s.publishedVersion !== version || !isBoundBy(person, s)) return { owed: false, reason: "the version is no longer in force for the person" };
      if (d.acknowledgements[acknowledgementId(s.id, version, person.id)]) return { owed: false, reason: "the person has acknowledged it" };
      return { owed: true };
    }
    case "policy-due": {
      const policy: Policy | undefined = d.policies[rest[0]];
      if (!policy || policy.status === "retired" || policy.ownerId !== person.id) return { owed: false, reason: "the policy is no longer theirs to review" };
      if (nextReviewOn(policy) !== n.params.due) return { owed: false, reason: "the policy has been reviewed" };
      return { owed: true };
    }
    case "standard-health": {
      const s = d.standards[rest[0]];
      if (!s || s.teamId !== person.teamId || person.role !== "manager") return { owed: false, reason: "the person no longer manages this team" };
      if (healthOf(s.id).level !== "not-kept") return { owed: false, reason: "the standard is no longer in poor health" };
      return { owed: true };
    }
    case "pulse-opened": {
      const pulse = d.pulses[rest[0]];
      if (!pulse || pulse.closesAt <= now.toISOString()) return { owed: false, reason: "the pulse has closed" };
      return { owed: true };
    }
    case "follow-up": {
      const p = d.proposals[rest[0]];
      if (!p || takesEffectAt(p) === null) return { owed: false, reason: "the change is no longer in effect" };
      if (d.frictionReports[followUpReportId(p.id, person.id)]) return { owed: false, reason: "the person has answered" };
      return { owed: true };
    }
    default:
      return { owed: true };
  }
}
