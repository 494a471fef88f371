/**
 * Friction arithmetic and a policy's derived figures. Pure functions, safe on client and server:
 * nothing here is ever stored by hand.
 */
import type { Friction, Policy, PolicyContent } from "~/store/schema";

/** Customer hours per month = occurrences per month × (active + waiting minutes) / 60. */
export function customerHours(f: Pick<Friction, "occurrencesPerMonth" | "activeMinutes" | "waitingMinutes">): number {
  return (f.occurrencesPerMonth * (f.activeMinutes + f.waitingMinutes)) / 60;
}

/** Rounds hours for display and comparison (one decimal). */
export function roundHours(hours: number) {
  return Math.round(hours * 10) / 10;
}

/** "2026-03-14" plus n months, clamped to the month's last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The next review is due a cycle after the last review (or after creation, if never reviewed). */
export function nextReviewOn(policy: Pick<Policy, "lastReviewedOn" | "createdAt" | "reviewCycleMonths">): string {
  return addMonths(policy.lastReviewedOn ?? policy.createdAt.slice(0, 10), policy.reviewCycleMonths);
}

export function isOverdue(policy: Pick<Policy, "lastReviewedOn" | "createdAt" | "reviewCycleMonths" | "status">, now: Date): boolean {
  return overdueOn(policy.status, nextReviewOn(policy), now.toISOString().slice(0, 10));
}

/** Overdue: in force (not a draft, not retired) and past its next-review date (`today`: "2026-12-05"). */
export function overdueOn(status: Policy["status"], nextReview: string, today: string): boolean {
  return status !== "retired" && status !== "draft" && nextReview < today;
}

export function hasPurpose(policy: Pick<PolicyContent, "purpose">): boolean {
  return policy.purpose.trim().length > 0;
}

/** What the catalogue and the policy page show besides the stored fields. */
export type PolicyFigures = {
  customerHours: number;
  nextReviewOn: string;
  overdue: boolean;
  orphan: boolean;
  missingPurpose: boolean;
};

export function policyFigures(policy: Policy, now: Date, ownerActive: boolean): PolicyFigures {
  return {
    customerHours: roundHours(customerHours(policy.friction)),
    nextReviewOn: nextReviewOn(policy),
    overdue: isOverdue(policy, now),
    orphan: policy.status !== "retired" && !ownerActive,
    missingPurpose: !hasPurpose(policy),
  };
}
