/**
 * The culture dashboard's figures, computed from what really happened: policy revisions (the
 * content in force at each month end), the activity log (status changes, retirements,
 * reinstatements, who took part), proposals and their decisions, acknowledgements and ratings.
 * Nothing here is typed in or stored by hand.
 *
 * Two layers:
 * - `computeMetrics(source, now)`: a pure function over a snapshot of the data and a `now`.
 *   It computes everything once for the last twelve months, organisation-wide and per team,
 *   plus the aggregates of each period (3, 6, 12 months). Unit tests feed it small histories.
 * - `dashboardView(metrics, filter)`: a cheap slice of that for one period and one team.
 * `getOrgMetrics()` caches the first on the store's data version and the day, so a dashboard
 * request at 10,000 policies / 100,000 votes costs a slice, not a scan.
 */
import type { ActivityEvent } from "~/store/events";
import type { Collections, PolicyContent, PolicyRevision, Proposal } from "~/store/schema";
import type { Store } from "~/store/store.server";
import { getStore } from "~/store/index.server";
import { customerHours, hasPurpose, nextReviewOn } from "./friction";
import { PERIODS, type Period } from "./culture";
import { pulseResults, type PulseResult } from "./pulse.server";
import { implementationOverdue } from "./review-rules";

// ---------------------------------------------------------------- definitions

/** How many months the dashboard keeps; the period filter shows the last 3, 6 or 12 of them. */
export const MONTHS_KEPT = 12;
export { PERIODS, type Period } from "./culture";
/** The window of a standard's health, in days. */
export const HEALTH_WINDOW_DAYS = 90;
/** A standard is falling when its last-90-day average is this much below the 90 days before. */
export const FALLING_DROP = 0.3;
/** …and each of the two windows holds at least this many ratings. */
export const MIN_RATINGS_FOR_TREND = 2;
/** How many items a list on the dashboard shows before linking to the full list. */
export const LIST_LIMIT = 10;

const DAY_MS = 86_400_000;
const IN_FORCE = new Set(["active", "under-review"]);
const PARTICIPATION_EVENTS = {
  "proposal.submitted": "proposed",
  "proposal.voted": "voted",
  "proposal.commented": "commented",
  "policy.friction-reported": "reported",
} as const;
export const PARTICIPATION_KINDS = ["proposed", "voted", "commented", "reported"] as const;
export type ParticipationKind = (typeof PARTICIPATION_KINDS)[number];

// ---------------------------------------------------------------- input

type MetricsCollection =
  | "teams"
  | "people"
  | "policies"
  | "policyRevisions"
  | "frictionReports"
  | "reviews"
  | "proposals"
  | "votes"
  | "comments"
  | "standards"
  | "standardVersions"
  | "acknowledgements"
  | "ratings"
  | "pulses"
  | "pulseAnswers";

/** What the metrics read: the collections (any may be missing in a test) and the activity log. */
export type MetricsSource = {
  data: Partial<Pick<Collections, MetricsCollection>>;
  activity: readonly ActivityEvent[];
};

// ---------------------------------------------------------------- months

/** "2026-03" for a date (UTC). */
export function monthKey(at: Date | string): string {
  return (typeof at === "string" ? at : at.toISOString()).slice(0, 7);
}

function monthStartIso(ym: string): string {
  return `${ym}-01T00:00:00.000Z`;
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split("-").map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/** The last n calendar months, oldest first, ending with the month of `now`. */
export function lastMonths(now: Date, n: number): string[] {
  const months: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    months.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  }
  return months;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One collator for every sort by title (localeCompare builds one per call). */
const byText = new Intl.Collator("en").compare;
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------- series by team

/** A number per month, for the organisation and for each team. */
export type Series = { org: number[]; byTeam: Record<string, number[]> };

function newSeries(length: number): Series {
  return { org: new Array(length).fill(0), byTeam: {} };
}

function addTo(series: Series, teamId: string | null, index: number, value: number) {
  series.org[index] += value;
  if (!teamId) return;
  const row = (series.byTeam[teamId] ??= new Array(series.org.length).fill(0));
  row[index] += value;
}

function teamRow(series: Series, teamId: string | null): number[] {
  if (!teamId) return series.org;
  return series.byTeam[teamId] ?? new Array(series.org.length).fill(0);
}

/** A distinct count per period, for the organisation and per team. */
type PeriodCounts = Record<Period, { org: number; byTeam: Record<string, number> }>;

// ---------------------------------------------------------------- timelines

/** A value that changes over time: (at, value) pairs, sorted by time. */
type Timeline<T> = Array<{ at: string; value: T }>;

function valueAt<T>(timeline: Timeline<T>, before: string): T | undefined {
  let found: T | undefined;
  for (const step of timeline) {
    if (step.at < before) found = step.value;
    else break;
  }
  return found;
}

function pushTimeline<T>(map: Map<string, Timeline<T>>, key: string, at: string, value: T) {
  const list = map.get(key);
  if (list) list.push({ at, value });
  else map.set(key, [{ at, value }]);
}

function sortTimelines<T>(map: Map<string, Timeline<T>>) {
  for (const list of map.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// ---------------------------------------------------------------- the computed metrics

/** One policy in force now, with what the dashboard lists about it. */
export type PolicyItem = {
  id: string;
  slug: string;
  title: string;
  teamId: string;
  hours: number;
  nextReviewOn: string;
  overdue: boolean;
  orphan: boolean;
  missingPurpose: boolean;
};

/** An adopted proposal whose change is not done yet. */
export type WaitingItem = {
  proposalId: string;
  reviewId: string;
  title: string;
  policyTitle: string;
  policySlug: string | null;
  teamId: string | null;
  implementation: "planned" | "in-progress";
  decidedAt: string;
  hoursRemoved: number;
  /** When it is due (none for changes adopted before due dates were kept), and whether that has passed. */
  dueOn: string | null;
  overdue: boolean;
};

/** A standard in force now, with its coverage and health. */
export type StandardItem = {
  id: string;
  slug: string;
  title: string;
  teamId: string;
  version: number;
  /** Active members of the provider team, and how many of them acknowledged this version. */
  members: number;
  acknowledged: number;
  /** Ratings of the last 90 days, and of the 90 days before. */
  recent: { sum: number; count: number };
  previous: { sum: number; count: number };
  health: number | null;
  previousHealth: number | null;
  falling: boolean;
};

export type OrgMetrics = {
  now: string;
  months: string[];
  teams: Array<{ id: string; name: string; slug: string }>;
  friction: {
    /** Customer hours per month carried by the policies in force at each month end. */
    load: Series;
    /** Policies in force now, costliest first. */
    policies: PolicyItem[];
  };
  removed: {
    /** Hours per month removed by adopted proposals (decision.hoursRemoved, by decision month). */
    proposals: Series;
    /** Hours per month removed by retirements that still stand (not counted twice with a proposal). */
    retirements: Series;
    waiting: WaitingItem[];
  };
  purpose: {
    inForce: Series;
    withPurpose: Series;
  };
  reviews: {
    /** Reviews closed per month, for each team whose policies they covered. */
    held: Series;
    /** Median days from a proposal's submission to its decision, decisions in the period. */
    decisionDays: Record<
      Period,
      { org: { median: number | null; n: number }; byTeam: Record<string, { median: number | null; n: number }> }
    >;
  };
  participation: {
    /** Distinct people taking part each month, and the active people of that month. */
    participants: Series;
    active: Series;
    byKind: Record<ParticipationKind, Series>;
    periodParticipants: PeriodCounts;
    periodActive: PeriodCounts;
  };
  standards: {
    /** Standards in force at each month end, by provider team. */
    published: Series;
    items: StandardItem[];
    /** Sum and count of ratings by the month they rate, by provider team. */
    ratingSum: Series;
    ratingCount: Series;
  };
  pulses: PulseResult[];
};

// ---------------------------------------------------------------- computing

type Rev = { at: string; content: PolicyContent };

/**
 * Computes every figure of the dashboard for the twelve months up to `now`.
 * Pure: reads only `source` and `now`.
 */
export function computeMetrics(source: MetricsSource, now: Date): OrgMetrics {
  const d = source.data;
  const teamsById = d.teams ?? {};
  const people = d.people ?? {};
  const policies = d.policies ?? {};
  const proposals = d.proposals ?? {};
  const reviews = d.reviews ?? {};
  const standards = d.standards ?? {};
  const nowIso = now.toISOString();
  const months = lastMonths(now, MONTHS_KEPT);
  const M = months.length;
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const windowStart = monthStartIso(months[0]);
  // The instant each month is measured at: the start of the next month, or now for this month.
  const cutoffs = months.map((m, i) => (i === M - 1 ? new Date(now.getTime() + 1).toISOString() : monthStartIso(nextMonth(m))));
  const inWindow = (at: string) => at >= windowStart && at < cutoffs[M - 1];
  const indexOf = (at: string) => (inWindow(at) ? monthIndex.get(at.slice(0, 7)) : undefined);

  // ---- one pass over the activity log
  const policyStatus = new Map<string, Timeline<string>>();
  const personActive = new Map<string, Timeline<boolean>>();
  const standardPublished = new Map<string, Timeline<boolean>>();
  const retirements: ActivityEvent[] = [];
  const reinstatedAt = new Map<string, string[]>();
  const participation: Array<{ at: string; personId: string; kind: ParticipationKind }> = [];
  for (const e of source.activity) {
    const kind = e.subject.kind;
    if (kind === "policy") {
      const status = e.after?.status;
      if (typeof status === "string") pushTimeline(policyStatus, e.subject.id, e.at, status);
      if (e.type === "policy.retired") retirements.push(e);
      else if (e.type === "policy.reinstated") {
        const list = reinstatedAt.get(e.subject.id);
        if (list) list.push(e.at);
        else reinstatedAt.set(e.subject.id, [e.at]);
      }
    } else if (kind === "person") {
      if (e.type === "person.deactivated") pushTimeline(personActive, e.subject.id, e.at, false);
      else if (e.type === "person.reactivated") pushTimeline(personActive, e.subject.id, e.at, true);
    } else if (kind === "standard") {
      if (e.type === "standard.published") pushTimeline(standardPublished, e.subject.id, e.at, true);
      else if (e.type === "standard.retired") pushTimeline(standardPublished, e.subject.id, e.at, false);
    }
    const participated = PARTICIPATION_EVENTS[e.type as keyof typeof PARTICIPATION_EVENTS];
    if (participated && e.actorId && inWindow(e.at)) participation.push({ at: e.at, personId: e.actorId, kind: participated });
  }
  sortTimelines(policyStatus);
  sortTimelines(personActive);
  sortTimelines(standardPublished);

  // ---- revisions by policy, oldest first
  const revisions = new Map<string, Rev[]>();
  for (const r of Object.values(d.policyRevisions ?? {}) as PolicyRevision[]) {
    const list = revisions.get(r.policyId);
    const rev = { at: r.at, content: r.content };
    if (list) list.push(rev);
    else revisions.set(r.policyId, [rev]);
  }
  for (const list of revisions.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const contentAt = (policyId: string, before: string): PolicyContent | undefined => {
    const list = revisions.get(policyId);
    if (!list) return undefined;
    let found: PolicyContent | undefined;
    for (const r of list) {
      if (r.at < before) found = r.content;
      else break;
    }
    return found;
  };
  // "~" sorts after every character of an ISO time, so `at + "~"` includes revisions made at `at`.
  const teamOfPolicyAt = (policyId: string, at: string): string | null =>
    contentAt(policyId, at + "~")?.teamId ?? policies[policyId]?.teamId ?? null;

  // ---- friction load and purpose coverage, month by month
  const load = newSeries(M);
  const inForce = newSeries(M);
  const withPurpose = newSeries(M);
  for (const p of Object.values(policies)) {
    const statuses = policyStatus.get(p.id) ?? [{ at: p.createdAt, value: p.status }];
    for (let i = 0; i < M; i++) {
      const status = valueAt(statuses, cutoffs[i]);
      if (!status || !IN_FORCE.has(status)) continue;
      const content = contentAt(p.id, cutoffs[i]);
      if (!content) continue;
      addTo(load, content.teamId, i, customerHours(content.friction));
      addTo(inForce, content.teamId, i, 1);
      if (hasPurpose(content)) addTo(withPurpose, content.teamId, i, 1);
    }
  }
  for (const row of [load.org, ...Object.values(load.byTeam)]) for (let i = 0; i < M; i++) row[i] = round2(row[i]);

  // ---- the policies in force now
  const activePeople = (id: string) => people[id]?.active === true;
  const today = nowIso.slice(0, 10);
  const items: PolicyItem[] = [];
  for (const p of Object.values(policies)) {
    if (!IN_FORCE.has(p.status)) continue;
    const next = nextReviewOn(p);
    items.push({
      id: p.id,
      slug: p.slug,
      title: p.title,
      teamId: p.teamId,
      hours: round1(customerHours(p.friction)),
      nextReviewOn: next,
      // As isOverdue() says: past the next-review date (the policy is in force).
      overdue: next < today,
      orphan: !activePeople(p.ownerId),
      missingPurpose: !hasPurpose(p),
    });
  }
  // Ties by title in code-point order: cheap, and stable from one request to the next.
  items.sort((a, b) => b.hours - a.hours || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));

  // ---- friction removed
  const removedByProposals = newSeries(M);
  const removedByRetirements = newSeries(M);
  const waiting: WaitingItem[] = [];
  const decisionDays: Array<{ index: number; teamId: string | null; days: number }> = [];
  for (const pr of Object.values(proposals)) {
    const decision = pr.decision;
    if (!decision) continue;
    const index = indexOf(decision.decidedAt);
    const teamId = teamOfPolicyAt(pr.policyId, decision.decidedAt);
    if (index !== undefined) {
      decisionDays.push({ index, teamId, days: (Date.parse(decision.decidedAt) - Date.parse(pr.createdAt)) / DAY_MS });
      if (decision.outcome === "adopted") addTo(removedByProposals, teamId, index, decision.hoursRemoved);
    }
    if (decision.outcome === "adopted" && (pr.implementation === "planned" || pr.implementation === "in-progress")) {
      const policy = policies[pr.policyId];
      waiting.push({
        proposalId: pr.id,
        reviewId: pr.reviewId,
        title: pr.title,
        policyTitle: policy?.title ?? "",
        policySlug: policy?.slug ?? null,
        teamId,
        implementation: pr.implementation,
        decidedAt: decision.decidedAt,
        hoursRemoved: decision.hoursRemoved,
        dueOn: pr.implementationDueOn ?? null,
        overdue: implementationOverdue(pr, today),
      });
    }
  }
  waiting.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : 1));
  for (const e of retirements) {
    const index = indexOf(e.at);
    if (index === undefined) continue;
    // A retirement undone by a later reinstatement removed nothing.
    if ((reinstatedAt.get(e.subject.id) ?? []).some((at) => at > e.at)) continue;
    // A retirement that carries out an adopted proposal which recorded its hours counts once, there.
    const sourceProposal = (e.after?.source as { proposalId?: string } | null | undefined)?.proposalId;
    const proposal = sourceProposal ? proposals[sourceProposal] : undefined;
    if (proposal?.decision?.outcome === "adopted" && proposal.decision.hoursRemoved !== 0) continue;
    const content = contentAt(e.subject.id, e.at + "~");
    if (!content) continue;
    addTo(removedByRetirements, content.teamId, index, customerHours(content.friction));
  }
  for (const s of [removedByProposals, removedByRetirements]) {
    for (const row of [s.org, ...Object.values(s.byTeam)]) for (let i = 0; i < M; i++) row[i] = round2(row[i]);
  }

  // ---- review health: reviews held, days to a decision
  const held = newSeries(M);
  for (const r of Object.values(reviews)) {
    if (r.status !== "closed" || !r.closedAt) continue;
    const index = indexOf(r.closedAt);
    if (index === undefined) continue;
    held.org[index] += 1;
    const teamIds = new Set(r.policyIds.map((id) => teamOfPolicyAt(id, r.closedAt!)).filter((t): t is string => Boolean(t)));
    for (const teamId of teamIds) {
      const row = (held.byTeam[teamId] ??= new Array(M).fill(0));
      row[index] += 1;
    }
  }
  const medianDays = {} as OrgMetrics["reviews"]["decisionDays"];
  for (const period of PERIODS) {
    const from = M - period;
    const inPeriod = decisionDays.filter((x) => x.index >= from);
    const byTeam: Record<string, number[]> = {};
    for (const x of inPeriod) if (x.teamId) (byTeam[x.teamId] ??= []).push(x.days);
    const summarise = (list: number[]) => {
      const m = median(list);
      return { median: m === null ? null : round1(m), n: list.length };
    };
    medianDays[period] = {
      org: summarise(inPeriod.map((x) => x.days)),
      byTeam: Object.fromEntries(Object.entries(byTeam).map(([t, list]) => [t, summarise(list)])),
    };
  }

  // ---- participation
  // person → the kinds of taking part in that month, as bits (1 proposed, 2 voted, 4 commented, 8 reported).
  const bit = Object.fromEntries(PARTICIPATION_KINDS.map((k, i) => [k, 1 << i])) as Record<ParticipationKind, number>;
  const monthSets: Array<Map<string, number>> = months.map(() => new Map());
  const note = (at: string, personId: string, kind: ParticipationKind) => {
    const index = indexOf(at);
    if (index === undefined) return;
    const set = monthSets[index];
    set.set(personId, (set.get(personId) ?? 0) | bit[kind]);
  };
  // From the activity log: every proposal, vote (and changed vote), comment and friction report
  // is written with its event, so the log alone says who took part and when.
  for (const x of participation) note(x.at, x.personId, x.kind);

  const monthStarts = months.map(monthStartIso);
  const activeInMonth: Array<Set<string>> = months.map(() => new Set());
  for (const person of Object.values(people)) {
    const timeline: Timeline<boolean> = [{ at: person.createdAt, value: true }, ...(personActive.get(person.id) ?? [])];
    if (!personActive.has(person.id) && !person.active) timeline.push({ at: person.createdAt, value: false });
    for (let i = 0; i < M; i++) {
      // Active at some moment of the month: at its start, or (re)activated during it.
      const atStart = valueAt(timeline, monthStarts[i]) === true;
      const during = timeline.some((s) => s.value && s.at >= monthStarts[i] && s.at < cutoffs[i]);
      if (atStart || during) activeInMonth[i].add(person.id);
    }
  }
  const participants = newSeries(M);
  const active = newSeries(M);
  const byKind = Object.fromEntries(PARTICIPATION_KINDS.map((k) => [k, newSeries(M)])) as Record<ParticipationKind, Series>;
  for (let i = 0; i < M; i++) {
    for (const personId of activeInMonth[i]) addTo(active, people[personId].teamId, i, 1);
    for (const [personId, kinds] of monthSets[i]) {
      if (!activeInMonth[i].has(personId)) continue;
      const teamId = people[personId].teamId;
      addTo(participants, teamId, i, 1);
      for (const k of PARTICIPATION_KINDS) if (kinds & bit[k]) addTo(byKind[k], teamId, i, 1);
    }
  }
  const periodParticipants = {} as PeriodCounts;
  const periodActive = {} as PeriodCounts;
  for (const period of PERIODS) {
    const took = new Set<string>();
    const was = new Set<string>();
    for (let i = M - period; i < M; i++) {
      for (const id of activeInMonth[i]) was.add(id);
      for (const id of monthSets[i].keys()) if (activeInMonth[i].has(id)) took.add(id);
    }
    const count = (ids: Set<string>) => {
      const byTeam: Record<string, number> = {};
      for (const id of ids) byTeam[people[id].teamId] = (byTeam[people[id].teamId] ?? 0) + 1;
      return { org: ids.size, byTeam };
    };
    periodParticipants[period] = count(took);
    periodActive[period] = count(was);
  }

  // ---- standards
  const published = newSeries(M);
  const standardItems: StandardItem[] = [];
  const membersByTeam = new Map<string, string[]>();
  for (const person of Object.values(people)) {
    if (!person.active) continue;
    const list = membersByTeam.get(person.teamId);
    if (list) list.push(person.id);
    else membersByTeam.set(person.teamId, [person.id]);
  }
  // Acknowledgements of the version in force by active members of the provider team, counted
  // in one pass (no key built per member).
  const acknowledgedCount = new Map<string, number>();
  for (const a of Object.values(d.acknowledgements ?? {})) {
    const s = standards[a.standardId];
    if (!s || s.publishedVersion !== a.version) continue;
    const person = people[a.personId];
    if (!person?.active || person.teamId !== s.teamId) continue;
    acknowledgedCount.set(s.id, (acknowledgedCount.get(s.id) ?? 0) + 1);
  }
  const recentFrom = new Date(now.getTime() - HEALTH_WINDOW_DAYS * DAY_MS).toISOString();
  const previousFrom = new Date(now.getTime() - 2 * HEALTH_WINDOW_DAYS * DAY_MS).toISOString();
  const ratingsByStandard = new Map<string, { recent: { sum: number; count: number }; previous: { sum: number; count: number } }>();
  const ratingSum = newSeries(M);
  const ratingCount = newSeries(M);
  for (const r of Object.values(d.ratings ?? {})) {
    const standard = standards[r.standardId];
    const providerTeam = standard?.teamId ?? null;
    const index = monthIndex.get(r.month);
    if (index !== undefined) {
      addTo(ratingSum, providerTeam, index, r.score);
      addTo(ratingCount, providerTeam, index, 1);
    }
    if (r.at > nowIso) continue;
    let acc = ratingsByStandard.get(r.standardId);
    if (!acc) ratingsByStandard.set(r.standardId, (acc = { recent: { sum: 0, count: 0 }, previous: { sum: 0, count: 0 } }));
    if (r.at >= recentFrom) {
      acc.recent.sum += r.score;
      acc.recent.count += 1;
    } else if (r.at >= previousFrom) {
      acc.previous.sum += r.score;
      acc.previous.count += 1;
    }
  }
  for (const s of Object.values(standards)) {
    let timeline = standardPublished.get(s.id);
    if (!timeline) {
      const since = s.publishedVersion ? d.standardVersions?.[`${s.id}:${s.publishedVersion}`]?.publishedAt ?? s.createdAt : null;
      timeline = since ? [{ at: since, value: s.status !== "retired" }] : [];
    }
    for (let i = 0; i < M; i++) if (valueAt(timeline, cutoffs[i])) addTo(published, s.teamId, i, 1);

    if (s.status === "retired" || s.publishedVersion === null) continue;
    const version = s.publishedVersion;
    const title = d.standardVersions?.[`${s.id}:${version}`]?.content.title ?? s.slug;
    const members = membersByTeam.get(s.teamId) ?? [];
    const acknowledged = acknowledgedCount.get(s.id) ?? 0;
    const ratings = ratingsByStandard.get(s.id) ?? { recent: { sum: 0, count: 0 }, previous: { sum: 0, count: 0 } };
    const health = ratings.recent.count ? round2(ratings.recent.sum / ratings.recent.count) : null;
    const previousHealth = ratings.previous.count ? round2(ratings.previous.sum / ratings.previous.count) : null;
    const falling =
      ratings.recent.count >= MIN_RATINGS_FOR_TREND &&
      ratings.previous.count >= MIN_RATINGS_FOR_TREND &&
      ratings.previous.sum / ratings.previous.count - ratings.recent.sum / ratings.recent.count >= FALLING_DROP - 1e-9;
    standardItems.push({
      id: s.id,
      slug: s.slug,
      title,
      teamId: s.teamId,
      version,
      members: members.length,
      acknowledged,
      recent: ratings.recent,
      previous: ratings.previous,
      health,
      previousHealth,
      falling,
    });
  }
  standardItems.sort((a, b) => byText(a.title, b.title));

  return {
    now: nowIso,
    months,
    teams: Object.values(teamsById)
      .map((t) => ({ id: t.id, name: t.name, slug: t.slug }))
      .sort((a, b) => byText(a.name, b.name)),
    friction: { load, policies: items },
    removed: { proposals: removedByProposals, retirements: removedByRetirements, waiting },
    purpose: { inForce, withPurpose },
    reviews: { held, decisionDays: medianDays },
    participation: { participants, active, byKind, periodParticipants, periodActive },
    standards: { published, items: standardItems, ratingSum, ratingCount },
    pulses: pulseResults({ pulses: Object.values(d.pulses ?? {}), answers: Object.values(d.pulseAnswers ?? {}) }),
  };
}

// ---------------------------------------------------------------- the view for one filter

export type DashboardFilter = { period: Period; teamId: string | null };

/** A figure for the team in view (null without one) beside the organisation's. */
export type Scoped<T> = { team: T | null; org: T };

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function scoped<T>(teamId: string | null, pick: (teamId: string | null) => T): Scoped<T> {
  return { team: teamId ? pick(teamId) : null, org: pick(null) };
}

/**
 * The dashboard for one period and one team (or the organisation): every figure for the
 * team beside the organisation's, the by-team comparisons (organisation view only), and the
 * first items behind each figure. Cheap: slices what computeMetrics prepared.
 */
export function dashboardView(m: OrgMetrics, filter: DashboardFilter) {
  const { period, teamId } = filter;
  const from = m.months.length - period;
  const months = m.months.slice(from);
  const slice = (series: Series, t: string | null) => teamRow(series, t).slice(from);
  const last = (series: Series, t: string | null) => teamRow(series, t)[m.months.length - 1];
  const ofTeam = <T extends { teamId: string | null }>(list: T[], t: string | null) => (t ? list.filter((x) => x.teamId === t) : list);
  const teamName = new Map(m.teams.map((t) => [t.id, t.name]));
  const byTeam = <T>(pick: (teamId: string) => T) =>
    teamId ? [] : m.teams.map((t) => ({ teamId: t.id, name: t.name, slug: t.slug, ...pick(t.id) }));

  // Friction load
  const policiesInView = ofTeam(m.friction.policies, teamId);
  const friction = {
    series: scoped(teamId, (t) => slice(m.friction.load, t)),
    now: scoped(teamId, (t) => last(m.friction.load, t)),
    change: scoped(teamId, (t) => {
      const row = slice(m.friction.load, t);
      return round2(row[row.length - 1] - row[0]);
    }),
    byTeam: byTeam((t) => ({ hours: last(m.friction.load, t) })),
    costliest: policiesInView
      .slice(0, LIST_LIMIT)
      .map((p) => ({ slug: p.slug, title: p.title, team: teamName.get(p.teamId) ?? "", hours: p.hours })),
  };

  // Friction removed
  const removedRow = (t: string | null) => {
    const proposals = slice(m.removed.proposals, t);
    const retirements = slice(m.removed.retirements, t);
    return { proposals, retirements, total: round2(sum(proposals) + sum(retirements)) };
  };
  const waitingInView = ofTeam(m.removed.waiting, teamId);
  const removed = {
    series: removedRow(teamId),
    total: scoped(teamId, (t) => removedRow(t).total),
    byTeam: byTeam((t) => {
      const r = removedRow(t);
      return { proposals: round2(sum(r.proposals)), retirements: round2(sum(r.retirements)) };
    }),
    waiting: {
      count: waitingInView.length,
      items: waitingInView.slice(0, LIST_LIMIT).map((w) => ({ ...w, team: w.teamId ? teamName.get(w.teamId) ?? "" : "" })),
    },
  };

  // Purpose coverage
  const coverageRow = (t: string | null) => {
    const all = slice(m.purpose.inForce, t);
    const stated = slice(m.purpose.withPurpose, t);
    return all.map((n, i) => share(stated[i], n));
  };
  const missing = policiesInView.filter((p) => p.missingPurpose);
  const purpose = {
    series: scoped(teamId, coverageRow),
    now: scoped(teamId, (t) => share(last(m.purpose.withPurpose, t), last(m.purpose.inForce, t))),
    byTeam: byTeam((t) => ({ coverage: share(last(m.purpose.withPurpose, t), last(m.purpose.inForce, t)) })),
    missing: { count: missing.length, items: missing.slice(0, LIST_LIMIT).map((p) => ({ slug: p.slug, title: p.title, hours: p.hours })) },
  };

  // Review health
  const overdue = policiesInView.filter((p) => p.overdue).sort((a, b) => (a.nextReviewOn < b.nextReviewOn ? -1 : 1));
  const orphans = policiesInView.filter((p) => p.orphan);
  const days = m.reviews.decisionDays[period];
  const reviews = {
    overdue: {
      count: scoped(teamId, (t) => ofTeam(m.friction.policies, t).filter((p) => p.overdue).length),
      items: overdue.slice(0, LIST_LIMIT).map((p) => ({ slug: p.slug, title: p.title, nextReviewOn: p.nextReviewOn })),
    },
    orphans: {
      count: scoped(teamId, (t) => ofTeam(m.friction.policies, t).filter((p) => p.orphan).length),
      items: orphans.slice(0, LIST_LIMIT).map((p) => ({ slug: p.slug, title: p.title })),
    },
    held: scoped(teamId, (t) => slice(m.reviews.held, t)),
    heldTotal: scoped(teamId, (t) => sum(slice(m.reviews.held, t))),
    medianDays: scoped(teamId, (t) => (t ? days.byTeam[t] ?? { median: null, n: 0 } : days.org)),
  };

  // Participation
  const participationRow = (t: string | null) => {
    const took = slice(m.participation.participants, t);
    const all = slice(m.participation.active, t);
    return took.map((n, i) => share(n, all[i]));
  };
  const periodShare = (t: string | null) => {
    const took = m.participation.periodParticipants[period];
    const all = m.participation.periodActive[period];
    return t
      ? { people: took.byTeam[t] ?? 0, active: all.byTeam[t] ?? 0, share: share(took.byTeam[t] ?? 0, all.byTeam[t] ?? 0) }
      : { people: took.org, active: all.org, share: share(took.org, all.org) };
  };
  const participation = {
    series: scoped(teamId, participationRow),
    people: slice(m.participation.participants, teamId),
    active: slice(m.participation.active, teamId),
    byKind: Object.fromEntries(PARTICIPATION_KINDS.map((k) => [k, slice(m.participation.byKind[k], teamId)])) as Record<
      ParticipationKind,
      number[]
    >,
    period: scoped(teamId, periodShare),
    byTeam: byTeam((t) => periodShare(t)),
  };

  // Standards
  const standardsInView = ofTeam(m.standards.items, teamId);
  const coverage = (list: StandardItem[]) => share(sum(list.map((s) => s.acknowledged)), sum(list.map((s) => s.members)));
  const health = (list: StandardItem[]) => {
    const count = sum(list.map((s) => s.recent.count));
    return count ? round2(sum(list.map((s) => s.recent.sum)) / count) : null;
  };
  const monthlyHealth = (t: string | null) => {
    const s = slice(m.standards.ratingSum, t);
    const c = slice(m.standards.ratingCount, t);
    return s.map((x, i) => (c[i] ? round2(x / c[i]) : null));
  };
  const standards = {
    published: scoped(teamId, (t) => ofTeam(m.standards.items, t).length),
    publishedSeries: scoped(teamId, (t) => slice(m.standards.published, t)),
    coverage: scoped(teamId, (t) => coverage(ofTeam(m.standards.items, t))),
    health: scoped(teamId, (t) => health(ofTeam(m.standards.items, t))),
    healthSeries: scoped(teamId, monthlyHealth),
    byTeam: byTeam((t) => {
      const list = ofTeam(m.standards.items, t);
      return { published: list.length, coverage: coverage(list), health: health(list) };
    }),
    byStandard: {
      count: standardsInView.length,
      // Lowest health first (unrated last), then lowest acknowledgement.
      items: [...standardsInView]
        .sort(
          (a, b) => (a.health ?? 6) - (b.health ?? 6) || (share(a.acknowledged, a.members) ?? 1) - (share(b.acknowledged, b.members) ?? 1)
        )
        .slice(0, LIST_LIMIT)
        .map((s) => ({
          slug: s.slug,
          title: s.title,
          team: teamName.get(s.teamId) ?? "",
          version: s.version,
          members: s.members,
          acknowledged: s.acknowledged,
          coverage: share(s.acknowledged, s.members),
          health: s.health,
          ratings: s.recent.count,
          previousHealth: s.previousHealth,
          falling: s.falling,
        })),
    },
    falling: (() => {
      const list = standardsInView
        .filter((s) => s.falling)
        .sort((a, b) => (b.previousHealth ?? 0) - (b.health ?? 0) - ((a.previousHealth ?? 0) - (a.health ?? 0)));
      return {
        count: list.length,
        items: list
          .slice(0, LIST_LIMIT)
          .map((s) => ({
            slug: s.slug,
            title: s.title,
            team: teamName.get(s.teamId) ?? "",
            health: s.health,
            previousHealth: s.previousHealth,
          })),
      };
    })(),
  };

  return {
    months,
    period,
    teamId,
    teamName: teamId ? teamName.get(teamId) ?? null : null,
    friction,
    removed,
    purpose,
    reviews,
    participation,
    standards,
    pulses: m.pulses.map((p) => ({
      ...p,
      team: teamId ? p.teams.find((x) => x.teamId === teamId) ?? { teamId, responses: 0, shown: false, means: null } : null,
    })),
  };
}

export type DashboardView = ReturnType<typeof dashboardView>;

// ---------------------------------------------------------------- the cached entry point

/**
 * The data version the metrics depend on: bumped by every write except sign-ins and sign-outs
 * (which only touch sessions), so signing in does not throw the dashboard's cache away.
 */
const dataVersions = new WeakMap<Store, { version: number }>();

function dataVersion(store: Store): number {
  let entry = dataVersions.get(store);
  if (!entry) {
    const tracked = { version: store.version };
    store.subscribe((event, changes) => {
      if (changes.length && changes.every((c) => c.c === "sessions")) return;
      tracked.version = event.seq;
    });
    dataVersions.set(store, tracked);
    entry = tracked;
  }
  return entry.version;
}

const cache = new WeakMap<Store, { key: string; metrics: OrgMetrics }>();

/** What the metrics depend on: the data version and the day. Derived caches key on it too. */
export function metricsKey(): string {
  const store = getStore();
  return `${dataVersion(store)}:${store.clock.now().toISOString().slice(0, 10)}`;
}

/**
 * The organisation's metrics as of now, computed once per data version and day and kept
 * for every dashboard request until the next write.
 */
export function getOrgMetrics(): OrgMetrics {
  const store = getStore();
  const now = store.clock.now();
  const key = metricsKey();
  const hit = cache.get(store);
  if (hit && hit.key === key) return hit.metrics;
  const metrics = computeMetrics({ data: store.data, activity: store.activity }, now);
  cache.set(store, { key, metrics });
  return metrics;
}

// ---------------------------------------------------------------- overdue implementations

/**
 * Adopted changes to how people work whose implementation is past its due date and not done,
 * soonest due first. One definition for every figure that counts them (the dashboard, a team's
 * view, a list behind a card): `implementationOverdue` in review-rules.
 */
export function overdueImplementations(proposals: Iterable<Proposal>, now: Date): Proposal[] {
  const today = now.toISOString().slice(0, 10);
  const list: Proposal[] = [];
  for (const p of proposals) if (p.status === "adopted" && implementationOverdue(p, today)) list.push(p);
  return list.sort((a, b) => ((a.implementationDueOn ?? "") < (b.implementationDueOn ?? "") ? -1 : 1));
}

/** How many implementations are overdue now, in the organisation or for one team's policies. */
export function overdueImplementationCount(teamId: string | null = null): number {
  const store = getStore();
  const { proposals, policies } = store.data;
  const overdue = overdueImplementations(Object.values(proposals), store.clock.now());
  return teamId ? overdue.filter((p) => policies[p.policyId]?.teamId === teamId).length : overdue.length;
}

/** The dashboard for one period and team, from the cached metrics. */
export function getDashboard(filter: DashboardFilter): DashboardView {
  return dashboardView(getOrgMetrics(), filter);
}
