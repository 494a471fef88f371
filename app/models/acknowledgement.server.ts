/**
 * Acknowledgements: each member of a provider team acknowledges each published version of the
 * standards their team promises. A new version needs a new acknowledgement. Managers see who
 * has and has not (coverage) for their team, admins for every team.
 */
import { getStore, put } from "~/store/index.server";
import type { Acknowledgement, Standard } from "~/store/schema";
import { isAdmin, hasRole, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { messageRef } from "~/i18n/ref";
import { healthOf, type Health } from "./rating.server";
import { cachedOn, liveIndex } from "./derived.server";
import { handbook, standardsOfTeam, titleOf, type PublishedStandard } from "./standard.server";

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

function indexAck(index: AckIndex, a: Acknowledgement) {
  const key = `${a.standardId}:${a.version}`;
  let people = index.byVersion.get(key);
  if (!people) index.byVersion.set(key, (people = new Map()));
  people.set(a.personId, a.at);
  const lk = `${a.standardId}:${a.personId}`;
  const prev = index.latest.get(lk);
  if (!prev || prev.version < a.version) index.latest.set(lk, { version: a.version, at: a.at });
}

/** Kept current acknowledgement by acknowledgement (there may be millions). */
export function ackIndex(): AckIndex {
  return liveIndex<AckIndex>(
    "acknowledgements",
    "acknowledgements",
    (store) => {
      const index: AckIndex = { byVersion: new Map(), latest: new Map() };
      for (const a of Object.values(store.data.acknowledgements)) indexAck(index, a);
      return index;
    },
    (index, change, store) => {
      if ("v" in change) return indexAck(index, change.v as Acknowledgement);
      // Never done by the app; kept correct anyway: forget the person's acknowledgements of it and re-add the rest.
      const [standardId, version, personId] = change.id.split(":");
      index.byVersion.get(`${standardId}:${version}`)?.delete(personId);
      index.latest.delete(`${standardId}:${personId}`);
      for (const a of Object.values(store.data.acknowledgements)) {
        if (a.standardId === standardId && a.personId === personId) indexAck(index, a);
      }
    },
  );
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
    throw new ConflictError(messageRef("standards.validation.onlyPublishedAcknowledged"));
  if (s.teamId !== actor.teamId)
    throw new ForbiddenError("Only members of the team that provides this standard acknowledge it.");
  const id = acknowledgementId(s.id, s.publishedVersion, actor.id);
  const existing = store.data.acknowledgements[id];
  if (existing) {
    await store.whenDurable();
    return existing;
  }
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

/** One team's coverage: its active members against each of its standards in force. */
function buildTeamCoverage(teamId: string): TeamCoverage | null {
  const { people, teams } = getStore().data;
  const team = teams[teamId];
  if (!team) return null;
  const members = Object.values(people)
    .filter((p) => p.active && p.teamId === teamId)
    .map((p) => ({ id: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const idx = ackIndex();
  const cov: TeamCoverage = { teamId, teamName: team.name, members: members.length, standards: [], given: 0, expected: 0 };
  for (const s of standardsInForceOf(teamId)) {
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
  return cov;
}

function standardsInForceOf(teamId: string): PublishedStandard[] {
  const byTeam = cachedOn(["standards", "standardVersions", "teams"], "acks.inForceByTeam", () => {
    const map = new Map<string, PublishedStandard[]>();
    for (const s of handbook()) {
      let list = map.get(s.teamId);
      if (!list) map.set(s.teamId, (list = []));
      list.push(s);
    }
    return map;
  });
  return byTeam.get(teamId) ?? [];
}

function teamCoverage(teamId: string): TeamCoverage | null {
  return cachedOn(["acknowledgements", "standards", "standardVersions", "people", "teams"], `acks.coverage.${teamId}`, () => buildTeamCoverage(teamId));
}

function allCoverage(): TeamCoverage[] {
  return Object.values(getStore().data.teams)
    .map((t) => teamCoverage(t.id))
    .filter((c): c is TeamCoverage => c !== null)
    .sort((a, b) => a.teamName.localeCompare(b.teamName));
}

/**
 * Acknowledgement coverage. Managers see their own team; admins every team, or one.
 * Employees may not see it.
 */
export function coverage({ actor, teamId }: { actor: Actor; teamId?: string | null }): TeamCoverage[] {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("Only managers and admins see acknowledgement coverage.");
  if (!isAdmin(actor)) {
    if (teamId && teamId !== actor.teamId) throw new ForbiddenError("Managers see the coverage of their own team.");
    const own = teamCoverage(actor.teamId);
    return own ? [own] : [];
  }
  if (teamId) {
    const one = teamCoverage(teamId);
    if (!one) throw new NotFoundError("Team not found");
    return [one];
  }
  return allCoverage();
}

/** Organisation-wide: acknowledgements given and expected for the standards in force. */
export function coverageTotals(): { given: number; expected: number } {
  let given = 0;
  let expected = 0;
  for (const t of allCoverage()) {
    given += t.given;
    expected += t.expected;
  }
  return { given, expected };
}
