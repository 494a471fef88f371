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
import type { ActivityEvent, Change } from "~/store/events";
import type { CollectionName, Collections, Person, Policy, PolicyContent, PolicyRevision, Proposal } from "~/store/schema";
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
    /** The decisions of the twelve months, each with its month index: what the median counts. */
    decided: DecisionItem[];
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

// ---------------------------------------------------------------- the history the metrics follow

type Rev = { id: string; at: string; content: PolicyContent };
/** Who took part in one calendar month (person → the kinds, as bits), and its latest event. */
type MonthTaking = { people: Map<string, number>; latestAt: string };

/** 1 proposed, 2 voted, 4 commented, 8 reported. */
const KIND_BIT = Object.fromEntries(PARTICIPATION_KINDS.map((k, i) => [k, 1 << i])) as Record<ParticipationKind, number>;

/**
 * Puts `item` after every step at or before its time: the order a stable sort by time of the
 * list in arrival order gives, so following events one by one and sorting them all at once
 * agree. Events arrive nearly in time order, so the scan from the end is short.
 */
function insertByTime<T extends { at: string }>(list: T[], item: T) {
  let i = list.length;
  while (i > 0 && list[i - 1].at > item.at) i--;
  if (i === list.length) list.push(item);
  else list.splice(i, 0, item);
}

function addStep<T>(map: Map<string, Timeline<T>>, key: string, at: string, value: T) {
  const list = map.get(key);
  if (list) insertByTime(list, { at, value });
  else map.set(key, [{ at, value }]);
}

/**
 * What the metrics read from the activity log and the policy revisions, kept as timelines and
 * monthly sets instead of rescanned: built once from the whole history (`from`), then
 * following each committed event (`follow`) and revision (`change`). Each part counts its
 * changes in `versions`, which the cached figures key on.
 */
export class MetricsHistory {
  /** Each policy's status over time (every policy event that records a status). */
  readonly policyStatus = new Map<string, Timeline<string>>();
  /** Deactivations and reactivations of each person. */
  readonly personActive = new Map<string, Timeline<boolean>>();
  /** Publications and retirements of each standard. */
  readonly standardPublished = new Map<string, Timeline<boolean>>();
  /** Every retirement of a policy, in the order of the log. */
  readonly retirements: ActivityEvent[] = [];
  readonly reinstatedAt = new Map<string, string[]>();
  /** Who took part, by calendar month ("2026-03"), over the whole history. */
  readonly taking = new Map<string, MonthTaking>();
  /** Each policy's revisions, oldest first. */
  readonly revisions = new Map<string, Rev[]>();
  readonly versions = { policyStatus: 0, personActive: 0, standardPublished: 0, retirements: 0, taking: 0, revisions: 0 };
  /** The latest time of any event or revision taken in. */
  latestAt = "";

  static from(source: MetricsSource): MetricsHistory {
    const history = new MetricsHistory();
    for (const e of source.activity) history.follow(e);
    for (const r of Object.values(source.data.policyRevisions ?? {}) as PolicyRevision[]) history.putRevision(r);
    return history;
  }

  /** Takes in one event of the log. */
  follow(e: ActivityEvent) {
    if (e.at > this.latestAt) this.latestAt = e.at;
    const kind = e.subject.kind;
    if (kind === "policy") {
      const status = e.after?.status;
      if (typeof status === "string") {
        addStep(this.policyStatus, e.subject.id, e.at, status);
        this.versions.policyStatus++;
      }
      if (e.type === "policy.retired") {
        this.retirements.push(e);
        this.versions.retirements++;
      } else if (e.type === "policy.reinstated") {
        const list = this.reinstatedAt.get(e.subject.id);
        if (list) list.push(e.at);
        else this.reinstatedAt.set(e.subject.id, [e.at]);
        this.versions.retirements++;
      }
    } else if (kind === "person") {
      if (e.type === "person.deactivated" || e.type === "person.reactivated") {
        addStep(this.personActive, e.subject.id, e.at, e.type === "person.reactivated");
        this.versions.personActive++;
      }
    } else if (kind === "standard") {
      if (e.type === "standard.published" || e.type === "standard.retired") {
        addStep(this.standardPublished, e.subject.id, e.at, e.type === "standard.published");
        this.versions.standardPublished++;
      }
    }
    const participated = PARTICIPATION_EVENTS[e.type as keyof typeof PARTICIPATION_EVENTS];
    if (participated && e.actorId) {
      const ym = e.at.slice(0, 7);
      let month = this.taking.get(ym);
      if (!month) this.taking.set(ym, (month = { people: new Map(), latestAt: e.at }));
      month.people.set(e.actorId, (month.people.get(e.actorId) ?? 0) | KIND_BIT[participated]);
      if (e.at > month.latestAt) month.latestAt = e.at;
      this.versions.taking++;
    }
  }

  /** Takes in one changed record (only revisions matter here). */
  change(change: Change) {
    if (change.c !== "policyRevisions") return;
    if ("del" in change) {
      for (const list of this.revisions.values()) {
        const at = list.findIndex((r) => r.id === change.id);
        if (at >= 0) list.splice(at, 1);
      }
    } else this.putRevision(change.v as PolicyRevision);
    this.versions.revisions++;
  }

  private putRevision(r: PolicyRevision) {
    if (r.at > this.latestAt) this.latestAt = r.at;
    const rev = { id: r.id, at: r.at, content: r.content };
    const list = this.revisions.get(r.policyId);
    if (!list) {
      this.revisions.set(r.policyId, [rev]);
      return;
    }
    const old = list.findIndex((x) => x.id === r.id);
    if (old >= 0) list.splice(old, 1);
    insertByTime(list, rev);
  }

  /** The content of a policy in force just before `before`. */
  contentAt(policyId: string, before: string): PolicyContent | undefined {
    const list = this.revisions.get(policyId);
    if (!list) return undefined;
    let found: PolicyContent | undefined;
    for (const r of list) {
      if (r.at < before) found = r.content;
      else break;
    }
    return found;
  }
}

// ---------------------------------------------------------------- computing, section by section

/** The twelve months up to `now`, and the instants each is measured at. */
export type Frame = {
  nowIso: string;
  today: string;
  months: string[];
  monthIndex: Map<string, number>;
  monthStarts: string[];
  /** The instant each month is measured at: the start of the next month, or now for this month. */
  cutoffs: string[];
  /** The month of an instant within the twelve months (up to now), or undefined. */
  indexOf(at: string): number | undefined;
};

export function frameAt(now: Date): Frame {
  const nowIso = now.toISOString();
  const months = lastMonths(now, MONTHS_KEPT);
  const M = months.length;
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const windowStart = monthStartIso(months[0]);
  const cutoffs = months.map((m, i) => (i === M - 1 ? new Date(now.getTime() + 1).toISOString() : monthStartIso(nextMonth(m))));
  return {
    nowIso,
    today: nowIso.slice(0, 10),
    months,
    monthIndex,
    monthStarts: months.map(monthStartIso),
    cutoffs,
    indexOf: (at) => (at >= windowStart && at < cutoffs[M - 1] ? monthIndex.get(at.slice(0, 7)) : undefined),
  };
}

/** What every section reads: the collections, the log, the history kept from it, and the months. */
type Inputs = {
  data: MetricsSource["data"];
  activity: readonly ActivityEvent[];
  history: MetricsHistory;
  frame: Frame;
  /** A section whose figures change at an instant of their own (a rating leaving the 90 days) says when. */
  expires?: (at: number) => void;
};

type HistoryPart = keyof MetricsHistory["versions"];

/** What changed since a section was last brought up to date. */
export type Changed = {
  collections: ReadonlySet<CollectionName>;
  parts: ReadonlySet<HistoryPart>;
  /** The policies whose record, revisions or status changed ("all" when that cannot be told). */
  policies: ReadonlySet<string> | "all";
};

/**
 * One part of the dashboard's figures: what it reads (collections and parts of the history)
 * and how it is computed from them. A cached section is recomputed only when something it
 * reads changed, or the day did; one with `update` is brought up to date from what changed
 * instead (returning null when it cannot, and it is computed again). `update` may change the
 * previous value in place. Adding a card means adding a section here and its place in
 * `OrgMetrics` (see `assemble`); the equality test then covers it.
 */
type Section<T> = {
  reads: readonly MetricsCollection[];
  follows: readonly HistoryPart[];
  compute: (inputs: Inputs) => T;
  update?: (previous: T, inputs: Inputs, changed: Changed) => T | null;
};
const section = <T>(s: Section<T>) => s;

// "~" sorts after every character of an ISO time, so `at + "~"` includes revisions made at `at`.
function teamOfPolicyAt({ history, data }: Inputs, policyId: string, at: string): string | null {
  return history.contentAt(policyId, at + "~")?.teamId ?? data.policies?.[policyId]?.teamId ?? null;
}

function roundSeries(...all: Series[]) {
  for (const s of all) for (const row of [s.org, ...Object.values(s.byTeam)]) for (let i = 0; i < row.length; i++) row[i] = round2(row[i]);
}

/** What one policy adds to each month end: its team, hours and purpose, or nothing (not in force). */
type PolicyMonths = { teams: Array<string | null>; hours: number[]; purpose: boolean[] };

function policyMonths(history: MetricsHistory, frame: Frame, p: Policy): PolicyMonths {
  const M = frame.months.length;
  const statuses = history.policyStatus.get(p.id) ?? [{ at: p.createdAt, value: p.status }];
  const out: PolicyMonths = { teams: new Array(M).fill(null), hours: new Array(M).fill(0), purpose: new Array(M).fill(false) };
  for (let i = 0; i < M; i++) {
    const status = valueAt(statuses, frame.cutoffs[i]);
    if (!status || !IN_FORCE.has(status)) continue;
    const content = history.contentAt(p.id, frame.cutoffs[i]);
    if (!content) continue;
    out.teams[i] = content.teamId;
    out.hours[i] = customerHours(content.friction);
    out.purpose[i] = hasPurpose(content);
  }
  return out;
}

type FrictionByMonth = {
  load: Series;
  inForce: Series;
  withPurpose: Series;
  /** Each policy's months, kept so that a change to one policy recomputes only that policy. */
  byPolicy: Map<string, PolicyMonths>;
};

/** Adds the policies' months up, in the order of the collection (so sums are always the same). */
function sumPolicyMonths(policies: Record<string, Policy>, byPolicy: Map<string, PolicyMonths>, M: number) {
  const load = newSeries(M);
  const inForce = newSeries(M);
  const withPurpose = newSeries(M);
  for (const id in policies) {
    const months = byPolicy.get(id);
    if (!months) continue;
    for (let i = 0; i < M; i++) {
      const teamId = months.teams[i];
      if (teamId === null) continue;
      addTo(load, teamId, i, months.hours[i]);
      addTo(inForce, teamId, i, 1);
      if (months.purpose[i]) addTo(withPurpose, teamId, i, 1);
    }
  }
  roundSeries(load);
  return { load, inForce, withPurpose };
}

/** Friction load and purpose coverage at each month end, from the revision in force then. */
function frictionByMonth({ data, history, frame }: Inputs): FrictionByMonth {
  const policies = data.policies ?? {};
  const byPolicy = new Map<string, PolicyMonths>();
  for (const p of Object.values(policies)) byPolicy.set(p.id, policyMonths(history, frame, p));
  return { ...sumPolicyMonths(policies, byPolicy, frame.months.length), byPolicy };
}

function updateFrictionByMonth(previous: FrictionByMonth, { data, history, frame }: Inputs, changed: Changed): FrictionByMonth | null {
  if (changed.policies === "all") return null;
  const policies = data.policies ?? {};
  for (const id of changed.policies) {
    const p = policies[id];
    if (p) previous.byPolicy.set(id, policyMonths(history, frame, p));
    else previous.byPolicy.delete(id);
  }
  return { ...sumPolicyMonths(policies, previous.byPolicy, frame.months.length), byPolicy: previous.byPolicy };
}

function policyItem(p: Policy, people: Record<string, Person>, today: string): PolicyItem {
  const next = nextReviewOn(p);
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    teamId: p.teamId,
    hours: round1(customerHours(p.friction)),
    nextReviewOn: next,
    // As isOverdue() says: past the next-review date (the policy is in force).
    overdue: next < today,
    orphan: people[p.ownerId]?.active !== true,
    missingPurpose: !hasPurpose(p),
  };
}

/** Costliest first; ties by title in code-point order, then by id: cheap, and one order however the list was built. */
const costliestFirst = (a: PolicyItem, b: PolicyItem) =>
  b.hours - a.hours || (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The policies in force now, costliest first. */
function policiesInForce({ data, frame }: Inputs): PolicyItem[] {
  const people = data.people ?? {};
  const items: PolicyItem[] = [];
  for (const p of Object.values(data.policies ?? {})) if (IN_FORCE.has(p.status)) items.push(policyItem(p, people, frame.today));
  return items.sort(costliestFirst);
}

function updatePoliciesInForce(previous: PolicyItem[], { data, frame }: Inputs, changed: Changed): PolicyItem[] | null {
  if (changed.policies === "all") return null;
  const people = data.people ?? {};
  const policies = data.policies ?? {};
  // Whether an owner is still active can change with any change to people: a pass over the list.
  const peopleChanged = changed.collections.has("people");
  const items: PolicyItem[] = [];
  for (const item of previous) {
    if (changed.policies.has(item.id)) continue;
    const orphan = people[policies[item.id]?.ownerId ?? ""]?.active !== true;
    items.push(peopleChanged && orphan !== item.orphan ? { ...item, orphan } : item);
  }
  for (const id of changed.policies) {
    const p = policies[id];
    if (p && IN_FORCE.has(p.status)) items.push(policyItem(p, people, frame.today));
  }
  return items.sort(costliestFirst);
}

/** A decision counted in "days to a decision": which proposal, for which team, how long it took. */
export type DecisionItem = { proposalId: string; reviewId: string; index: number; teamId: string | null; days: number };

/** Friction removed by decisions and retirements, the changes waiting, and the days to a decision. */
function decisions(inputs: Inputs) {
  const { data, history, frame } = inputs;
  const M = frame.months.length;
  const policies = data.policies ?? {};
  const proposals = data.proposals ?? {};
  const removedByProposals = newSeries(M);
  const removedByRetirements = newSeries(M);
  const waiting: WaitingItem[] = [];
  const decided: DecisionItem[] = [];
  for (const pr of Object.values(proposals)) {
    const decision = pr.decision;
    if (!decision) continue;
    const index = frame.indexOf(decision.decidedAt);
    const teamId = teamOfPolicyAt(inputs, pr.policyId, decision.decidedAt);
    if (index !== undefined) {
      decided.push({
        proposalId: pr.id,
        reviewId: pr.reviewId,
        index,
        teamId,
        days: (Date.parse(decision.decidedAt) - Date.parse(pr.createdAt)) / DAY_MS,
      });
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
        overdue: implementationOverdue(pr, frame.today),
      });
    }
  }
  waiting.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : 1));
  for (const e of history.retirements) {
    const index = frame.indexOf(e.at);
    if (index === undefined) continue;
    // A retirement undone by a later reinstatement removed nothing.
    if ((history.reinstatedAt.get(e.subject.id) ?? []).some((at) => at > e.at)) continue;
    // A retirement that carries out an adopted proposal which recorded its hours counts once, there.
    const sourceProposal = (e.after?.source as { proposalId?: string } | null | undefined)?.proposalId;
    const proposal = sourceProposal ? proposals[sourceProposal] : undefined;
    if (proposal?.decision?.outcome === "adopted" && proposal.decision.hoursRemoved !== 0) continue;
    const content = history.contentAt(e.subject.id, e.at + "~");
    if (!content) continue;
    addTo(removedByRetirements, content.teamId, index, customerHours(content.friction));
  }
  roundSeries(removedByProposals, removedByRetirements);

  const decisionDays = {} as OrgMetrics["reviews"]["decisionDays"];
  for (const period of PERIODS) {
    const from = M - period;
    const inPeriod = decided.filter((x) => x.index >= from);
    const byTeam: Record<string, number[]> = {};
    for (const x of inPeriod) if (x.teamId) (byTeam[x.teamId] ??= []).push(x.days);
    const summarise = (list: number[]) => {
      const m = median(list);
      return { median: m === null ? null : round1(m), n: list.length };
    };
    decisionDays[period] = {
      org: summarise(inPeriod.map((x) => x.days)),
      byTeam: Object.fromEntries(Object.entries(byTeam).map(([t, list]) => [t, summarise(list)])),
    };
  }
  return { removedByProposals, removedByRetirements, waiting, decided, decisionDays };
}

/** Reviews closed per month, for each team whose policies they covered. */
function reviewsHeld(inputs: Inputs): Series {
  const M = inputs.frame.months.length;
  const held = newSeries(M);
  for (const r of Object.values(inputs.data.reviews ?? {})) {
    if (r.status !== "closed" || !r.closedAt) continue;
    const index = inputs.frame.indexOf(r.closedAt);
    if (index === undefined) continue;
    held.org[index] += 1;
    const teamIds = new Set(r.policyIds.map((id) => teamOfPolicyAt(inputs, id, r.closedAt!)).filter((t): t is string => Boolean(t)));
    for (const teamId of teamIds) {
      const row = (held.byTeam[teamId] ??= new Array(M).fill(0));
      row[index] += 1;
    }
  }
  return held;
}

/** Who took part each month and in each period, among the people active then. */
type ParticipationFigures = {
  participants: Series;
  active: Series;
  byKind: Record<ParticipationKind, Series>;
  periodParticipants: PeriodCounts;
  periodActive: PeriodCounts;
};

/**
 * The figures, and what lets a new vote, proposal, comment or report be counted on its own:
 * who was active in each month, the kinds each counted person took part in that month, and the
 * latest month each counted person took part in (for the periods' distinct counts).
 */
type Participation = {
  figures: ParticipationFigures;
  activeInMonth: Array<Set<string>>;
  counted: Array<Map<string, number>>;
  latestMonth: Map<string, number>;
  /** The log's length when last brought up to date: the events after it are new. */
  upTo: number;
};

function participationFigures({ data, activity, history, frame }: Inputs): Participation {
  const people = data.people ?? {};
  const { months, cutoffs, monthStarts } = frame;
  const M = months.length;
  // Every proposal, vote (and changed vote), comment and friction report is written with its
  // event, so the log alone says who took part and when.
  const monthSets: Array<ReadonlyMap<string, number>> = months.map((ym, i) => {
    const month = history.taking.get(ym);
    if (!month) return new Map<string, number>();
    if (month.latestAt < cutoffs[i]) return month.people;
    // Part of the month lies after `now` (a clock set back): count only what came before it.
    const set = new Map<string, number>();
    for (const e of activity) {
      const kind = PARTICIPATION_EVENTS[e.type as keyof typeof PARTICIPATION_EVENTS];
      if (!kind || !e.actorId || e.at.slice(0, 7) !== ym || e.at >= cutoffs[i]) continue;
      set.set(e.actorId, (set.get(e.actorId) ?? 0) | KIND_BIT[kind]);
    }
    return set;
  });

  const activeInMonth: Array<Set<string>> = months.map(() => new Set());
  for (const person of Object.values(people)) {
    const timeline: Timeline<boolean> = [{ at: person.createdAt, value: true }, ...(history.personActive.get(person.id) ?? [])];
    if (!history.personActive.has(person.id) && !person.active) timeline.push({ at: person.createdAt, value: false });
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
  const counted: Array<Map<string, number>> = months.map(() => new Map());
  const latestMonth = new Map<string, number>();
  for (let i = 0; i < M; i++) {
    for (const personId of activeInMonth[i]) addTo(active, people[personId].teamId, i, 1);
    for (const [personId, kinds] of monthSets[i]) {
      if (!activeInMonth[i].has(personId)) continue;
      const teamId = people[personId].teamId;
      counted[i].set(personId, kinds);
      latestMonth.set(personId, i);
      addTo(participants, teamId, i, 1);
      for (const k of PARTICIPATION_KINDS) if (kinds & KIND_BIT[k]) addTo(byKind[k], teamId, i, 1);
    }
  }
  const periodParticipants = {} as PeriodCounts;
  const periodActive = {} as PeriodCounts;
  const count = (ids: Iterable<string>) => {
    let org = 0;
    const byTeam: Record<string, number> = {};
    for (const id of ids) {
      org++;
      byTeam[people[id].teamId] = (byTeam[people[id].teamId] ?? 0) + 1;
    }
    return { org, byTeam };
  };
  for (const period of PERIODS) {
    const was = new Set<string>();
    for (let i = M - period; i < M; i++) for (const id of activeInMonth[i]) was.add(id);
    const took: string[] = [];
    for (const [id, i] of latestMonth) if (i >= M - period) took.push(id);
    periodParticipants[period] = count(took);
    periodActive[period] = count(was);
  }
  return {
    figures: { participants, active, byKind, periodParticipants, periodActive },
    activeInMonth,
    counted,
    latestMonth,
    upTo: activity.length,
  };
}

/**
 * Counts the events since the last update one by one: a vote adds its person to the month
 * (and the period) if they were not counted there yet. Anything else that changed — people,
 * deactivations, an event dated after now — means computing it all again.
 */
function updateParticipation(previous: Participation, { data, activity, frame }: Inputs, changed: Changed): Participation | null {
  if (changed.collections.has("people") || changed.parts.has("personActive")) return null;
  const people = data.people ?? {};
  const M = frame.months.length;
  const cutoff = frame.cutoffs[M - 1];
  const { participants, byKind, periodParticipants } = previous.figures;
  for (let n = previous.upTo; n < activity.length; n++) {
    const e = activity[n];
    const kind = PARTICIPATION_EVENTS[e.type as keyof typeof PARTICIPATION_EVENTS];
    if (!kind || !e.actorId) continue;
    if (e.at >= cutoff) return null;
    const i = frame.indexOf(e.at);
    if (i === undefined || !previous.activeInMonth[i].has(e.actorId)) continue;
    const had = previous.counted[i].get(e.actorId) ?? 0;
    if (had & KIND_BIT[kind]) continue;
    previous.counted[i].set(e.actorId, had | KIND_BIT[kind]);
    const teamId = people[e.actorId].teamId;
    if (!had) addTo(participants, teamId, i, 1);
    addTo(byKind[kind], teamId, i, 1);
    const latest = previous.latestMonth.get(e.actorId) ?? -1;
    if (i <= latest) continue;
    previous.latestMonth.set(e.actorId, i);
    for (const period of PERIODS) {
      if (latest >= M - period || i < M - period) continue;
      const counts = periodParticipants[period];
      counts.org += 1;
      counts.byTeam[teamId] = (counts.byTeam[teamId] ?? 0) + 1;
    }
  }
  previous.upTo = activity.length;
  return previous;
}

/** Standards in force, their coverage and health, and the monthly ratings. */
function standardFigures({ data: d, history, frame, expires }: Inputs) {
  const M = frame.months.length;
  const people = d.people ?? {};
  const standards = d.standards ?? {};
  const now = Date.parse(frame.nowIso);
  const published = newSeries(M);
  const standardItems: StandardItem[] = [];
  const membersByTeam = new Map<string, number>();
  for (const person of Object.values(people)) {
    if (person.active) membersByTeam.set(person.teamId, (membersByTeam.get(person.teamId) ?? 0) + 1);
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
  const recentFrom = new Date(now - HEALTH_WINDOW_DAYS * DAY_MS).toISOString();
  const previousFrom = new Date(now - 2 * HEALTH_WINDOW_DAYS * DAY_MS).toISOString();
  const ratingsByStandard = new Map<string, { recent: { sum: number; count: number }; previous: { sum: number; count: number } }>();
  const ratingSum = newSeries(M);
  const ratingCount = newSeries(M);
  for (const r of Object.values(d.ratings ?? {})) {
    const providerTeam = standards[r.standardId]?.teamId ?? null;
    const index = frame.monthIndex.get(r.month);
    if (index !== undefined) {
      addTo(ratingSum, providerTeam, index, r.score);
      addTo(ratingCount, providerTeam, index, 1);
    }
    const at = Date.parse(r.at);
    if (r.at > frame.nowIso) {
      expires?.(at);
      continue;
    }
    // The first instants at which it leaves the last 90 days, and the 90 days before.
    expires?.(at + HEALTH_WINDOW_DAYS * DAY_MS + 1);
    expires?.(at + 2 * HEALTH_WINDOW_DAYS * DAY_MS + 1);
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
    let timeline = history.standardPublished.get(s.id);
    if (!timeline) {
      const since = s.publishedVersion ? d.standardVersions?.[`${s.id}:${s.publishedVersion}`]?.publishedAt ?? s.createdAt : null;
      timeline = since ? [{ at: since, value: s.status !== "retired" }] : [];
    }
    for (let i = 0; i < M; i++) if (valueAt(timeline, frame.cutoffs[i])) addTo(published, s.teamId, i, 1);

    if (s.status === "retired" || s.publishedVersion === null) continue;
    const version = s.publishedVersion;
    const title = d.standardVersions?.[`${s.id}:${version}`]?.content.title ?? s.slug;
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
      members: membersByTeam.get(s.teamId) ?? 0,
      acknowledged: acknowledgedCount.get(s.id) ?? 0,
      recent: ratings.recent,
      previous: ratings.previous,
      health,
      previousHealth,
      falling,
    });
  }
  standardItems.sort((a, b) => byText(a.title, b.title));
  return { published, items: standardItems, ratingSum, ratingCount };
}

/** The sections of the dashboard's figures; see `Section`. */
export const SECTIONS = {
  teams: section({
    reads: ["teams"],
    follows: [],
    compute: ({ data }) =>
      Object.values(data.teams ?? {})
        .map((t) => ({ id: t.id, name: t.name, slug: t.slug }))
        .sort((a, b) => byText(a.name, b.name)),
  }),
  friction: section({ reads: ["policies"], follows: ["policyStatus", "revisions"], compute: frictionByMonth, update: updateFrictionByMonth }),
  policies: section({ reads: ["policies", "people"], follows: ["policyStatus"], compute: policiesInForce, update: updatePoliciesInForce }),
  decisions: section({ reads: ["proposals", "policies"], follows: ["revisions", "retirements"], compute: decisions }),
  held: section({ reads: ["reviews", "policies"], follows: ["revisions"], compute: reviewsHeld }),
  participation: section({
    reads: ["people"],
    follows: ["personActive", "taking"],
    compute: participationFigures,
    update: updateParticipation,
  }),
  standards: section({
    reads: ["people", "standards", "standardVersions", "acknowledgements", "ratings"],
    follows: ["standardPublished"],
    compute: standardFigures,
  }),
  pulses: section({
    reads: ["pulses", "pulseAnswers"],
    follows: [],
    compute: ({ data }) => pulseResults({ pulses: Object.values(data.pulses ?? {}), answers: Object.values(data.pulseAnswers ?? {}) }),
  }),
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each section has its own value type
} satisfies Record<string, Section<any>>;

export type SectionName = keyof typeof SECTIONS;
type SectionValues = { [K in SectionName]: ReturnType<(typeof SECTIONS)[K]["compute"]> };

/** The dashboard's figures from the values of every section. */
function assemble(v: SectionValues, frame: Frame): OrgMetrics {
  return {
    now: frame.nowIso,
    months: frame.months,
    teams: v.teams,
    friction: { load: v.friction.load, policies: v.policies },
    removed: { proposals: v.decisions.removedByProposals, retirements: v.decisions.removedByRetirements, waiting: v.decisions.waiting },
    purpose: { inForce: v.friction.inForce, withPurpose: v.friction.withPurpose },
    reviews: { held: v.held, decisionDays: v.decisions.decisionDays, decided: v.decisions.decided },
    participation: v.participation.figures,
    standards: v.standards,
    pulses: v.pulses,
  };
}

/**
 * Computes every figure of the dashboard for the twelve months up to `now`, from the whole
 * history at once. Pure: reads only `source` and `now`. The live figures (`getOrgMetrics`)
 * follow the events instead and must always equal this.
 */
export function computeMetrics(source: MetricsSource, now: Date): OrgMetrics {
  const inputs: Inputs = { data: source.data, activity: source.activity, history: MetricsHistory.from(source), frame: frameAt(now) };
  const values = Object.fromEntries(Object.entries(SECTIONS).map(([name, s]) => [name, s.compute(inputs)])) as SectionValues;
  return assemble(values, inputs.frame);
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

/** The policies in force of one team (or all) that the dashboard's figures and lists pick out. */
type PolicyLists = { all: PolicyItem[]; overdue: PolicyItem[]; orphans: PolicyItem[]; missingPurpose: PolicyItem[] };
const policyListsMemo = new WeakMap<PolicyItem[], Map<string, PolicyLists>>();

/**
 * Worked out once per list of policies in force and team, not on each new view: the list is a
 * new array only when a policy changed, so a vote or a comment (new figures all the same) finds
 * these ready. At a large organisation they were most of building a view.
 */
function policyLists(policies: PolicyItem[], teamId: string | null): PolicyLists {
  let byTeam = policyListsMemo.get(policies);
  if (!byTeam) policyListsMemo.set(policies, (byTeam = new Map()));
  let lists = byTeam.get(teamId ?? "");
  if (!lists) {
    const all = teamId ? policies.filter((p) => p.teamId === teamId) : policies;
    lists = { all, overdue: [], orphans: [], missingPurpose: [] };
    for (const p of all) {
      if (p.overdue) lists.overdue.push(p);
      if (p.orphan) lists.orphans.push(p);
      if (p.missingPurpose) lists.missingPurpose.push(p);
    }
    lists.overdue.sort((a, b) => (a.nextReviewOn < b.nextReviewOn ? -1 : 1));
    byTeam.set(teamId ?? "", lists);
  }
  return lists;
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
  const inView = policyLists(m.friction.policies, teamId);
  const policiesInView = inView.all;
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
  const missing = inView.missingPurpose;
  const purpose = {
    series: scoped(teamId, coverageRow),
    now: scoped(teamId, (t) => share(last(m.purpose.withPurpose, t), last(m.purpose.inForce, t))),
    byTeam: byTeam((t) => ({ coverage: share(last(m.purpose.withPurpose, t), last(m.purpose.inForce, t)) })),
    missing: { count: missing.length, items: missing.slice(0, LIST_LIMIT).map((p) => ({ slug: p.slug, title: p.title, hours: p.hours })) },
  };

  // Review health
  const { overdue, orphans } = inView;
  const days = m.reviews.decisionDays[period];
  const reviews = {
    overdue: {
      count: scoped(teamId, (t) => policyLists(m.friction.policies, t).overdue.length),
      items: overdue.slice(0, LIST_LIMIT).map((p) => ({ slug: p.slug, title: p.title, nextReviewOn: p.nextReviewOn })),
    },
    orphans: {
      count: scoped(teamId, (t) => policyLists(m.friction.policies, t).orphans.length),
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

// ---------------------------------------------------------------- the live figures

/** Where a cached section stands: what it was computed from, and what changed since. */
type SectionState = {
  value: unknown;
  day: string;
  now: string;
  /** The collections' and the history's counts it was computed from. */
  seen: string;
  /** Computed while some event lay after `now` (a clock set back): recomputed at each new `now`. */
  volatile: boolean;
  /** The first instant its figures change by time alone (none: only the day changes them). */
  expiresAt: number;
  policies: Set<string> | "all";
};

/**
 * The figures kept current as events are committed: the history follows every event (an
 * append to a timeline or a monthly set), and each section is brought up to date on the next
 * request only when something it reads changed, or the day did — by its `update` from what
 * changed where it has one (a vote counts one person once; an edited policy recomputes that
 * policy), otherwise by computing it again.
 */
type Live = {
  history: MetricsHistory;
  /** How many times each collection changed since the store opened. */
  revisions: Map<CollectionName, number>;
  sections: Map<SectionName, SectionState>;
  metrics: OrgMetrics | null;
  /** Moves whenever the figures do: what caches built on them key on. */
  generation: number;
  /** What the last refresh did: the sections updated from what changed, and those computed again. */
  last: { updated: SectionName[]; recomputed: SectionName[] };
};
const lives = new WeakMap<Store, Live>();

function live(store: Store): Live {
  let state = lives.get(store);
  if (state) return state;
  const built: Live = {
    history: MetricsHistory.from({ data: store.data, activity: store.activity }),
    revisions: new Map(),
    sections: new Map(),
    metrics: null,
    generation: 0,
    last: { updated: [], recomputed: [] },
  };
  // Only the sections that read policies and can update themselves keep what changed.
  const touch = (policyId: string | "all") => {
    for (const [name, s] of built.sections) {
      if (s.policies === "all" || !tracksPolicies(name)) continue;
      if (policyId === "all") s.policies = "all";
      else s.policies.add(policyId);
    }
  };
  store.subscribe((event, changes) => {
    built.history.follow(event);
    if (event.subject.kind === "policy" && typeof event.after?.status === "string") touch(event.subject.id);
    for (const change of changes) {
      built.revisions.set(change.c, (built.revisions.get(change.c) ?? 0) + 1);
      built.history.change(change);
      if (change.c === "policies") touch(change.id);
      else if (change.c === "policyRevisions") touch("v" in change ? (change.v as PolicyRevision).policyId : "all");
    }
  });
  lives.set(store, built);
  return built;
}

function tracksPolicies(name: SectionName) {
  const s = SECTIONS[name] as unknown as Section<unknown>;
  return Boolean(s.update) && s.reads.includes("policies");
}

/** Brings every section up to date. */
function refresh(store: Store, state: Live, now: Date) {
  const nowIso = now.toISOString();
  const day = nowIso.slice(0, 10);
  let frame: Frame | null = null;
  const touched: SectionName[] = [];
  const updated: SectionName[] = [];
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const s = SECTIONS[name] as unknown as Section<unknown>;
    const counts = s.reads.map((c) => state.revisions.get(c) ?? 0);
    const parts = s.follows.map((p) => state.history.versions[p]);
    const seen = `${counts.join(",")}|${parts.join(",")}`;
    const previous = state.sections.get(name);
    const current =
      previous && previous.day === day && previous.seen === seen && now.getTime() < previous.expiresAt && !(previous.volatile && previous.now !== nowIso);
    if (current) continue;
    frame ??= frameAt(now);
    let expiresAt = Infinity;
    const inputs: Inputs = {
      data: store.data,
      activity: store.activity,
      history: state.history,
      frame,
      expires: (at) => {
        if (at > now.getTime() && at < expiresAt) expiresAt = at;
      },
    };
    let value: unknown = null;
    if (previous && s.update && previous.day === day && !previous.volatile && previous.now <= nowIso && now.getTime() < previous.expiresAt) {
      const [oldCounts, oldParts] = previous.seen.split("|").map((x) => x.split(","));
      value = s.update(previous.value, inputs, {
        collections: new Set(s.reads.filter((_, i) => String(counts[i]) !== oldCounts[i])),
        parts: new Set(s.follows.filter((_, i) => String(parts[i]) !== oldParts[i])),
        policies: previous.policies,
      });
    }
    if (value === null) value = s.compute(inputs);
    else updated.push(name);
    state.sections.set(name, {
      value,
      day,
      now: nowIso,
      seen,
      volatile: state.history.latestAt >= frame.cutoffs[frame.cutoffs.length - 1],
      expiresAt,
      policies: new Set(),
    });
    touched.push(name);
  }
  if (touched.length || !state.metrics) {
    const values = Object.fromEntries([...state.sections].map(([name, s]) => [name, s.value])) as SectionValues;
    state.metrics = assemble(values, frame ?? frameAt(now));
    state.generation++;
  }
  state.last = { updated, recomputed: touched.filter((name) => !updated.includes(name)) };
}

/** What the last refresh of the live figures did (for tests and the benchmark). */
export function lastMetricsRefresh(): Live["last"] {
  return live(getStore()).last;
}

/** What the figures depend on: moves whenever they change. Caches built on them key on it. */
export function metricsKey(): string {
  const store = getStore();
  const state = live(store);
  refresh(store, state, store.clock.now());
  return String(state.generation);
}

/**
 * The organisation's metrics as of now: the cached sections, each brought up to date with
 * what changed since the last request.
 */
export function getOrgMetrics(): OrgMetrics {
  const store = getStore();
  const state = live(store);
  refresh(store, state, store.clock.now());
  return state.metrics!;
}

/**
 * Builds the history and every section now (at start-up), not in the first request; and the
 * organisation's view the dashboard opens on, whose lists of policies are kept until they change.
 */
export function warmMetrics() {
  getDashboard({ period: 12, teamId: null });
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

// ---------------------------------------------------------------- the decisions behind "days to a decision"

/**
 * Every decision the "days to a decision" figure counts for one period and team, newest first,
 * with the median and count the card shows (computed from this very list).
 */
export function decisionsBehind(filter: DashboardFilter) {
  const m = getOrgMetrics();
  const store = getStore();
  const from = m.months.length - filter.period;
  const teamName = new Map(m.teams.map((t) => [t.id, t.name]));
  const counted = m.reviews.decided.filter((d) => d.index >= from && (!filter.teamId || d.teamId === filter.teamId));
  const items = counted
    .map((d) => {
      const proposal = store.data.proposals[d.proposalId];
      const review = store.data.reviews[d.reviewId];
      const policy = proposal ? store.data.policies[proposal.policyId] : undefined;
      return {
        proposalId: d.proposalId,
        reviewId: d.reviewId,
        title: proposal?.title ?? "",
        reviewTitle: review?.title ?? "",
        policyTitle: policy?.title ?? "",
        team: d.teamId ? teamName.get(d.teamId) ?? "" : "",
        outcome: proposal?.decision?.outcome ?? null,
        submittedAt: proposal?.createdAt ?? "",
        decidedAt: proposal?.decision?.decidedAt ?? "",
        days: d.days,
      };
    })
    .sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : 0));
  const middle = median(items.map((d) => d.days));
  return { median: middle === null ? null : round1(middle), n: items.length, items };
}
