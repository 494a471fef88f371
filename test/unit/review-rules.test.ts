import { describe, expect, it } from "vitest";
import {
  IMPLEMENTATION_DUE_DAYS,
  answersBlock,
  carriesNewContent,
  hoursRemovedByAdoption,
  implementationDueFrom,
  implementationOverdue,
  hoursSaved,
  needsImplementation,
  parseDeadline,
  positionNeedsReason,
  queueParts,
  queueScore,
  tallyOf,
  votingOpen,
  QUEUE_WEIGHTS,
} from "~/models/review-rules";
import type { Friction } from "~/store/schema";

const friction = (over: Partial<Friction> = {}): Friction => ({
  occurrencesPerMonth: 100,
  steps: 4,
  approvals: 2,
  handoffs: 1,
  activeMinutes: 10,
  waitingMinutes: 20,
  ...over,
});

describe("tallies and reasons", () => {
  it("counts each position and the total", () => {
    const tally = tallyOf([{ position: "agree" }, { position: "agree" }, { position: "block" }, { position: "abstain" }]);
    expect(tally).toEqual({ agree: 2, abstain: 1, disagree: 0, block: 1, total: 4 });
  });

  it("asks a reason of disagree and block only", () => {
    expect(positionNeedsReason("disagree")).toBe(true);
    expect(positionNeedsReason("block")).toBe(true);
    expect(positionNeedsReason("agree")).toBe(false);
    expect(positionNeedsReason("abstain")).toBe(false);
  });
});

describe("friction a proposal removes", () => {
  it("saves the difference in customer hours between today's and the proposed estimates", () => {
    // 100 × 30 / 60 = 50 h; 40 × 30 / 60 = 20 h
    expect(hoursSaved(friction(), friction({ occurrencesPerMonth: 40 }))).toBe(30);
    expect(hoursSaved(friction(), null)).toBe(0);
    expect(hoursSaved(friction(), friction({ waitingMinutes: 50 }))).toBe(-50);
  });

  it("a removal removes all of the policy's customer hours; a text change none", () => {
    expect(hoursRemovedByAdoption("remove", friction(), null)).toBe(50);
    expect(hoursRemovedByAdoption("reword", friction(), null)).toBe(0);
    expect(hoursRemovedByAdoption("automate", friction(), friction({ activeMinutes: 1, waitingMinutes: 2 }))).toBe(45);
  });

  it("tracks the implementation of every adopted change to how people work, a text-only rewording excepted", () => {
    expect(needsImplementation({ kind: "automate", newFriction: null })).toBe(true);
    expect(needsImplementation({ kind: "change-channel", newFriction: friction() })).toBe(true);
    // A relaxed threshold, a delegation and a removal all change what people do.
    expect(needsImplementation({ kind: "relax-threshold", newFriction: friction() })).toBe(true);
    expect(needsImplementation({ kind: "delegate", newFriction: null })).toBe(true);
    expect(needsImplementation({ kind: "remove", newFriction: null })).toBe(true);
    expect(needsImplementation({ kind: "other", newFriction: null })).toBe(true);
    // Same rule, plainer words: nothing to implement — unless the rewording changes the estimates.
    expect(needsImplementation({ kind: "reword", newFriction: null })).toBe(false);
    expect(needsImplementation({ kind: "reword", newFriction: friction({ steps: 2 }) })).toBe(true);
  });

  it("a tracked change is due 30 days after the decision, overdue after that until done, and never overdue without a due date", () => {
    expect(implementationDueFrom("2026-03-02T09:00:00.000Z")).toBe("2026-04-01");
    expect(IMPLEMENTATION_DUE_DAYS).toBe(30);
    const planned = { implementation: "planned" as const, implementationDueOn: "2026-04-01" };
    expect(implementationOverdue(planned, "2026-04-01")).toBe(false);
    expect(implementationOverdue(planned, "2026-04-02")).toBe(true);
    expect(implementationOverdue({ ...planned, implementation: "in-progress" }, "2026-04-02")).toBe(true);
    expect(implementationOverdue({ ...planned, implementation: "done" }, "2026-04-02")).toBe(false);
    expect(implementationOverdue({ implementation: "planned" }, "2099-01-01")).toBe(false);
    expect(implementationOverdue({ implementation: null, implementationDueOn: "2026-01-01" }, "2026-04-02")).toBe(false);
  });

  it("a proposal carries new content when it changes the text, the estimates or any other field", () => {
    expect(carriesNewContent({ newBody: null, newFriction: null })).toBe(false);
    expect(carriesNewContent({ newBody: null, newFriction: null, newFields: {} })).toBe(false);
    expect(carriesNewContent({ newBody: null, newFriction: null, newFields: { summary: "One signature up to €2,000." } })).toBe(true);
    expect(carriesNewContent({ newBody: "x", newFriction: null })).toBe(true);
  });
});

describe("answering a block", () => {
  it("refuses a token rationale and accepts an explanation", () => {
    expect(answersBlock("Noted.")).toBe(false);
    expect(answersBlock("x".repeat(120))).toBe(false); // long but not words
    expect(
      answersBlock("The block worried that nobody checks the result; the team lead now samples ten claims a month, which covers that risk."),
    ).toBe(true);
  });
});

describe("the review queue score", () => {
  const now = new Date("2026-06-15T12:00:00Z");
  const base = {
    friction: friction(),
    purpose: "Protects customers.",
    lastReviewedOn: "2026-01-01",
    createdAt: "2025-01-01T00:00:00.000Z",
    reviewCycleMonths: 12,
    status: "active" as const,
  };

  it("gives a point per customer hour, capped", () => {
    expect(queueParts(base, [], now).hours).toEqual({ value: 50, points: 50 });
    expect(queueParts({ ...base, friction: friction({ occurrencesPerMonth: 1000 }) }, [], now).hours.points).toBe(QUEUE_WEIGHTS.hoursCap);
  });

  it("counts recent friction reports by their effort, ignoring old ones", () => {
    const reports = [
      { at: "2026-06-01T00:00:00.000Z", effort: 5 },
      { at: "2026-05-01T00:00:00.000Z", effort: 3 },
      { at: "2025-06-01T00:00:00.000Z", effort: 5 }, // more than 180 days ago
    ];
    expect(queueParts(base, reports, now).reports).toEqual({ count: 2, effort: 8, points: 8 * QUEUE_WEIGHTS.pointsPerEffort });
  });

  it("adds overdue points growing by month and a missing purpose", () => {
    const overdue = queueParts({ ...base, lastReviewedOn: "2025-03-01" }, [], now);
    // due 2026-03-01, three whole months overdue on 2026-06-15
    expect(overdue.overdue).toEqual({ monthsOverdue: 3, points: QUEUE_WEIGHTS.overdueBase + 3 * QUEUE_WEIGHTS.overduePerMonth });
    const ancient = queueParts({ ...base, lastReviewedOn: "2015-01-01" }, [], now);
    expect(ancient.overdue.points).toBe(QUEUE_WEIGHTS.overdueCap);
    expect(queueParts(base, [], now).overdue).toEqual({ monthsOverdue: null, points: 0 });
    const missing = queueParts({ ...base, purpose: "  " }, [], now);
    expect(missing.purpose).toEqual({ missing: true, points: QUEUE_WEIGHTS.missingPurpose });
    expect(queueScore(missing)).toBe(50 + QUEUE_WEIGHTS.missingPurpose);
  });
});

describe("deadlines", () => {
  it("reads a date as the end of that day, and a full date-time as it is", () => {
    expect(parseDeadline("2026-04-30")).toBe("2026-04-30T23:59:59.999Z");
    expect(parseDeadline("2026-04-30T10:00:00+02:00")).toBe("2026-04-30T08:00:00.000Z");
    expect(parseDeadline("2026-02-30")).toBeNull();
    expect(parseDeadline("next friday")).toBeNull();
  });

  it("voting is open only before the deadline of an open review", () => {
    const review = { status: "open", deadline: "2026-04-30T23:59:59.999Z" };
    expect(votingOpen(review, new Date("2026-04-30T23:59:59.000Z"))).toBe(true);
    expect(votingOpen(review, new Date("2026-04-30T23:59:59.999Z"))).toBe(false);
    expect(votingOpen({ ...review, status: "closed" }, new Date("2026-04-01T00:00:00Z"))).toBe(false);
  });
});
