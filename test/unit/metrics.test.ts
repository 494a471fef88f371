/**
 * Every dashboard metric from small hand-built histories with known answers. `now` is
 * 15 June 2026, so the twelve months run from July 2025 to June 2026.
 */
import { describe, expect, it } from "vitest";
import { computeMetrics, dashboardView, lastMonths, overdueImplementations, median, monthKey, type MetricsSource } from "~/models/metrics.server";
import type { ActivityEvent, EventType, SubjectKind } from "~/store/events";
import type {
  Acknowledgement,
  Person,
  Policy,
  PolicyContent,
  PolicyRevision,
  Proposal,
  Rating,
  Review,
  Standard,
  StandardVersion,
  Team,
  Vote,
} from "~/store/schema";

const NOW = new Date("2026-06-15T12:00:00.000Z");
const MONTHS = [
  "2025-07",
  "2025-08",
  "2025-09",
  "2025-10",
  "2025-11",
  "2025-12",
  "2026-01",
  "2026-02",
  "2026-03",
  "2026-04",
  "2026-05",
  "2026-06",
];
const iso = (day: string) => `${day}T10:00:00.000Z`;

// ---------------------------------------------------------------- tiny builders

function team(id: string): Team {
  return { id, slug: id, name: `Team ${id.toUpperCase()}`, description: "", createdAt: iso("2024-01-01") };
}

function person(id: string, teamId: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    name: `Person ${id}`,
    email: `${id}@example.test`,
    teamId,
    role: "employee",
    active: true,
    passwordHash: "x",
    createdAt: iso("2024-06-01"),
    ...overrides,
  };
}

/** Friction giving exactly `hours` customer hours per month (60 occurrences × hours minutes / 60). */
function friction(hours: number) {
  return { occurrencesPerMonth: 60, steps: 1, approvals: 0, handoffs: 0, activeMinutes: hours, waitingMinutes: 0 };
}

function content(overrides: Partial<PolicyContent> & { teamId: string; hours: number }): PolicyContent {
  const { hours, ...rest } = overrides;
  return {
    title: "A policy",
    summary: "",
    body: "",
    ownerId: "owner",
    purpose: "Serves a customer need.",
    purposeTags: [],
    audienceExternal: true,
    audienceTeamIds: [],
    mandate: "own",
    friction: friction(hours),
    frictionTags: [],
    reviewCycleMonths: 12,
    ...rest,
  };
}

class History {
  seq = 0;
  data: Required<MetricsSource["data"]> = {
    teams: {},
    people: {},
    policies: {},
    policyRevisions: {},
    frictionReports: {},
    reviews: {},
    proposals: {},
    votes: {},
    comments: {},
    standards: {},
    standardVersions: {},
    acknowledgements: {},
    ratings: {},
    pulses: {},
    pulseAnswers: {},
  };
  activity: ActivityEvent[] = [];

  event(
    at: string,
    type: EventType,
    kind: SubjectKind,
    id: string,
    after: Record<string, unknown> | null = null,
    actorId: string | null = "owner"
  ) {
    this.activity.push({ seq: ++this.seq, at, actorId, type, subject: { kind, id }, before: null, after });
  }

  teams(...ids: string[]) {
    for (const id of ids) this.data.teams[id] = team(id);
    return this;
  }

  person(id: string, teamId: string, overrides: Partial<Person> = {}) {
    this.data.people[id] = person(id, teamId, overrides);
    return this;
  }

  /** A policy created (active or draft) with its first revision and creation event. */
  policy(id: string, at: string, c: PolicyContent, status: "active" | "draft" = "active", extra: Partial<Policy> = {}) {
    this.data.policies[id] = {
      ...c,
      id,
      slug: id,
      status,
      lastReviewedOn: null,
      bodyHtml: "",
      revision: 1,
      retiredReason: null,
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
    this.revision(id, 1, at, c);
    this.event(at, "policy.created", "policy", id, { status });
    return this;
  }

  revision(policyId: string, number: number, at: string, c: PolicyContent, source: PolicyRevision["source"] = null) {
    this.data.policyRevisions[`${policyId}:${number}`] = {
      id: `${policyId}:${number}`,
      policyId,
      number,
      authorId: "owner",
      at,
      note: "n",
      content: c,
      source,
    };
    const p = this.data.policies[policyId];
    this.data.policies[policyId] = { ...p, ...c, revision: number, updatedAt: at };
    if (number > 1) this.event(at, "policy.revised", "policy", policyId, { status: p.status });
    return this;
  }

  setStatus(
    policyId: string,
    at: string,
    type: "policy.retired" | "policy.reinstated" | "policy.activated",
    status: Policy["status"],
    after: Record<string, unknown> = {}
  ) {
    this.data.policies[policyId] = { ...this.data.policies[policyId], status };
    this.event(at, type, "policy", policyId, { status, ...after });
    return this;
  }

  proposal(
    id: string,
    policyId: string,
    createdAt: string,
    decision: Partial<NonNullable<Proposal["decision"]>> | null,
    extra: Partial<Proposal> = {}
  ) {
    this.data.proposals[id] = {
      id,
      reviewId: "r1",
      policyId,
      authorId: "owner",
      kind: "reword",
      title: `Proposal ${id}`,
      reasoning: "",
      reasoningHtml: "",
      newBody: null,
      newFriction: null,
      status: decision ? decision.outcome ?? "adopted" : "open",
      version: 1,
      createdAt,
      updatedAt: createdAt,
      decision: decision
        ? { outcome: "adopted", rationale: "ok", decidedAt: createdAt, decidedBy: "owner", hoursRemoved: 0, ...decision }
        : null,
      implementation: null,
      ...extra,
    };
    return this;
  }
}

const compute = (h: History) => computeMetrics({ data: h.data, activity: h.activity }, NOW);

// ---------------------------------------------------------------- months

describe("months", () => {
  it("lists the last twelve calendar months ending with now's, and takes a median", () => {
    expect(lastMonths(NOW, 12)).toEqual(MONTHS);
    expect(lastMonths(new Date("2026-01-31T23:59:59Z"), 3)).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(monthKey("2026-03-04T00:00:00Z")).toBe("2026-03");
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

// ---------------------------------------------------------------- friction load and purpose

function catalogueHistory() {
  const h = new History().teams("t1", "t2").person("owner", "t1");
  // A: t1, 30 h from 10 Dec, revised down to 10 h on 5 March.
  h.policy("a", iso("2025-12-10"), content({ teamId: "t1", hours: 30 }));
  h.revision("a", 2, iso("2026-03-05"), content({ teamId: "t1", hours: 10 }), { reviewId: "r1", proposalId: "pa" });
  // B: t2, 12 h, no purpose, since before the window; retired on 20 February.
  h.policy("b", iso("2025-05-01"), content({ teamId: "t2", hours: 12, purpose: "" }));
  h.setStatus("b", iso("2026-02-20"), "policy.retired", "retired");
  // C: t1, a draft from January, put in force on 10 April, 6 h.
  h.policy("c", iso("2026-01-01"), content({ teamId: "t1", hours: 6 }), "draft");
  h.setStatus("c", iso("2026-04-10"), "policy.activated", "active");
  return h;
}

describe("friction load", () => {
  it("sums the customer hours of the revision in force at each month end, over policies in force", () => {
    const m = compute(catalogueHistory());
    expect(m.months).toEqual(MONTHS);
    // Jul–Nov: only B (months with no activity keep the load); Dec–Jan: A + B; Feb: B retired;
    // Mar: A's new revision; Apr: the draft C put in force.
    expect(m.friction.load.org).toEqual([12, 12, 12, 12, 12, 42, 42, 30, 10, 16, 16, 16]);
    expect(m.friction.load.byTeam.t1).toEqual([0, 0, 0, 0, 0, 30, 30, 30, 10, 16, 16, 16]);
    expect(m.friction.load.byTeam.t2).toEqual([12, 12, 12, 12, 12, 12, 12, 0, 0, 0, 0, 0]);
  });

  it("counts a reinstated policy again from the month it came back", () => {
    const h = catalogueHistory();
    h.setStatus("b", iso("2026-05-02"), "policy.reinstated", "active");
    const m = compute(h);
    expect(m.friction.load.org.slice(-3)).toEqual([16, 28, 28]);
  });

  it("lists the policies in force now, costliest first, with their findings", () => {
    const h = catalogueHistory();
    h.policy("d", iso("2024-01-01"), content({ teamId: "t2", hours: 50, ownerId: "gone" }), "active", { lastReviewedOn: "2025-01-01" });
    h.person("gone", "t2", { active: false });
    const m = compute(h);
    expect(m.friction.policies.map((p) => [p.id, p.hours])).toEqual([
      ["d", 50],
      ["a", 10],
      ["c", 6],
    ]);
    const d = m.friction.policies[0];
    expect(d).toMatchObject({ overdue: true, orphan: true, missingPurpose: false, nextReviewOn: "2026-01-01" });
    expect(m.friction.policies[1]).toMatchObject({ overdue: false, orphan: false });
  });
});

describe("purpose coverage", () => {
  it("is the share of policies in force whose revision in force states a purpose", () => {
    const h = catalogueHistory();
    // A states no purpose from 5 March (its second revision), then gets one back on 2 May.
    h.revision("a", 2, iso("2026-03-05"), content({ teamId: "t1", hours: 10, purpose: "  " }));
    h.revision("a", 3, iso("2026-05-02"), content({ teamId: "t1", hours: 10 }));
    const m = compute(h);
    const view = dashboardView(m, { period: 12, teamId: null });
    expect(view.purpose.series.org).toEqual([0, 0, 0, 0, 0, 0.5, 0.5, 1, 0, 0.5, 1, 1]);
    expect(view.purpose.now.org).toBe(1);
    const t2 = dashboardView(m, { period: 12, teamId: "t2" });
    // Team B's only policy had no purpose; after its retirement there is nothing to cover.
    expect(t2.purpose.series.team).toEqual([0, 0, 0, 0, 0, 0, 0, null, null, null, null, null]);
  });

  it("lists the policies still without a purpose", () => {
    const h = catalogueHistory();
    h.policy("e", iso("2026-01-05"), content({ teamId: "t2", hours: 3, purpose: "" }));
    const view = dashboardView(compute(h), { period: 12, teamId: null });
    expect(view.purpose.missing).toEqual({ count: 1, items: [{ slug: "e", title: "A policy", hours: 3 }] });
  });
});

// ---------------------------------------------------------------- friction removed

describe("friction removed", () => {
  it("adds the hours adopted proposals recorded, by decision month and team, and retirements that still stand", () => {
    const h = catalogueHistory();
    h.proposal("pa", "a", iso("2026-02-20"), { decidedAt: iso("2026-03-05"), hoursRemoved: 20 });
    h.proposal("rejected", "a", iso("2026-02-20"), { outcome: "rejected", decidedAt: iso("2026-03-05"), hoursRemoved: 0 });
    const m = compute(h);
    expect(m.removed.proposals.org).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0]);
    expect(m.removed.proposals.byTeam.t1[8]).toBe(20);
    // B retired in February, with the 12 h it carried then.
    expect(m.removed.retirements.org).toEqual([0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0]);
    expect(m.removed.retirements.byTeam.t2[7]).toBe(12);
    const view = dashboardView(m, { period: 6, teamId: null });
    expect(view.removed.total.org).toBe(32);
    expect(view.removed.byTeam).toEqual([
      { teamId: "t1", name: "Team T1", slug: "t1", proposals: 20, retirements: 0 },
      { teamId: "t2", name: "Team T2", slug: "t2", proposals: 0, retirements: 12 },
    ]);
    // In a three-month period neither falls inside.
    expect(dashboardView(m, { period: 3, teamId: null }).removed.total.org).toBe(0);
  });

  it("does not count a retirement later undone by a reinstatement", () => {
    const h = catalogueHistory();
    h.setStatus("b", iso("2026-05-02"), "policy.reinstated", "active");
    expect(compute(h).removed.retirements.org.every((v) => v === 0)).toBe(true);
  });

  it("counts an adopted removal once: under the proposal that recorded its hours", () => {
    const h = new History().teams("t1").person("owner", "t1");
    h.policy("x", iso("2025-01-01"), content({ teamId: "t1", hours: 8 }));
    h.proposal("remove-x", "x", iso("2026-04-01"), { decidedAt: iso("2026-04-03"), hoursRemoved: 8 }, { kind: "remove" });
    h.setStatus("x", iso("2026-04-03"), "policy.retired", "retired", { source: { reviewId: "r1", proposalId: "remove-x" } });
    const m = compute(h);
    expect(m.removed.proposals.org[9]).toBe(8);
    expect(m.removed.retirements.org[9]).toBe(0);
  });

  it("lists adopted changes still waiting for implementation", () => {
    const h = catalogueHistory();
    h.proposal(
      "auto",
      "a",
      iso("2026-01-10"),
      { decidedAt: iso("2026-01-20"), hoursRemoved: 4 },
      { implementation: "planned", kind: "automate" }
    );
    h.proposal("going", "c", iso("2026-04-10"), { decidedAt: iso("2026-04-20"), hoursRemoved: 1 }, { implementation: "in-progress" });
    h.proposal("done", "a", iso("2026-01-10"), { decidedAt: iso("2026-01-20"), hoursRemoved: 1 }, { implementation: "done" });
    const m = compute(h);
    expect(m.removed.waiting.map((w) => [w.proposalId, w.implementation, w.teamId])).toEqual([
      ["auto", "planned", "t1"],
      ["going", "in-progress", "t1"],
    ]);
    expect(dashboardView(m, { period: 12, teamId: "t2" }).removed.waiting.count).toBe(0);
  });

  it("counts implementations past their due date and not done, with one function, as the waiting list marks them", () => {
    const h = catalogueHistory();
    const decided = { decidedAt: iso("2026-05-01"), hoursRemoved: 1 };
    h.proposal("late", "a", iso("2026-04-20"), decided, { implementation: "planned", implementationDueOn: "2026-06-14" });
    h.proposal("late-too", "c", iso("2026-04-20"), decided, { implementation: "in-progress", implementationDueOn: "2026-05-31" });
    h.proposal("due-today", "a", iso("2026-04-20"), decided, { implementation: "planned", implementationDueOn: "2026-06-15" });
    h.proposal("done-late", "a", iso("2026-04-20"), decided, { implementation: "done", implementationDueOn: "2026-05-01" });
    h.proposal("no-date", "a", iso("2026-04-20"), decided, { implementation: "planned" });
    h.proposal("rejected", "a", iso("2026-04-20"), { ...decided, outcome: "rejected" }, { implementation: null, implementationDueOn: "2026-05-01" });
    const proposals = Object.values(h.data.proposals ?? {});
    expect(overdueImplementations(proposals, NOW).map((p) => p.id)).toEqual(["late-too", "late"]);
    expect(overdueImplementations(proposals, new Date("2026-06-16T00:00:00.000Z")).map((p) => p.id)).toEqual(["late-too", "late", "due-today"]);
    const waiting = compute(h).removed.waiting;
    expect(waiting.filter((w) => w.overdue).map((w) => w.proposalId).sort()).toEqual(["late", "late-too"]);
    expect(waiting.find((w) => w.proposalId === "late")).toMatchObject({ dueOn: "2026-06-14", overdue: true });
  });
});

// ---------------------------------------------------------------- review health

function review(id: string, policyIds: string[], closedAt: string | null): Review {
  return {
    id,
    title: id,
    description: "",
    descriptionHtml: "",
    policyIds,
    ownerId: "owner",
    openedAt: iso("2025-06-01"),
    deadline: iso("2026-12-01"),
    hideTallies: false,
    status: closedAt ? "closed" : "open",
    closedAt,
  };
}

describe("review health", () => {
  it("counts reviews held per month for each team covered, and not the open ones", () => {
    const h = catalogueHistory();
    h.data.reviews.r1 = review("r1", ["a", "b"], iso("2026-01-15"));
    h.data.reviews.r2 = review("r2", ["a"], iso("2026-03-05"));
    h.data.reviews.r3 = review("r3", ["a"], null);
    h.data.reviews.old = review("old", ["a"], iso("2025-02-01"));
    const m = compute(h);
    expect(m.reviews.held.org).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0]);
    expect(m.reviews.held.byTeam.t1).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0]);
    expect(m.reviews.held.byTeam.t2).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it("takes the median days from proposal to decision over the decisions of the period", () => {
    const h = catalogueHistory();
    h.proposal("p10", "a", iso("2026-03-01"), { decidedAt: iso("2026-03-11") });
    h.proposal("p20", "a", iso("2026-03-01"), { decidedAt: iso("2026-03-21"), outcome: "rejected" });
    h.proposal("p40", "b", iso("2025-12-01"), { decidedAt: iso("2026-01-10"), outcome: "deferred" });
    h.proposal("p90", "b", iso("2025-06-01"), { decidedAt: iso("2025-08-30") });
    h.proposal("p6", "a", iso("2026-05-01"), { decidedAt: iso("2026-05-07") });
    h.proposal("open", "a", iso("2026-03-01"), null);
    const m = compute(h);
    expect(m.reviews.decisionDays[12].org).toEqual({ median: 20, n: 5 });
    expect(m.reviews.decisionDays[6].org).toEqual({ median: 15, n: 4 });
    expect(m.reviews.decisionDays[3].org).toEqual({ median: 6, n: 1 });
    expect(m.reviews.decisionDays[12].byTeam.t2).toEqual({ median: 65, n: 2 });
  });

  it("shows overdue policies, most overdue first, and orphans for the team in view", () => {
    const h = catalogueHistory();
    h.person("gone", "t1", { active: false });
    h.policy("late1", iso("2024-01-01"), content({ teamId: "t1", hours: 1 }), "active", { lastReviewedOn: "2025-03-01" });
    h.policy("late2", iso("2024-01-01"), content({ teamId: "t1", hours: 2 }), "active", { lastReviewedOn: "2025-01-01" });
    h.policy("orphan", iso("2024-01-01"), content({ teamId: "t1", hours: 2, ownerId: "gone" }), "active", { lastReviewedOn: "2026-01-01" });
    h.policy("late-retired", iso("2024-01-01"), content({ teamId: "t2", hours: 2 }), "active", { lastReviewedOn: "2024-01-01" });
    h.setStatus("late-retired", iso("2025-09-01"), "policy.retired", "retired");
    const view = dashboardView(compute(h), { period: 12, teamId: "t1" });
    expect(view.reviews.overdue.count).toEqual({ team: 2, org: 2 });
    expect(view.reviews.overdue.items.map((p) => p.slug)).toEqual(["late2", "late1"]);
    expect(view.reviews.orphans.count).toEqual({ team: 1, org: 1 });
    expect(view.reviews.orphans.items).toEqual([{ slug: "orphan", title: "A policy" }]);
  });
});

// ---------------------------------------------------------------- participation

describe("participation", () => {
  function participationHistory() {
    const h = new History().teams("t1", "t2");
    h.person("owner", "t1").person("p2", "t1").person("p3", "t2");
    // p3 leaves on 10 February.
    h.data.people.p3 = { ...h.data.people.p3, active: false };
    h.event(iso("2026-02-10"), "person.deactivated", "person", "p3", { active: false });
    // p4 joins on 5 April and takes part the same month.
    h.person("p4", "t2", { createdAt: iso("2026-04-05") });
    h.event(iso("2026-01-20"), "proposal.commented", "proposal", "x", null, "p3");
    h.event(iso("2026-03-02"), "proposal.voted", "proposal", "x", null, "owner");
    h.event(iso("2026-03-03"), "proposal.voted", "proposal", "x", null, "owner");
    h.event(iso("2026-03-09"), "policy.friction-reported", "policy", "a", null, "p2");
    h.event(iso("2026-04-06"), "proposal.voted", "proposal", "x", null, "p4");
    h.event(iso("2026-03-04"), "proposal.commented", "proposal", "x", null, "owner");
    // A record with no event in the log is not taken part (the log is the source of truth).
    h.data.votes["x:p2"] = {
      id: "x:p2",
      proposalId: "x",
      reviewId: "r1",
      personId: "p2",
      position: "agree",
      reason: "",
      at: iso("2026-05-06"),
    } satisfies Vote;
    // Not taking part: a sign-in and an anonymous pulse answer.
    h.event(iso("2026-05-01"), "person.signed-in", "person", "p2", null, "p2");
    h.event(iso("2026-05-01"), "pulse.answered", "pulse", "q", null, null);
    return h;
  }

  it("is distinct people who took part each month as a share of the people active that month", () => {
    const m = compute(participationHistory());
    const view = dashboardView(m, { period: 12, teamId: null });
    // Jan: p3 of 3; Feb: nobody of 3 (p3 still active at its start); Mar: owner and p2 of 2;
    // Apr: p4 of 3; May, Jun and the quiet months: 0.
    expect(view.participation.people).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0]);
    expect(view.participation.active).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3]);
    expect(view.participation.series.org.slice(6, 10)).toEqual([1 / 3, 0, 1, 1 / 3]);
    expect(view.participation.byKind.voted.slice(8, 10)).toEqual([1, 1]);
    expect(view.participation.byKind.reported[8]).toBe(1);
    expect(view.participation.byKind.commented.slice(6, 9)).toEqual([1, 0, 1]);
    expect(view.participation.period.org).toEqual({ people: 4, active: 4, share: 1 });
  });

  it("by team, and over the period chosen", () => {
    const m = compute(participationHistory());
    const t2 = dashboardView(m, { period: 3, teamId: "t2" });
    expect(t2.participation.series.team).toEqual([1, 0, 0]);
    expect(t2.participation.period.team).toEqual({ people: 1, active: 1, share: 1 });
    expect(t2.participation.period.org).toEqual({ people: 1, active: 3, share: 1 / 3 });
    const org = dashboardView(m, { period: 3, teamId: null });
    expect(org.participation.byTeam.map((r) => [r.slug, r.people, r.active])).toEqual([
      ["t1", 0, 2],
      ["t2", 1, 1],
    ]);
  });
});

// ---------------------------------------------------------------- standards

function standard(id: string, teamId: string, overrides: Partial<Standard> = {}): Standard {
  return {
    id,
    slug: id,
    teamId,
    status: "published",
    publishedVersion: 1,
    draftVersion: null,
    draftState: null,
    returnComment: null,
    retiredReason: null,
    createdAt: iso("2025-01-01"),
    updatedAt: iso("2025-01-01"),
    ...overrides,
  };
}

function version(standardId: string, number: number, title: string, publishedAt: string | null): StandardVersion {
  return {
    id: `${standardId}:${number}`,
    standardId,
    number,
    content: {
      title,
      commitment: "We do it.",
      metric: "m",
      targetValue: 1,
      unit: "h",
      period: "month",
      customerTeamIds: [],
      dimension: "reliability",
      factor: null,
      body: "",
      linkedPolicyIds: [],
    },
    bodyHtml: "",
    authorId: "owner",
    at: publishedAt ?? iso("2025-01-01"),
    publishedAt,
  };
}

function ack(standardId: string, v: number, personId: string): Acknowledgement {
  return { id: `${standardId}:${v}:${personId}`, standardId, version: v, personId, at: iso("2026-01-01") };
}

function rating(standardId: string, personId: string, at: string, score: number): Rating {
  return {
    id: `${standardId}:${personId}:${at.slice(0, 7)}`,
    standardId,
    personId,
    teamId: "t2",
    month: at.slice(0, 7),
    score,
    comment: "",
    at,
  };
}

function standardsHistory() {
  const h = new History().teams("t1", "t2");
  h.person("owner", "t1").person("p2", "t1").person("left", "t1", { active: false }).person("c1", "t2").person("c2", "t2");
  // S1, re-opened: v1 published in October, v2 drafted and published on 10 April.
  h.data.standards.s1 = standard("s1", "t1", { publishedVersion: 2 });
  h.data.standardVersions["s1:1"] = version("s1", 1, "Answer in 4 hours", iso("2025-10-05"));
  h.data.standardVersions["s1:2"] = version("s1", 2, "Answer in 2 hours", iso("2026-04-10"));
  h.event(iso("2025-10-05"), "standard.published", "standard", "s1");
  h.event(iso("2026-04-10"), "standard.published", "standard", "s1");
  h.data.acknowledgements["s1:1:owner"] = ack("s1", 1, "owner");
  h.data.acknowledgements["s1:1:p2"] = ack("s1", 1, "p2");
  h.data.acknowledgements["s1:2:owner"] = ack("s1", 2, "owner");
  h.data.acknowledgements["s1:2:left"] = ack("s1", 2, "left");
  // S2: published in September, retired on 20 February.
  h.data.standards.s2 = standard("s2", "t1", { status: "retired" });
  h.data.standardVersions["s2:1"] = version("s2", 1, "Old promise", iso("2025-09-01"));
  h.event(iso("2025-09-01"), "standard.published", "standard", "s2");
  h.event(iso("2026-02-20"), "standard.retired", "standard", "s2");
  // S3: a draft, never published. S4: t2's, published in force with a new draft open (still in force).
  h.data.standards.s3 = standard("s3", "t1", { status: "draft", publishedVersion: null, draftVersion: 1, draftState: "draft" });
  h.data.standardVersions["s3:1"] = version("s3", 1, "Draft promise", null);
  h.data.standards.s4 = standard("s4", "t2", { draftVersion: 2, draftState: "draft" });
  h.data.standardVersions["s4:1"] = version("s4", 1, "Pay on time", iso("2025-12-01"));
  h.event(iso("2025-12-01"), "standard.published", "standard", "s4");
  // Ratings of S1: 4 and 4 in the 90 days before (Jan–Feb), 2 and 3 in the last 90 (Apr–May).
  for (const r of [
    rating("s1", "c1", iso("2026-01-20"), 4),
    rating("s1", "c2", iso("2026-02-10"), 4),
    rating("s1", "c1", iso("2026-04-20"), 2),
    rating("s1", "c2", iso("2026-05-10"), 3),
    // S4: one rating before, two recent: not enough to call a trend.
    rating("s4", "owner", iso("2026-02-01"), 5),
    rating("s4", "owner", iso("2026-04-01"), 3),
    rating("s4", "p2", iso("2026-04-02"), 3),
  ])
    h.data.ratings[r.id] = r;
  return h;
}

describe("standards", () => {
  it("counts the standards in force at each month end, and those in force now", () => {
    const m = compute(standardsHistory());
    // Sep: S2; Oct: + S1; Dec: + S4; Feb: S2 retired; S1's second publication changes no count.
    expect(m.standards.published.org).toEqual([0, 0, 1, 2, 2, 3, 3, 2, 2, 2, 2, 2]);
    const view = dashboardView(m, { period: 12, teamId: null });
    expect(view.standards.published).toEqual({ team: null, org: 2 });
    expect(dashboardView(m, { period: 12, teamId: "t1" }).standards.published).toEqual({ team: 1, org: 2 });
  });

  it("covers acknowledgement of the version in force only, by the provider team's active members", () => {
    const m = compute(standardsHistory());
    const s1 = m.standards.items.find((s) => s.id === "s1")!;
    // v2 is in force: owner acknowledged it; p2 only v1; the departed member does not count.
    expect(s1).toMatchObject({ version: 2, title: "Answer in 2 hours", members: 2, acknowledged: 1 });
    const view = dashboardView(m, { period: 12, teamId: null });
    expect(view.standards.byTeam.map((r) => [r.slug, r.published, r.coverage])).toEqual([
      ["t1", 1, 0.5],
      ["t2", 1, 0],
    ]);
    expect(view.standards.coverage.org).toBe(0.25);
  });

  it("takes health as the average rating of the last 90 days, and finds the standards whose rating falls", () => {
    const m = compute(standardsHistory());
    const view = dashboardView(m, { period: 12, teamId: null });
    const byStandard = Object.fromEntries(view.standards.byStandard.items.map((s) => [s.slug, s]));
    expect(byStandard.s1).toMatchObject({ health: 2.5, previousHealth: 4, ratings: 2, falling: true });
    expect(byStandard.s4).toMatchObject({ health: 3, previousHealth: 5, ratings: 2, falling: false });
    expect(view.standards.falling.items.map((s) => s.slug)).toEqual(["s1"]);
    expect(view.standards.health.org).toBe(2.75);
    expect(view.standards.byTeam.find((r) => r.slug === "t2")!.health).toBe(3);
    // Monthly health by the month rated: Jan 4, Feb (4 + 5) / 2, Apr (2 + 3 + 3) / 3, May 3.
    expect(view.standards.healthSeries.org).toEqual([null, null, null, null, null, null, 4, 4.5, null, 2.67, 3, null]);
  });
});

// ---------------------------------------------------------------- the view

describe("the dashboard view", () => {
  it("slices the period, shows a team beside the organisation and leaves out the by-team comparisons", () => {
    const m = compute(catalogueHistory());
    const team = dashboardView(m, { period: 3, teamId: "t1" });
    expect(team.months).toEqual(["2026-04", "2026-05", "2026-06"]);
    expect(team.friction.series).toEqual({ team: [16, 16, 16], org: [16, 16, 16] });
    expect(team.friction.byTeam).toEqual([]);
    expect(team.teamName).toBe("Team T1");
    const org = dashboardView(m, { period: 6, teamId: null });
    expect(org.friction.series.team).toBeNull();
    expect(org.friction.change.org).toBe(16 - 42);
    expect(org.friction.byTeam.map((r) => [r.slug, r.hours])).toEqual([
      ["t1", 16],
      ["t2", 0],
    ]);
  });

  it("lists at most ten of anything, linking to the rest", () => {
    const h = new History().teams("t1").person("owner", "t1");
    for (let i = 0; i < 14; i++) h.policy(`p${i}`, iso("2025-01-01"), content({ teamId: "t1", hours: i + 1, purpose: "" }));
    const view = dashboardView(compute(h), { period: 12, teamId: null });
    expect(view.friction.costliest).toHaveLength(10);
    expect(view.friction.costliest[0]).toMatchObject({ slug: "p13", hours: 14 });
    expect(view.purpose.missing.count).toBe(14);
    expect(view.purpose.missing.items).toHaveLength(10);
  });

  it("handles an organisation with nothing in it", () => {
    const view = dashboardView(computeMetrics({ data: {}, activity: [] }, NOW), { period: 12, teamId: null });
    expect(view.friction.now.org).toBe(0);
    expect(view.purpose.now.org).toBeNull();
    expect(view.participation.period.org.share).toBeNull();
    expect(view.reviews.medianDays.org).toEqual({ median: null, n: 0 });
    expect(view.pulses).toEqual([]);
  });
});
