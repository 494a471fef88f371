/**
 * Comparing two revisions of a policy: a readable word diff of its text (with the `diff`
 * library) and a table of its other fields, old beside new.
 */
import { diffWordsWithSpace } from "diff";
import { z } from "zod";
import { getStore } from "~/store/index.server";
import type { FrictionTag, Mandate, PolicyContent, PolicyRevision, PurposeTag } from "~/store/schema";
import { customerHours, roundHours } from "./friction";

export type DiffPart = { value: string; added?: true; removed?: true };

export const TEXT_FIELDS = ["title", "summary", "purpose", "body"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type FieldValue =
  | { kind: "text"; value: string }
  | { kind: "number"; value: number }
  | { kind: "hours"; value: number }
  | { kind: "months"; value: number }
  | { kind: "yesNo"; value: boolean }
  | { kind: "mandate"; value: Mandate }
  | { kind: "purposeTags"; value: PurposeTag[] }
  | { kind: "frictionTags"; value: FrictionTag[] }
  | { kind: "names"; value: string[] };

export const COMPARED_FIELDS = [
  "team",
  "owner",
  "purposeTags",
  "audienceExternal",
  "audienceTeams",
  "mandate",
  "occurrencesPerMonth",
  "steps",
  "approvals",
  "handoffs",
  "activeMinutes",
  "waitingMinutes",
  "customerHours",
  "frictionTags",
  "reviewCycleMonths",
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type FieldRow = { field: ComparedField; before: FieldValue; after: FieldValue; changed: boolean };
export type TextDiff = { field: TextField; changed: boolean; parts: DiffPart[] };

export type RevisionComparison = {
  text: TextDiff[];
  fields: FieldRow[];
  changedCount: number;
};

/** Word-level differences; unchanged text stays as one part. */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ value: before }] : [];
  return diffWordsWithSpace(before, after).map((c) => ({
    value: c.value,
    ...(c.added ? { added: true as const } : {}),
    ...(c.removed ? { removed: true as const } : {}),
  }));
}

function fieldValues(c: PolicyContent): Record<ComparedField, FieldValue> {
  const { teams, people } = getStore().data;
  return {
    team: { kind: "text", value: teams[c.teamId]?.name ?? "" },
    owner: { kind: "text", value: people[c.ownerId]?.name ?? "" },
    purposeTags: { kind: "purposeTags", value: c.purposeTags },
    audienceExternal: { kind: "yesNo", value: c.audienceExternal },
    audienceTeams: { kind: "names", value: c.audienceTeamIds.map((id) => teams[id]?.name ?? "").filter(Boolean) },
    mandate: { kind: "mandate", value: c.mandate },
    occurrencesPerMonth: { kind: "number", value: c.friction.occurrencesPerMonth },
    steps: { kind: "number", value: c.friction.steps },
    approvals: { kind: "number", value: c.friction.approvals },
    handoffs: { kind: "number", value: c.friction.handoffs },
    activeMinutes: { kind: "number", value: c.friction.activeMinutes },
    waitingMinutes: { kind: "number", value: c.friction.waitingMinutes },
    customerHours: { kind: "hours", value: roundHours(customerHours(c.friction)) },
    frictionTags: { kind: "frictionTags", value: c.frictionTags },
    reviewCycleMonths: { kind: "months", value: c.reviewCycleMonths },
  };
}

const same = (a: FieldValue, b: FieldValue) => JSON.stringify(a.value) === JSON.stringify(b.value);

const RevisionNumber = z.coerce.number().int().min(1);

/**
 * The two revisions to compare, from the URL (`?from=1&to=3`): any two that exist; by default
 * the latest and the one before it. Names of revisions that do not exist fall back to those.
 */
export function chooseRevisions(params: URLSearchParams, latest: number): { from: number; to: number } {
  const pick = (name: string, fallback: number) => {
    const n = RevisionNumber.safeParse(params.get(name) ?? undefined);
    return n.success && n.data <= latest ? n.data : fallback;
  };
  const to = pick("to", latest);
  const from = pick("from", Math.max(1, to === latest ? latest - 1 : to - 1));
  return { from, to };
}

/** The policy page's actions (its forms' `intent`). */
export const parsePolicyIntent = (value: unknown) => z.enum([
    "report-friction",
    "edit-report",
    "withdraw-report",
    "retire",
    "reinstate",
    "activate",
    "acknowledge",
    "ask-acknowledgement",
    "stop-acknowledgement",
  ]).safeParse(value);

/** What changed from revision `a` to revision `b`. */
export function compareRevisions(a: PolicyRevision, b: PolicyRevision): RevisionComparison {
  return compareContent(a.content, b.content);
}

/** What changed from content `a` to content `b`: a revision's, or a proposal's against the policy's. */
export function compareContent(a: PolicyContent, b: PolicyContent): RevisionComparison {
  const text = TEXT_FIELDS.map((field): TextDiff => {
    const before = a[field];
    const after = b[field];
    return { field, changed: before !== after, parts: diffText(before, after) };
  });
  const va = fieldValues(a);
  const vb = fieldValues(b);
  const fields = COMPARED_FIELDS.map((field): FieldRow => ({ field, before: va[field], after: vb[field], changed: !same(va[field], vb[field]) }));
  const changedCount = text.filter((t) => t.changed).length + fields.filter((f) => f.changed && f.field !== "customerHours").length;
  return { text, fields, changedCount };
}

// ---------------------------------------------------------------- recent history

export type HistoryEntry = {
  seq: number;
  at: string;
  type: string;
  actor: string | null;
  revision: number | null;
  note: string | null;
  reason: string | null;
  fromReview: boolean;
};

/**
 * The latest changes to a policy itself, newest first: friction reports are left out (they have
 * their own list), however many there are.
 */
export function recentPolicyHistory(policyId: string, limit = 8): HistoryEntry[] {
  const store = getStore();
  const events = store.activityFor("policy", policyId);
  const entries: HistoryEntry[] = [];
  for (let i = events.length - 1; i >= 0 && entries.length < limit; i--) {
    const e = events[i];
    if (
      e.type === "policy.friction-reported" ||
      e.type === "policy.friction-report-edited" ||
      e.type === "policy.friction-report-withdrawn" ||
      e.type === "policy.acknowledged"
    )
      continue;
    const after = e.after ?? {};
    entries.push({
      seq: e.seq,
      at: e.at,
      type: e.type,
      actor: e.actorId ? (store.data.people[e.actorId]?.name ?? null) : null,
      revision: typeof after.revision === "number" ? after.revision : e.type === "policy.created" || e.type === "policy.imported" ? 1 : null,
      note: typeof after.note === "string" ? after.note : null,
      reason: typeof after.reason === "string" ? after.reason : null,
      fromReview: Boolean(after.source),
    });
  }
  return entries;
}
