/**
 * Friction reports: anyone who meets a policy says what it cost them this time — minutes lost,
 * the effort it asked (1–5, the Customer Effort Score question) and what happened. Reports are
 * shown on the policy and count towards its place in the review queue.
 */
import { z } from "zod";
import { getStore, put, remove } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { FrictionReport } from "~/store/schema";
import { isAdmin, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
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
  editedAt: string | null;
  personName: string;
  minutesLost: number;
  effort: number;
  what: string;
  /** The viewer wrote it: they may change or withdraw it. */
  mine: boolean;
  /** The viewer may withdraw it: its author, or an admin. */
  mayWithdraw: boolean;
  /** An answer to a "did the change work?" follow-up. */
  followUp: boolean;
};

/** A policy's reports, newest first, with what the viewer may do with each. */
export async function listFrictionReports({ policyId, limit = 10, viewer }: { policyId: string; limit?: number; viewer?: Actor }) {
  const store = getStore();
  const all = reportIndex().get(policyId) ?? [];
  const reports: PresentedFrictionReport[] = [];
  for (let i = all.length - 1; i >= 0 && reports.length < limit; i--) {
    const r = all[i];
    const mine = viewer?.id === r.personId;
    reports.push({
      id: r.id,
      at: r.at,
      editedAt: r.editedAt ?? null,
      personName: store.data.people[r.personId]?.name ?? "",
      minutesLost: r.minutesLost,
      effort: r.effort,
      what: r.what,
      mine,
      mayWithdraw: mine || (viewer ? isAdmin(viewer) : false),
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

/**
 * Any signed-in person reports what meeting a policy cost them this time. The same form sent
 * twice (its submission key) is answered with the first report.
 */
export async function reportFriction({ actor, policyId, input }: { actor: Actor; policyId: string; input: unknown }): Promise<FrictionReport> {
  const once = onceFor(actor.id, "friction-report", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.frictionReports[earlier.recordId]);
  const data = validate(FrictionReportInputSchema, input);
  return writeOnce(store, once, store.data.frictionReports, () => {
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
    return {
      event: {
        type: "policy.friction-reported",
        actorId: actor.id,
        subject: { kind: "policy", id: policyId },
        after: { reportId: report.id, minutesLost: report.minutesLost, effort: report.effort },
      },
      changes: [put("frictionReports", report), ...rememberSubmission(once, report.id, report.at)],
      result: report,
    };
  });
}

/**
 * A report as its author may change it: only the person who wrote it may put other words in it
 * (an admin included — a report is someone's own account of what a policy cost them).
 */
function ownReport(actor: Actor, reportId: unknown, policyId: string) {
  const report = typeof reportId === "string" ? getStore().data.frictionReports[reportId] : undefined;
  if (!report || report.policyId !== policyId) throw new NotFoundError("Friction report not found");
  return report;
}

/** The author changes their report: minutes, effort and what happened; when it happened stays. */
export async function editFrictionReport({ actor, policyId, reportId, input }: { actor: Actor; policyId: string; reportId: unknown; input: unknown }): Promise<FrictionReport> {
  const data = validate(FrictionReportInputSchema, input);
  const store = getStore();
  // Decided against the latest state: a report withdrawn in another process is not brought back.
  return store.write(() => {
    const report = ownReport(actor, reportId, policyId);
    if (report.personId !== actor.id) throw new ForbiddenError("Only the person who reported friction can change the report.");
    if (report.minutesLost === data.minutesLost && report.effort === data.effort && report.what === data.what) return { result: report };
    const edited: FrictionReport = { ...report, ...data, editedAt: store.clock.now().toISOString() };
    return {
      event: {
        type: "policy.friction-report-edited",
        actorId: actor.id,
        subject: { kind: "policy", id: policyId },
        before: { reportId: report.id, minutesLost: report.minutesLost, effort: report.effort, what: report.what },
        after: { reportId: report.id, minutesLost: edited.minutesLost, effort: edited.effort, what: edited.what },
      },
      changes: [put("frictionReports", edited)],
      result: edited,
    };
  });
}

/**
 * A report is withdrawn by its author, or removed by an admin (a report that names a customer or
 * insults a colleague). The policy's managers may not: a report is criticism of their policy. The
 * report leaves the policy's figures; the activity log keeps what it said and who withdrew it.
 */
export async function withdrawFrictionReport({ actor, policyId, reportId }: { actor: Actor; policyId: string; reportId: unknown }): Promise<void> {
  await getStore().write(() => {
    const report = ownReport(actor, reportId, policyId);
    if (report.personId !== actor.id && !isAdmin(actor)) {
      throw new ForbiddenError("Only the person who reported friction, or an admin, can withdraw the report.");
    }
    return {
      event: {
        type: "policy.friction-report-withdrawn",
        actorId: actor.id,
        subject: { kind: "policy", id: policyId },
        before: { reportId: report.id, personId: report.personId, at: report.at, minutesLost: report.minutesLost, effort: report.effort, what: report.what },
        after: { reportId: report.id, byAuthor: report.personId === actor.id },
      },
      changes: [remove("frictionReports", report.id)],
      result: undefined,
    };
  });
}
