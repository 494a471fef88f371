/**
 * Acknowledgements: each member of a provider team acknowledges each published version of the
 * standards their team promises. A new version needs a new acknowledgement. Managers see who
 * has and has not (coverage) for their team, admins for every team.
 */
import { getStore, put } from "~/store/index.server";
import type { Acknowledgement, Standard } from "~/store/schema";
import { isAdmin, hasRole, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { healthOf, type Health } from "./rating.server";
import { cachedOn, handbook, standardsOfTeam, titleOf, type PublishedStandard } from "./standard.server";

export function acknowledgementId(standardId: string, version: number, personId: string) {
  return `${standardId}:${version}:${personId}`;
}

/** Is this person bound by the standard? Members of its provider team, while it is in force. */
export function isBoundBy(person: { teamId: string }, s: Pick<Standard, "teamId" | "status" | "publishedVersion">) {
  return s.teamId === person.teamId && s.status !== "retired" && s.publishedVersion !== null;
}

type AckIndex = {
  /** `${standardId}:${version}` → person id → when */
  byVersion: Map<string, Map<string, string>>;
  /** `${standardId}:${personId}` → the newest version the person acknowledged */
  latest: Map<string, { version: number; at: string }>;
};

function ackIndex(): AckIndex {
  return cachedOn(["acknowledgements"], "acks.index", () => {
    const byVersion = new Map<string, Map<string, string>>();
    const latest = new Map<string, { version: number; at: string }>();
    for (const a of Object.values(getStore().data.acknowledgements)) {
      const key = `${a.standardId}:${a.version}`;
      let people = byVersion.get(key);
      if (!people) byVersion.set(key, (people = new Map()));
      people.set(a.personId, a.at);
      const lk = `${a.standardId}:${a.personId}`;
      const prev = latest.get(lk);
      if (!prev || prev.version < a.version) latest.set(lk, { version: a.version, at: a.at });
    }
    return { byVersion, latest };
  });
}

export type AcknowledgementState =
  | { bound: false }
  | {
      bound: true;
      version: number;
      /** When the person acknowledged the version in force; null while they have not. */
      acknowledgedAt: string | null;
      /** The newest earlier version they acknowledged, when the version in force is new to them. */
      previousVersion: number | null;
    };

/** Where a person stands with one standard. */
export function acknowledgementState(person: { id: string; teamId: string }, s: Standard): AcknowledgementState {
  if (!isBoundBy(person, s)) return { bound: false };
  const version = s.publishedVersion!;
  const idx = ackIndex();
  const at = idx.byVersion.get(`${s.id}:${version}`)?.get(person.id) ?? null;
  const latest = idx.latest.get(`${s.id}:${person.id}`);
  return {
    bound: true,
    version,
    acknowledgedAt: at,
    previousVersion: !at && latest && latest.version < version ? latest.version : null,
  };
}

/** A member of the provider team acknowledges the version in force. Doing it twice changes nothing. */
export async function acknowledgeStandard({ actor, standardId }: { actor: Actor; standardId: string }): Promise<Acknowledgement> {
  const store = getStore();
  const s = store.data.standards[standardId];
  if (!s) throw new NotFoundError("Standard not found");
  if (s.status === "retired" || s.publishedVersion === null)
    throw new ConflictError("Only a published standard can be acknowledged.");
  if (s.teamId !== actor.teamId)
    throw new ForbiddenError("Only members of the team that provides this standard acknowledge it.");
  const id = acknowledgementId(s.id, s.publishedVersion, actor.id);
  const existing = store.data.acknowledgements[id];
  if (existing) return existing;
  const ack: Acknowledgement = { id, standardId: s.id, version: s.publishedVersion, personId: actor.id, at: store.clock.now().toISOString() };
  await store.commit(
    {
      type: "standard.acknowledged",
      actorId: actor.id,
      subject: { kind: "standard", id: s.id },
      after: { version: s.publishedVersion, personId: actor.id },
    },
    [put("acknowledgements", ack)],
  );
  return ack;
}

// ---------------------------------------------------------------- my team's commitments

export type Commitment = {
  slug: string;
  title: string;
  commitment: string;
  status: Standard["status"];
  draftState: Standard["draftState"];
  publishedVersion: number | null;
  acknowledgement: AcknowledgementState;
  /** How its internal customers rate it (standards in force only). */
  health: Pick<Health, "average" | "count" | "level" | "direction"> | null;
};

/**
 * The standards the person's team provides, with where the person stands on each. Drafts
 * appear only to those who may see them (the team's manager and admins).
 */
export function teamCommitments(actor: Actor): { teamId: string; teamName: string; commitments: Commitment[]; toAcknowledge: number } {
  const { teams } = getStore().data;
  const mayDraft = hasRole(actor, "manager");
  const commitments: Commitment[] = [];
  let toAcknowledge = 0;
  for (const s of standardsOfTeam(actor.teamId)) {
    if (s.publishedVersion === null && !mayDraft) continue;
    const state = acknowledgementState(actor, s);
    if (state.bound && !state.acknowledgedAt) toAcknowledge++;
    const v = getStore().data.standardVersions[`${s.id}:${s.publishedVersion ?? s.draftVersion}`];
    commitments.push({
      slug: s.slug,
      title: titleOf(s),
      commitment: v?.content.commitment ?? "",
      status: s.status,
      draftState: s.draftState,
      publishedVersion: s.publishedVersion,
      acknowledgement: state,
      health: s.publishedVersion !== null ? pickHealth(healthOf(s.id)) : null,
    });
  }
  return { teamId: actor.teamId, teamName: teams[actor.teamId]?.name ?? "", commitments, toAcknowledge };
}

function pickHealth(h: Health) {
  return { average: h.average, count: h.count, level: h.level, direction: h.direction };
}

/** The standards in force that still wait for this person's acknowledgement. */
export function pendingAcknowledgements(person: { id: string; teamId: string }): Array<{ slug: string; title: string; version: number; renewed: boolean }> {
  const out: Array<{ slug: string; title: string; version: number; renewed: boolean }> = [];
  for (const s of standardsOfTeam(person.teamId)) {
    const state = acknowledgementState(person, s);
    if (state.bound && !state.acknowledgedAt) out.push({ slug: s.slug, title: titleOf(s), version: state.version, renewed: state.previousVersion !== null });
  }
  return out;
}

// ---------------------------------------------------------------- coverage

export type CoverageRow = {
  slug: string;
  title: string;
  version: number;
  acknowledged: number;
  members: number;
  missing: Array<{ id: string; name: string }>;
};

export type TeamCoverage = {
  teamId: string;
  teamName: string;
  members: number;
  standards: CoverageRow[];
  /** Acknowledgements given and expected over all the team's standards in force. */
  given: number;
  expected: number;
};

function buildCoverage(): Map<string, TeamCoverage> {
  const { people, teams } = getStore().data;
  const idx = ackIndex();
  const membersByTeam = new Map<string, Array<{ id: string; name: string }>>();
  for (const p of Object.values(people)) {
    if (!p.active) continue;
    let list = membersByTeam.get(p.teamId);
    if (!list) membersByTeam.set(p.teamId, (list = []));
    list.push({ id: p.id, name: p.name });
  }
  for (const list of membersByTeam.values()) list.sort((a, b) => a.name.localeCompare(b.name));

  const result = new Map<string, TeamCoverage>();
  for (const team of Object.values(teams)) {
    const members = membersByTeam.get(team.id) ?? [];
    result.set(team.id, { teamId: team.id, teamName: team.name, members: members.length, standards: [], given: 0, expected: 0 });
  }
  const byTeam = new Map<string, PublishedStandard[]>();
  for (const s of handbook()) {
    let list = byTeam.get(s.teamId);
    if (!list) byTeam.set(s.teamId, (list = []));
    list.push(s);
  }
  for (const [teamId, list] of byTeam) {
    const cov = result.get(teamId);
    if (!cov) continue;
    const members = membersByTeam.get(teamId) ?? [];
    for (const s of list) {
      const acked = idx.byVersion.get(`${s.id}:${s.version}`);
      const missing = members.filter((m) => !acked?.has(m.id));
      const row: CoverageRow = {
        slug: s.slug,
        title: s.content.title,
        version: s.version,
        acknowledged: members.length - missing.length,
        members: members.length,
        missing,
      };
      cov.standards.push(row);
      cov.given += row.acknowledged;
      cov.expected += row.members;
    }
  }
  return result;
}

function allCoverage(): Map<string, TeamCoverage> {
  return cachedOn(["acknowledgements", "standards", "standardVersions", "people", "teams"], "acks.coverage", buildCoverage);
}

/**
 * Acknowledgement coverage. Managers see their own team; admins every team, or one.
 * Employees may not see it.
 */
export function coverage({ actor, teamId }: { actor: Actor; teamId?: string | null }): TeamCoverage[] {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("Only managers and admins see acknowledgement coverage.");
  const all = allCoverage();
  if (!isAdmin(actor)) {
    if (teamId && teamId !== actor.teamId) throw new ForbiddenError("Managers see the coverage of their own team.");
    const own = all.get(actor.teamId);
    return own ? [own] : [];
  }
  if (teamId) {
    const one = all.get(teamId);
    if (!one) throw new NotFoundError("Team not found");
    return [one];
  }
  return [...all.values()].sort((a, b) => a.teamName.localeCompare(b.teamName));
}

/** Organisation-wide: acknowledgements given and expected for the standards in force. */
export function coverageTotals(): { given: number; expected: number } {
  let given = 0;
  let expected = 0;
  for (const t of allCoverage().values()) {
    given += t.given;
    expected += t.expected;
  }
  return { given, expected };
}
