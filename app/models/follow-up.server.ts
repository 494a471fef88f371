/**
 * Did the change work? For each adopted proposal on a policy: the friction the decision
 * predicted it would remove, beside what the people who meet the policy reported in the 90 days
 * before the decision and since (minutes lost and effort per report). The follow-up notification
 * (sixty days after the decision) asks those who had reported friction to report again.
 */
import { getStore } from "~/store/index.server";
import { reportIndex } from "./friction-report.server";
import { reviewIndex } from "./review-index.server";

const WINDOW_MS = 90 * 86_400_000;

type Measured = { reports: number; minutesLost: number | null; effort: number | null };

export type ChangeCheck = {
  proposalTitle: string;
  decidedAt: string;
  /** Customer hours a month the decision predicted it would remove. */
  predictedHoursRemoved: number;
  before: Measured;
  since: Measured;
};

function measure(list: Array<{ minutesLost: number; effort: number }>): Measured {
  if (!list.length) return { reports: 0, minutesLost: null, effort: null };
  const sum = (f: (r: { minutesLost: number; effort: number }) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    reports: list.length,
    minutesLost: Math.round((sum((r) => r.minutesLost) / list.length) * 10) / 10,
    effort: Math.round((sum((r) => r.effort) / list.length) * 10) / 10,
  };
}

/** The adopted changes to a policy, newest first (at most three), with predicted and measured friction. */
export function changeChecks(policyId: string): ChangeCheck[] {
  const store = getStore();
  const reports = reportIndex().get(policyId) ?? [];
  const checks: ChangeCheck[] = [];
  for (const reviewId of reviewIndex().reviewsByPolicy.get(policyId)) {
    for (const proposalId of reviewIndex().proposalsByReview.get(reviewId)) {
      const p = store.data.proposals[proposalId];
      if (!p || p.policyId !== policyId || p.status !== "adopted" || !p.decision) continue;
      const decided = p.decision.decidedAt;
      const from = new Date(new Date(decided).getTime() - WINDOW_MS).toISOString();
      checks.push({
        proposalTitle: p.title,
        decidedAt: decided,
        predictedHoursRemoved: p.decision.hoursRemoved,
        before: measure(reports.filter((r) => r.at >= from && r.at < decided)),
        since: measure(reports.filter((r) => r.at >= decided)),
      });
    }
  }
  return checks.sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : -1)).slice(0, 3);
}
