import { getStore } from "~/store/index.server";
import type { ActivityEvent, EventType, SubjectKind } from "~/store/events";
import { isAdmin, type Actor } from "./actor";
import { ForbiddenError } from "./errors";

export type ActivityRow = {
  seq: number;
  at: string;
  type: EventType;
  actor: string | null;
  subject: { kind: SubjectKind; id: string; label: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

function subjectLabel(kind: SubjectKind, id: string): string {
  const data = getStore().data;
  switch (kind) {
    case "team": return data.teams[id]?.name ?? id;
    case "person": return data.people[id]?.name ?? id;
    case "policy": return data.policies[id]?.title ?? id;
    case "review": return data.reviews[id]?.title ?? id;
    case "proposal": return data.proposals[id]?.title ?? id;
    case "standard": {
      const s = data.standards[id];
      const v = s ? data.standardVersions[`${s.id}:${s.publishedVersion ?? s.draftVersion}`] : null;
      return v?.content.title ?? id;
    }
    case "pulse": return data.pulses[id]?.title ?? id;
    default: return id;
  }
}

export function presentEvent(e: ActivityEvent): ActivityRow {
  const people = getStore().data.people;
  return {
    seq: e.seq,
    // A pulse answer shows only its day: an exact time could be matched against sign-ins.
    at: e.type === "pulse.answered" ? `${e.at.slice(0, 10)}T00:00:00.000Z` : e.at,
    type: e.type,
    actor: e.actorId ? (people[e.actorId]?.name ?? null) : null,
    subject: { kind: e.subject.kind, id: e.subject.id, label: subjectLabel(e.subject.kind, e.subject.id) },
    before: e.before,
    after: e.after,
  };
}

/** The audit trail for admins, newest first, a page at a time. */
export async function listActivity({ actor, page, pageSize = 50, kind }: { actor: Actor; page: number; pageSize?: number; kind?: SubjectKind }) {
  if (!isAdmin(actor)) throw new ForbiddenError();
  const all = getStore().activity;
  const rows: ActivityEvent[] = [];
  let matched = 0;
  const start = (page - 1) * pageSize;
  for (let i = all.length - 1; i >= 0; i--) {
    const e = all[i];
    if (kind && e.subject.kind !== kind) continue;
    if (matched >= start && rows.length < pageSize) rows.push(e);
    matched++;
  }
  return { rows: rows.map(presentEvent), total: matched, page, pages: Math.max(1, Math.ceil(matched / pageSize)) };
}

/** Events about one item, newest first. */
export async function activityOf(kind: SubjectKind, id: string, limit = 50): Promise<ActivityRow[]> {
  const events = getStore().activityFor(kind, id);
  return events.slice(-limit).reverse().map(presentEvent);
}
