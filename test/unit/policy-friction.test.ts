import { describe, expect, it } from "vitest";
import { addMonths, customerHours, hasPurpose, isOverdue, nextReviewOn, policyFigures, roundHours } from "~/models/friction";
import type { Policy } from "~/store/schema";

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: "p1",
    slug: "refunds",
    title: "Refunds over €50 need approval",
    summary: "",
    body: "",
    bodyHtml: "",
    teamId: "t1",
    ownerId: "u1",
    purpose: "Stops refund fraud.",
    purposeTags: ["fraud-prevention"],
    audienceExternal: true,
    audienceTeamIds: [],
    mandate: "own",
    friction: { occurrencesPerMonth: 120, steps: 4, approvals: 1, handoffs: 1, activeMinutes: 6, waitingMinutes: 240 },
    frictionTags: ["approval"],
    reviewCycleMonths: 12,
    status: "active",
    lastReviewedOn: null,
    revision: 1,
    retiredReason: null,
    createdAt: "2025-01-15T09:00:00.000Z",
    updatedAt: "2025-01-15T09:00:00.000Z",
    ...overrides,
  };
}

describe("customer hours", () => {
  it("is occurrences × (active + waiting minutes) / 60", () => {
    expect(customerHours({ occurrencesPerMonth: 120, activeMinutes: 6, waitingMinutes: 240 })).toBe(492);
    expect(customerHours({ occurrencesPerMonth: 30, activeMinutes: 10, waitingMinutes: 0 })).toBe(5);
  });

  it("is zero when nobody meets the policy or it takes no time", () => {
    expect(customerHours({ occurrencesPerMonth: 0, activeMinutes: 10, waitingMinutes: 100 })).toBe(0);
    expect(customerHours({ occurrencesPerMonth: 50, activeMinutes: 0, waitingMinutes: 0 })).toBe(0);
  });

  it("keeps fractions and rounds them to one decimal for display", () => {
    expect(customerHours({ occurrencesPerMonth: 7, activeMinutes: 5, waitingMinutes: 0 })).toBeCloseTo(0.5833, 3);
    expect(roundHours(0.5833)).toBe(0.6);
    expect(roundHours(4429.3333)).toBe(4429.3);
  });
});

describe("next review", () => {
  it("falls a review cycle after the last review", () => {
    expect(nextReviewOn(policy({ lastReviewedOn: "2025-03-10", reviewCycleMonths: 6 }))).toBe("2025-09-10");
  });

  it("counts from creation when the policy was never reviewed", () => {
    expect(nextReviewOn(policy({ lastReviewedOn: null, reviewCycleMonths: 12 }))).toBe("2026-01-15");
  });

  it("clamps to the last day of a shorter month, leap years included", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonths("2025-11-15", 3)).toBe("2026-02-15");
  });
});

describe("overdue", () => {
  const p = policy({ lastReviewedOn: "2025-03-10", reviewCycleMonths: 6 }); // due 2025-09-10

  it("is overdue only after the next-review date has passed", () => {
    expect(isOverdue(p, new Date("2025-09-09T12:00:00Z"))).toBe(false);
    expect(isOverdue(p, new Date("2025-09-10T23:00:00Z"))).toBe(false);
    expect(isOverdue(p, new Date("2025-09-11T00:00:00Z"))).toBe(true);
  });

  it("never counts a retired policy or a draft as overdue", () => {
    const late = new Date("2030-01-01T00:00:00Z");
    expect(isOverdue({ ...p, status: "retired" }, late)).toBe(false);
    expect(isOverdue({ ...p, status: "draft" }, late)).toBe(false);
    expect(isOverdue({ ...p, status: "under-review" }, late)).toBe(true);
  });
});

describe("a policy's figures", () => {
  const now = new Date("2025-06-01T00:00:00Z");

  it("an orphan is a current policy whose accountable person has left", () => {
    expect(policyFigures(policy(), now, false).orphan).toBe(true);
    expect(policyFigures(policy(), now, true).orphan).toBe(false);
    expect(policyFigures(policy({ status: "retired" }), now, false).orphan).toBe(false);
  });

  it("a purpose of only spaces is a missing purpose", () => {
    expect(hasPurpose({ purpose: "   \n" })).toBe(false);
    expect(policyFigures(policy({ purpose: "  " }), now, true).missingPurpose).toBe(true);
    expect(policyFigures(policy(), now, true).missingPurpose).toBe(false);
  });

  it("reports hours, next review and overdue together", () => {
    expect(policyFigures(policy(), now, true)).toEqual({
      customerHours: 492,
      nextReviewOn: "2026-01-15",
      overdue: false,
      orphan: false,
      missingPurpose: false,
    });
  });
});
