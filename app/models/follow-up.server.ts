/**
 * Did the change work? An adopted proposal takes effect when it is decided or, when its
 * implementation is tracked, when that is marked done. Sixty days later the people who had
 * reported friction on the policy before then are asked to report again, on a form of its own
 * (effort 1–5, minutes lost). Their answers are friction reports marked as the follow-up of that
 * change (`followUpOf`), one per person, changeable.
 *
 * The policy page and the dashboard show, for each change, the friction the decision predicted
 * (minutes per occurrence before and after, customer hours a month removed) beside what was
 * measured: the reports of the 90 days before the change took effect and the follow-up answers.
 */
import { z } from "zod";
import { messageRef } from "~/i18n/ref";
import { getStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { Friction, FrictionReport, Proposal } from "~/store/schema";
import type { Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { reportIndex } from "./friction-report.server";
import { reviewIndex } from "./review-index.server";
import { cachedOn } from "./derived.server";
import { formNumber, formText, validate } from "./validate";

const DAY_MS = 86_400_000;
/** The follow-up asks this many days after a change took effect. */
export const FOLLOW_UP_DAYS = 60;
/** …and not after this many: a change is not followed up years later. */
export const FOLLOW_UP_LAST_DAY = 120;
/** The friction measured before a change: reports of this many days before it took effect. */
const BEFORE_WINDOW_DAYS = 90;

// ---------------------------------------------------------------- when and whom (pure reads)

/** When an adopted proposal took effect: at the decision, or when its tracked implementation was done. Null before that. */
export function takesEffectAt(p: Proposal): string | null {
  if (p.status !== "adopted" || !p.decision) return null;
  if (p.implementation === null) return p.decision.decidedAt;
  if (p.implementation === "done") return p.implementedAt ?? p.updatedAt;
  return null;
}

/** When the follow-up of a change opens (sixty days after it took effect); null while it has not taken effect. */
export function followUpOpensAt(p: Proposal): string | null {
  const effect = takesEffectAt(p);
  return effect ? new Date(Date.parse(effect) + FOLLOW_UP_DAYS * DAY_MS).toISOString() : null;
}

/** The id of a person's answer to a change's follow-up: one each, replaced when they answer again. */
export function followUpReportId(proposalId: string, personId: string) {
  return `follow-up:${proposalId}:${personId}`;
}

/** The active people a change's follow-up asks: those who reported friction on its policy before it took effect. */
export function askedPeople(store: Store, p: Proposal): string[] {
  const effect = takesEffectAt(p);
  if (!effect) return [];
  const asked = new Set<string>();
  for (const r of reportIndex().get(p.policyId) ?? []) {
    if (r.at >= effect) break; // oldest first
    if (r.followUpOf === p.id) continue;
    if (store.data.people[r.personId]?.active) asked.add(r.personId);
  }
  return [...asked];
}

/** The changes whose follow-up is due now: taken effect sixty to 120 days ago. */
export function changesToFollowUp(store: Store): Proposal[] {
  const now = store.clock.now().getTime();
  const due: Proposal[] = [];
  for (const p of Object.values(store.data.proposals)) {
    const effect = takesEffectAt(p);
    if (!effect) continue;
    const age = now - Date.parse(effect);
    if (age >= FOLLOW_UP_DAYS * DAY_MS && age <= FOLLOW_UP_LAST_DAY * DAY_MS) due.push(p);
  }
  return due;
}

export type FollowUpState = "open" | "not-yet" | "not-asked";

/** May this person answer the follow-up of this change now? Only those it asks, once it has opened. */
export function followUpStateFor(store: Store, p: Proposal, personId: string): FollowUpState {
  const opens = followUpOpensAt(p);
  if (!opens || store.clock.now().toISOString() < opens) return "not-yet";
  return askedPeople(store, p).includes(personId) ? "open" : "not-asked";
}

// ---------------------------------------------------------------- predicted and measured

export type Measured = { reports: number; minutesLost: number | null; effort: number | null };
export type Prediction = {
  /** Customer hours a month the decision said the change removes. */
  hoursRemoved: number;
  /** Minutes one occurrence costs (active and waiting), before and after the change, as estimated. */
  minutesBefore: number | null;
  minutesAfter: number | null;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

function measure(list: ReadonlyArray<Pick<FrictionReport, "minutesLost" | "effort">>): Measured {
  if (!list.length) return { reports: 0, minutesLost: null, effort: null };
  let minutes = 0;
  let effort = 0;
  for (const r of list) {
    minutes += r.minutesLost;
    effort += r.effort;
  }
  return { reports: list.length, minutesLost: round1(minutes / list.length), effort: round1(effort / list.length) };
}

const perOccurrence = (f: Pick<Friction, "activeMinutes" | "waitingMinutes">) => round1(f.activeMinutes + f.waitingMinutes);

/** The estimates before and after the change: the revision before the one it made, and what it proposed. */
function predictionOf(store: Store, p: Proposal): Prediction {
  const { policies, policyRevisions } = store.data;
  const policy = policies[p.policyId];
  let before: Friction | null = null;
  for (let n = policy?.revision ?? 0; n >= 1; n--) {
    if (policyRevisions[`${p.policyId}:${n}`]?.source?.proposalId === p.id) {
      before = policyRevisions[`${p.policyId}:${n - 1}`]?.content.friction ?? null;
      break;
    }
  }
  before ??= policy?.friction ?? null;
  const after = p.kind === "remove" ? { activeMinutes: 0, waitingMinutes: 0 } : (p.newFriction ?? before);
  return {
    hoursRemoved: p.decision?.hoursRemoved ?? 0,
    minutesBefore: before ? perOccurrence(before) : null,
    minutesAfter: after ? perOccurrence(after) : null,
  };
}

/** A relative change (−0.4 is 40 % less); null when there is nothing to compare with. */
function relative(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return Math.round(((after - before) / before) * 100) / 100;
}

export type ChangeCheck = {
  proposalId: string;
  reviewId: string;
  proposalTitle: string;
  policySlug: string;
  policyTitle: string;
  teamId: string;
  takesEffectAt: string;
  followUpOpensAt: string;
  /** Whether the follow-up has opened (sixty days have passed). */
  followUpOpen: boolean;
  /** How many the follow-up asks (those who reported friction before), and how many answered. */
  asked: number;
  predicted: Prediction & { change: number | null };
  /** Reports of the 90 days before the change took effect. */
  before: Measured;
  /** The follow-up answers, with their change against `before`. */
  followUp: Measured & { change: number | null };
};

function checkOf(store: Store, p: Proposal): ChangeCheck | null {
  const effect = takesEffectAt(p);
  const policy = store.data.policies[p.policyId];
  if (!effect || !policy) return null;
  const from = new Date(Date.parse(effect) - BEFORE_WINDOW_DAYS * DAY_MS).toISOString();
  const beforeReports: FrictionReport[] = [];
  const answers: FrictionReport[] = [];
  for (const r of reportIndex().get(p.policyId) ?? []) {
    if (r.followUpOf === p.id) answers.push(r);
    else if (r.at >= from && r.at < effect) beforeReports.push(r);
  }
  const predicted = predictionOf(store, p);
  const before = measure(beforeReports);
  const followUp = measure(answers);
  return {
    proposalId: p.id,
    reviewId: p.reviewId,
    proposalTitle: p.title,
    policySlug: policy.slug,
    policyTitle: policy.title,
    teamId: policy.teamId,
    takesEffectAt: effect,
    followUpOpensAt: followUpOpensAt(p)!,
    followUpOpen: followUpOpensAt(p)! <= store.clock.now().toISOString(),
    asked: askedPeople(store, p).length,
    predicted: { ...predicted, change: relative(predicted.minutesBefore, predicted.minutesAfter) },
    before,
    followUp: { ...followUp, change: relative(before.minutesLost, followUp.minutesLost) },
  };
}

const newestFirst = (a: ChangeCheck, b: ChangeCheck) => (a.takesEffectAt < b.takesEffectAt ? 1 : a.takesEffectAt > b.takesEffectAt ? -1 : 0);

/**
 * The changes to a policy that have taken effect, newest first (at most three), with predicted
 * and measured friction; `viewerId`'s own follow-up, when it is open to them, is marked so the
 * page can offer the form.
 */
export function changeChecks(policyId: string, viewerId: string | null = null): Array<ChangeCheck & { canAnswer: boolean }> {
  const store = getStore();
  const checks: ChangeCheck[] = [];
  for (const proposalId of reviewIndex().proposalsByPolicy.get(policyId)) {
    const p = store.data.proposals[proposalId];
    if (!p || p.policyId !== policyId) continue;
    const check = checkOf(store, p);
    if (check) checks.push(check);
  }
  return checks
    .sort(newestFirst)
    .slice(0, 3)
    .map((c) => ({ ...c, canAnswer: viewerId !== null && c.followUpOpen && followUpStateFor(store, store.data.proposals[c.proposalId], viewerId) === "open" }));
}

/**
 * The dashboard's "did the changes work?": every change whose follow-up has opened in the last
 * year (of one team's policies, or all), newest first, with predicted beside measured.
 */
export function followUpOverview({ teamId, limit = 10 }: { teamId: string | null; limit?: number }) {
  const store = getStore();
  const now = store.clock.now();
  // Kept until one of the collections it reads changes, or until the first instant at which a
  // change's follow-up opens or turns a year old: every dashboard request asked for it, and at a
  // large organisation reading every proposal took most of the request.
  const kept = cachedOn(FOLLOW_UP_READS, "followUpOverview", () => new Map<string, { value: FollowUpOverview; until: number; since: number }>());
  const key = `${teamId ?? ""}|${limit}`;
  const hit = kept.get(key);
  if (hit && now.getTime() < hit.until && now.getTime() >= hit.since) return hit.value;
  const { value, until } = computeOverview(store, now, teamId, limit);
  kept.set(key, { value, until, since: now.getTime() });
  return value;
}

/** What the overview reads (friction reports through their index, people for who is asked). */
const FOLLOW_UP_READS = ["proposals", "policies", "policyRevisions", "frictionReports", "people"] as const;

type FollowUpOverview = { total: number; answers: number; items: ChangeCheck[] };

function computeOverview(store: Store, at: Date, teamId: string | null, limit: number): { value: FollowUpOverview; until: number } {
  const now = at.toISOString();
  const yearAgo = new Date(at.getTime() - 365 * DAY_MS).toISOString();
  const checks: ChangeCheck[] = [];
  let until = Infinity;
  for (const p of Object.values(store.data.proposals)) {
    if (p.status !== "adopted") continue;
    const opens = followUpOpensAt(p);
    if (!opens) continue;
    // The next instant this change enters the year (its follow-up opens) or leaves it.
    const opensMs = Date.parse(opens);
    if (opens > now) until = Math.min(until, opensMs);
    else if (opens >= yearAgo) until = Math.min(until, opensMs + 365 * DAY_MS + 1);
    if (opens > now || opens < yearAgo) continue;
    if (teamId && store.data.policies[p.policyId]?.teamId !== teamId) continue;
    const check = checkOf(store, p);
    if (check) checks.push(check);
  }
  checks.sort(newestFirst);
  return { value: { total: checks.length, answers: checks.reduce((n, c) => n + c.followUp.reports, 0), items: checks.slice(0, limit) }, until };
}

// ---------------------------------------------------------------- the form

export const FollowUpInputSchema = z.object({
  minutesLost: formNumber(messageRef("policies.validation.minutesLost")).pipe(
    z.number().min(0, messageRef("policies.validation.minutesLostNegative")).max(10_000, messageRef("policies.validation.minutesLostMax")),
  ),
  effort: formNumber(messageRef("policies.validation.effort")).pipe(
    z.number().int(messageRef("policies.validation.effort")).min(1, messageRef("policies.validation.effort")).max(5, messageRef("policies.validation.effort")),
  ),
  what: formText(2000).default(""),
});

function adoptedOr404(store: Store, proposalId: string) {
  const p = store.data.proposals[proposalId];
  if (!p || p.status !== "adopted" || !store.data.policies[p.policyId]) throw new NotFoundError("No adopted change with that id");
  return p;
}

/** What the follow-up form shows this person: the change, what it predicted, their own reports before, their answer. */
export function followUpForm({ actor, proposalId }: { actor: Actor; proposalId: string }) {
  const store = getStore();
  const p = adoptedOr404(store, proposalId);
  const policy = store.data.policies[p.policyId];
  const effect = takesEffectAt(p);
  const own = (reportIndex().get(p.policyId) ?? []).filter((r) => r.personId === actor.id && r.followUpOf !== p.id && (!effect || r.at < effect));
  const answer = store.data.frictionReports[followUpReportId(p.id, actor.id)];
  return {
    proposal: { id: p.id, title: p.title, reviewId: p.reviewId },
    policy: { slug: policy.slug, title: policy.title },
    takesEffectAt: effect,
    opensAt: followUpOpensAt(p),
    state: followUpStateFor(store, p, actor.id),
    predicted: predictionOf(store, p),
    yourBefore: measure(own),
    answer: answer ? { minutesLost: answer.minutesLost, effort: answer.effort, what: answer.what, at: answer.at } : null,
  };
}

/**
 * Records (or replaces) the person's answer to a change's follow-up: a friction report on the
 * policy marked as this follow-up's, in one commit with their follow-up notification marked read.
 */
export async function answerFollowUp({ actor, proposalId, input }: { actor: Actor; proposalId: string; input: unknown }): Promise<FrictionReport> {
  const data = validate(FollowUpInputSchema, input);
  const store = getStore();
  const p = adoptedOr404(store, proposalId);
  const state = followUpStateFor(store, p, actor.id);
  if (state === "not-yet") throw new ConflictError(messageRef("notifications.followUp.form.notYetPlain"));
  if (state === "not-asked") throw new ForbiddenError("Only those who reported friction on this policy before the change are asked.");
  const at = store.clock.now().toISOString();
  const report: FrictionReport = {
    id: followUpReportId(p.id, actor.id),
    policyId: p.policyId,
    personId: actor.id,
    at,
    minutesLost: data.minutesLost,
    effort: data.effort,
    what: data.what,
    followUpOf: p.id,
  };
  const previous = store.data.frictionReports[report.id];
  const notification = store.data.notifications[`follow-up:${p.id}:${actor.id}`];
  await store.commit(
    {
      type: "policy.friction-reported",
      actorId: actor.id,
      subject: { kind: "policy", id: p.policyId },
      before: previous ? { minutesLost: previous.minutesLost, effort: previous.effort } : null,
      after: { reportId: report.id, minutesLost: report.minutesLost, effort: report.effort, followUpOf: p.id },
    },
    [put("frictionReports", report), ...(notification && !notification.readAt ? [put("notifications", { ...notification, readAt: at })] : [])],
  );
  return report;
}
