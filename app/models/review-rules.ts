/**
 * The rules of policy reviews that need no store: the review queue's score, vote tallies, what an
 * adoption removes in customer hours, when an adopted proposal needs tracked implementation and
 * when that is overdue, and what counts as a rationale that answers a block. Pure functions, safe
 * on client and server.
 */
import type {
  Friction,
  FrictionReport,
  Policy,
  Proposal,
  ProposalKind,
  VotePosition,
} from "~/store/schema";
import { customerHours, hasPurpose, nextReviewOn } from "./friction";

// ---------------------------------------------------------------- tallies

export type Tally = Record<VotePosition, number> & { total: number };

export function emptyTally(): Tally {
  return { agree: 0, abstain: 0, disagree: 0, block: 0, total: 0 };
}

export function tallyOf(votes: Iterable<{ position: VotePosition }>): Tally {
  const tally = emptyTally();
  for (const v of votes) {
    tally[v.position]++;
    tally.total++;
  }
  return tally;
}

/** Disagree and block must say why; agree and abstain may. */
export function positionNeedsReason(position: VotePosition) {
  return position === "disagree" || position === "block";
}

// ---------------------------------------------------------------- friction of a proposal

/** Customer hours per month a proposal would save: today's figure minus the proposed one. */
export function hoursSaved(current: Friction, proposed: Friction | null): number {
  if (!proposed) return 0;
  return roundTo2(customerHours(current) - customerHours(proposed));
}

/**
 * What adopting a proposal removes from the friction load: all of it for a removal, the
 * difference for new estimates, nothing for a change of text alone.
 */
export function hoursRemovedByAdoption(kind: ProposalKind, current: Friction, proposed: Friction | null): number {
  if (kind === "remove") return roundTo2(customerHours(current));
  return hoursSaved(current, proposed);
}

function roundTo2(n: number) {
  return Math.round(n * 100) / 100;
}

/** A proposal that changes some of the policy's other fields (title, summary, purpose …). */
export function changesFields(p: { newFields?: Record<string, unknown> | undefined }) {
  return Boolean(p.newFields && Object.keys(p.newFields).length);
}

/** An adopted proposal changes the policy's text, estimates or other fields through a new revision. */
export function carriesNewContent(p: Pick<Proposal, "newBody" | "newFriction" | "newFields">) {
  return p.newBody !== null || p.newFriction !== null || changesFields(p);
}

/**
 * An adopted proposal that changes how people work is tracked until implemented, so that adopted
 * never silently means forgotten: every kind does (a removal too: the step has to go from forms,
 * tools and habits), except a rewording that leaves the estimates as they are — same rule, plainer
 * words.
 */
export function needsImplementation(p: Pick<Proposal, "kind" | "newFriction">) {
  return p.kind !== "reword" || p.newFriction !== null;
}

/** Days from the decision to an implementation's first due date (its owner can move it). */
export const IMPLEMENTATION_DUE_DAYS = 30;

/** The first due date of an implementation decided at `decidedAt`: YYYY-MM-DD. */
export function implementationDueFrom(decidedAt: string) {
  return new Date(Date.parse(decidedAt) + IMPLEMENTATION_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** A tracked implementation not done by its due date (`today` as YYYY-MM-DD, UTC). */
export function implementationOverdue(
  p: { implementation: Proposal["implementation"]; implementationDueOn?: string | undefined },
  today: string,
) {
  return p.implementation !== null && p.implementation !== "done" && p.implementationDueOn !== undefined && p.implementationDueOn < today;
}

// ---------------------------------------------------------------- deciding over a block

export const BLOCK_ANSWER_MIN_CHARS = 80;
export const BLOCK_ANSWER_MIN_WORDS = 12;

/**
 * Adopting a proposal someone blocked needs a rationale that answers the block: a real
 * explanation (at least 80 characters and 12 words), not a token "noted".
 */
export function answersBlock(rationale: string) {
  const text = rationale.trim();
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return text.length >= BLOCK_ANSWER_MIN_CHARS && words.length >= BLOCK_ANSWER_MIN_WORDS;
}

// ---------------------------------------------------------------- the review queue

/** How each part of the queue score is earned. Shown on the queue page, so keep it plain. */
export const QUEUE_WEIGHTS = {
  /** One point per customer hour a month, up to this many points. */
  hoursCap: 100,
  /** Friction reports of the last this many days count… */
  reportWindowDays: 180,
  /** …each with its effort score (1–5) times this. */
  pointsPerEffort: 2,
  /** Past its next-review date: this many points… */
  overdueBase: 20,
  /** …plus this many for each whole month overdue… */
  overduePerMonth: 2,
  /** …up to this many in all. */
  overdueCap: 40,
  /** No stated purpose: a finding in itself. */
  missingPurpose: 30,
} as const;

export type QueueParts = {
  hours: { value: number; points: number };
  reports: { count: number; effort: number; points: number };
  overdue: { monthsOverdue: number | null; points: number };
  purpose: { missing: boolean; points: number };
};

function monthsBetween(fromIso: string, toIso: string) {
  const [fy, fm, fd] = fromIso.slice(0, 10).split("-").map(Number);
  const [ty, tm, td] = toIso.slice(0, 10).split("-").map(Number);
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) months--;
  return Math.max(0, months);
}

/** The transparent score of one policy, part by part. */
export function queueParts(
  policy: Pick<Policy, "friction" | "purpose" | "lastReviewedOn" | "createdAt" | "reviewCycleMonths" | "status">,
  reports: Iterable<Pick<FrictionReport, "at" | "effort">>,
  now: Date,
): QueueParts {
  const w = QUEUE_WEIGHTS;
  const hours = customerHours(policy.friction);
  const windowStart = new Date(now.getTime() - w.reportWindowDays * 86_400_000).toISOString();
  let count = 0;
  let effort = 0;
  for (const r of reports) {
    if (r.at < windowStart) continue;
    count++;
    effort += r.effort;
  }
  const today = now.toISOString().slice(0, 10);
  const due = nextReviewOn(policy);
  const overdue = policy.status !== "retired" && policy.status !== "draft" && due < today;
  const monthsOverdue = overdue ? monthsBetween(due, today) : null;
  const missing = !hasPurpose(policy);
  return {
    hours: { value: roundTo2(hours), points: Math.round(Math.min(hours, w.hoursCap)) },
    reports: { count, effort, points: effort * w.pointsPerEffort },
    overdue: {
      monthsOverdue,
      points: monthsOverdue === null ? 0 : Math.min(w.overdueCap, w.overdueBase + monthsOverdue * w.overduePerMonth),
    },
    purpose: { missing, points: missing ? w.missingPurpose : 0 },
  };
}

export function queueScore(parts: QueueParts) {
  return parts.hours.points + parts.reports.points + parts.overdue.points + parts.purpose.points;
}

// ---------------------------------------------------------------- deadlines

/**
 * A deadline from a form: a date (the deadline is the end of that day, UTC, as dates are shown)
 * or a full ISO date-time. Returns null when it is neither.
 */
export function parseDeadline(value: string): string | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T23:59:59.999Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  return null;
}

/** Votes, proposals and edits count only before the deadline. */
export function votingOpen(review: { status: string; deadline: string }, now: Date) {
  return review.status === "open" && now.getTime() < new Date(review.deadline).getTime();
}
