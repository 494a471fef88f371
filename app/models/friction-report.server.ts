/**
 * Friction reports: anyone who meets a policy says what it cost them this time — minutes lost,
 * the effort it asked (1–5, the Customer Effort Score question) and what happened. Reports are
 * shown on the policy and count towards its place in the review queue.
 */
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { FrictionReport } from "~/store/schema";
import type { Actor } from "./actor";
import { ConflictError, NotFoundError } from "./errors";
import { newId } from "./ids";
import { formNumber, requiredText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

export const FrictionReportInputSchema = z.object({
  minutesLost: formNumber(messageRef("policies.validation.minutesLost")).pipe(
    z.number().min(0, messageRef("policies.validation.minutesLostNegative")).max(10_000, messageRef("policies.validation.minutesLostMax")),
  ),
  effort: formNumber(messageRef("policies.validation.effort")).pipe(
    z.number().int(messageRef("policies.validation.effort")).min(1, messageRef("policies.validation.effort")).max(5, messageRef("policies.validation.effort")),
  ),
  what: requiredText(2000, messageRef("policies.validation.what")),
});

// ---------------------------------------------------------------- the index by policy

/** Each policy's reports, oldest first; built once per store, kept current by every commit. */
const indexes = new WeakMap<Store, Map<string, FrictionReport[]>>();

function insertByTime(list: FrictionReport[], report: FrictionReport) {
  const existing = list.findIndex((r) => r.id === report.id);
  if (existing >= 0) list.splice(existing, 1);
  let i = list.length;
  while (i > 0 && list[i - 1].at > report.at) i--;
  list.splice(i, 0, report);
}

export function reportIndex(): Map<string, FrictionReport[]> {
  const store = getStore();
  let index = indexes.get(store);
  if (index) return index;
  const built = new Map<string, FrictionReport[]>();
  const add = (r: FrictionReport) => {
    let list = built.get(r.policyId);
    if (!list) built.set(r.policyId, (list = []));
    insertByTime(list, r);
  };
  for (const r of Object.values(store.data.frictionReports)) {
    const list = built.get(r.policyId);
    if (list) list.push(r);
    else built.set(r.policyId, [r]);
  }
  for (const list of built.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  store.subscribe((_event, changes) => {
    for (const change of changes) {
      if (change.c !== "frictionReports") continue;
      if ("v" in change) add(change.v as FrictionReport);
      else for (const list of built.values()) {
        const i = list.findIndex((r) => r.id === change.id);
        if (i >= 0) list.splice(i, 1);
      }
    }
  });
  indexes.set(store, built);
  return built;
}

// ---------------------------------------------------------------- reads

export type PresentedFrictionReport = {
  id: string;
  at: string;
  personName: string;
  minutesLost: number;
  effort: number;
  what: string;
  /** An answer to a "did the change work?" follow-up. */
  followUp: boolean;
};

/** A policy's reports, newest first. */
export async function listFrictionReports({ policyId, limit = 10 }: { policyId: string; limit?: number }) {
  const store = getStore();
  const all = reportIndex().get(policyId) ?? [];
  const reports: PresentedFrictionReport[] = [];
  for (let i = all.length - 1; i >= 0 && reports.length < limit; i--) {
    const r = all[i];
    reports.push({
      id: r.id,
      at: r.at,
      personName: store.data.people[r.personId]?.name ?? "",
      minutesLost: r.minutesLost,
      effort: r.effort,
      what: r.what,
      followUp: Boolean(r.followUpOf),
    });
  }
  return { reports, total: all.length };
}

export type FrictionReportSummary = {
  days: number;
  count: number;
  /** Mean effort (1–5) over the window, one decimal; null without reports. */
  averageEffort: number | null;
  totalMinutes: number;
};

/** Count, average effort and total minutes of a policy's reports over the last `days` days. */
export function frictionReportSummary(policyId: string, now: Date, days = 90): FrictionReportSummary {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const all = reportIndex().get(policyId) ?? [];
  let count = 0;
  let effort = 0;
  let minutes = 0;
  for (let i = all.length - 1; i >= 0 && all[i].at >= since; i--) {
    if (all[i].at > now.toISOString()) continue;
    count++;
    effort += all[i].effort;
    minutes += all[i].minutesLost;
  }
  return {
    days,
    count,
    averageEffort: count ? Math.round((effort / count) * 10) / 10 : null,
    totalMinutes: Math.round(minutes),
  };
}

// ---------------------------------------------------------------- writes

/** Any signed-in person reports what meeting a policy cost them this time. */
export async function reportFriction({ actor, policyId, input }: { actor: Actor; policyId: string; input: unknown }): Promise<FrictionReport> {
  const data = validate(FrictionReportInputSchema, input);
  const store = getStore();
  const policy = store.data.policies[policyId];
  if (!policy) throw new NotFoundError("Policy not found");
  if (policy.status === "retired") throw new ConflictError(messageRef("policies.validation.retired"));
  const report: FrictionReport = {
    id: newId(),
    policyId,
    personId: actor.id,
    at: store.clock.now().toISOString(),
    minutesLost: data.minutesLost,
    effort: data.effort,
    what: data.what,
  };
  await store.commit(
    {
      type: "policy.friction-reported",
      actorId: actor.id,
      subject: { kind: "policy", id: policyId },
      after: { reportId: report.id, minutesLost: report.minutesLost, effort: report.effort },
    },
    [put("frictionReports", report)],
  );
  return report;
}
