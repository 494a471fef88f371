/**
 * Acknowledgements: each member of a provider team acknowledges each published version of the
 * standards their team promises; everyone who meets a policy (its team and its audience teams)
 * acknowledges the revision its managers ask them to. A new version needs a new
 * acknowledgement. Managers see who has and has not (coverage) for their team, admins for every
 * team. Standards and policies share the index, the states and the coverage below.
 */
import { getStore, put } from "~/store/index.server";
import type { Acknowledgement, Policy, PolicyAcknowledgement, Standard } from "~/store/schema";
import type { Change } from "~/store/events";
import type { Store } from "~/store/store.server";
import { canManageTeam, isAdmin, hasRole, type Actor } from "./actor";
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
  /** `${itemId}:${version}` → person id → when */
  byVersion: Map<string, Map<string, string>>;
  /** `${itemId}:${personId}` → the newest version the person acknowledged */
  latest: Map<string, { version: number; at: string }>;
};

/** One acknowledgement, of a standard's version or a policy's revision. */
type AckFacts = { itemId: string; version: number; personId: string; at: string };

function indexAck(index: AckIndex, a: AckFacts) {
  const key = `${a.itemId}:${a.version}`;
  let people = index.byVersion.get(key);
  if (!people) index.byVersion.set(key, (people = new Map()));
  people.set(a.personId, a.at);
  const lk = `${a.itemId}:${a.personId}`;
  const prev = index.latest.get(lk);
  if (!prev || prev.version < a.version) index.latest.set(lk, { version: a.version, at: a.at });
}

/**
 * An acknowledgement index kept current record by record (there may be millions). Both
 * collections name their records `${itemId}:${version}:${personId}`.
 */
function liveAckIndex<R>(collection: "acknowledgements" | "policyAcknowledgements", facts: (r: R) => AckFacts): AckIndex {
  const all = (store: Store) => Object.values(store.data[collection]) as R[];
  return liveIndex<AckIndex>(
    collection,
    collection,
    (store) => {
      const index: AckIndex = { byVersion: new Map(), latest: new Map() };
      for (const a of all(store)) indexAck(index, facts(a));
      return index;
    },
    (index, change: Change, store) => {
      if ("v" in change) return indexAck(index, facts(change.v as R));
      // Never done by the app; kept correct anyway: forget the person's acknowledgements of it and re-add the rest.
      const [itemId, version, personId] = change.id.split(":");
      index.byVersion.get(`${itemId}:${version}`)?.delete(personId);
      index.latest.delete(`${itemId}:${personId}`);
      for (const a of all(store).map(facts)) {
        if (a.itemId === itemId && a.personId === personId) indexAck(index, a);
      }
    },
  );
}

/** The standards' acknowledgements. */
export function ackIndex(): AckIndex {
  return liveAckIndex<Acknowledgement>("acknowledgements", (a) => ({ itemId: a.standardId, version: a.version, personId: a.personId, at: a.at }));
}

/** The policies' acknowledgements. */
export function policyAckIndex(): AckIndex {
  return liveAckIndex<PolicyAcknowledgement>("policyAcknowledgements", (a) => ({ itemId: a.policyId, version: a.revision, personId: a.personId, at: a.at }));
}

/** Where a person stands with one version of an item, from its index. */
function stateIn(idx: AckIndex, itemId: string, version: number, personId: string): AcknowledgementState {
  const at = idx.byVersion.get(`${itemId}:${version}`)?.get(personId) ?? null;
  const latest = idx.latest.get(`${itemId}:${personId}`);
  return {
    bound: true,
    version,
    acknowledgedAt: at,
    previousVersion: !at && latest && latest.version < version ? latest.version : null,
  };
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
  return stateIn(ackIndex(), s.id, s.publishedVersion!, person.id);
}

/** A member of the provider team acknowledges the version in force. Doing it twice changes nothing. */
export async function acknowledgeStandard({ actor, standardId }: { actor: Actor; standardId: string }): Promise<Acknowledgement> {
  const store = getStore();
  return store.write(() => {
    const s = store.data.standards[standardId];
    if (!s) throw new NotFoundError("Standard not found");
    if (s.status === "retired" || s.publishedVersion === null)
      throw new ConflictError(messageRef("standards.validation.onlyPublishedAcknowledged"));
    if (s.teamId !== actor.teamId)
      throw new ForbiddenError("Only members of the team that provides this standard acknowledge it.");
    const id = acknowledgementId(s.id, s.publishedVersion, actor.id);
    const existing = store.data.acknowledgements[id];
    if (existing) return { result: existing };
    const ack: Acknowledgement = { id, standardId: s.id, version: s.publishedVersion, personId: actor.id, at: store.clock.now().toISOString() };
    return {
      event: {
        type: "standard.acknowledged",
        actorId: actor.id,
        subject: { kind: "standard", id: s.id },
        after: { version: s.publishedVersion, personId: actor.id },
      },
      changes: [put("acknowledgements", ack)],
      result: ack,
    };
  });
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

function activeMembers(teamId: string) {
  return Object.values(getStore().data.people)
    .filter((p) => p.active && p.teamId === teamId)
    .map((p) => ({ id: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A team's members against each item that asks them for an acknowledgement. */
function coverageRows(
  members: Array<{ id: string; name: string }>,
  items: Array<{ id: string; slug: string; title: string; version: number }>,
  idx: AckIndex,
): { rows: CoverageRow[]; given: number; expected: number } {
  const rows: CoverageRow[] = [];
  let given = 0;
  let expected = 0;
  for (const item of items) {
    const acked = idx.byVersion.get(`${item.id}:${item.version}`);
    const missing = members.filter((m) => !acked?.has(m.id));
    const row: CoverageRow = {
      slug: item.slug,
      title: item.title,
      version: item.version,
      acknowledged: members.length - missing.length,
      members: members.length,
      missing,
    };
    rows.push(row);
    given += row.acknowledged;
    expected += row.members;
  }
  return { rows, given, expected };
}

/** One team's coverage: its active members against each of its standards in force. */
function buildTeamCoverage(teamId: string): TeamCoverage | null {
  const team = getStore().data.teams[teamId];
  if (!team) return null;
  const members = activeMembers(teamId);
  const items = standardsInForceOf(teamId).map((s) => ({ id: s.id, slug: s.slug, title: s.content.title, version: s.version }));
  const { rows, given, expected } = coverageRows(members, items, ackIndex());
  return { teamId, teamName: team.name, members: members.length, standards: rows, given, expected };
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

// ---------------------------------------------------------------- policies

/** A policy that asks for acknowledgement, and the teams it asks. */
type AskingPolicy = { id: string; slug: string; title: string; revision: number; teamIds: Set<string> };

/** The teams a policy asks: the team that owns it and the teams in its audience. */
function teamsOf(p: Pick<Policy, "teamId" | "audienceTeamIds">) {
  return new Set([p.teamId, ...p.audienceTeamIds]);
}

function asksForAcknowledgement(p: Policy) {
  return typeof p.acknowledgeRevision === "number" && (p.status === "active" || p.status === "under-review");
}

/** The policies asking for acknowledgement now (few: rebuilt only when a policy changes). */
function askingPolicies(): AskingPolicy[] {
  return cachedOn(["policies"], "acks.askingPolicies", () =>
    Object.values(getStore().data.policies)
      .filter(asksForAcknowledgement)
      .map((p) => ({ id: p.id, slug: p.slug, title: p.title, revision: p.acknowledgeRevision!, teamIds: teamsOf(p) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  );
}

/** Is this person asked to acknowledge the policy? Everyone in its team and its audience teams, while it is in force and asks. */
export function isBoundByPolicy(person: { teamId: string }, p: Policy) {
  return asksForAcknowledgement(p) && teamsOf(p).has(person.teamId);
}

export function policyAcknowledgementId(policyId: string, revision: number, personId: string) {
  return `${policyId}:${revision}:${personId}`;
}

/** Where a person stands with a policy's acknowledgement. */
export function policyAcknowledgementState(person: { id: string; teamId: string }, p: Policy): AcknowledgementState {
  if (!isBoundByPolicy(person, p)) return { bound: false };
  return stateIn(policyAckIndex(), p.id, p.acknowledgeRevision!, person.id);
}

/** The policies still waiting for this person's acknowledgement: the "for you" prompt. */
export function pendingPolicyAcknowledgements(person: { id: string; teamId: string }): Array<{ slug: string; title: string; version: number; renewed: boolean }> {
  const idx = policyAckIndex();
  const out: Array<{ slug: string; title: string; version: number; renewed: boolean }> = [];
  for (const p of askingPolicies()) {
    if (!p.teamIds.has(person.teamId)) continue;
    const state = stateIn(idx, p.id, p.revision, person.id);
    if (state.bound && !state.acknowledgedAt) out.push({ slug: p.slug, title: p.title, version: p.revision, renewed: state.previousVersion !== null });
  }
  return out;
}

function managedPolicy(actor: Actor, policyId: string) {
  const p = getStore().data.policies[policyId];
  if (!p) throw new NotFoundError("Policy not found");
  if (!canManageTeam(actor, p.teamId)) throw new ForbiddenError("Only managers of the owning team and admins can ask for acknowledgement.");
  return p;
}

/**
 * The policy's managers ask everyone who meets it to acknowledge its current revision. Asking
 * again after a revision asks for the new one; asking for the revision already asked changes nothing.
 */
export async function askPolicyAcknowledgement({ actor, policyId }: { actor: Actor; policyId: string }): Promise<Policy> {
  const store = getStore();
  return store.write(() => {
    const p = managedPolicy(actor, policyId);
    if (p.status !== "active" && p.status !== "under-review") throw new ConflictError(messageRef("policies.acknowledge.onlyInForce"));
    if (p.acknowledgeRevision === p.revision) return { result: p };
    const at = store.clock.now().toISOString();
    const next: Policy = { ...p, acknowledgeRevision: p.revision, acknowledgeRequestedAt: at };
    return {
      event: {
        type: "policy.acknowledgement-requested",
        actorId: actor.id,
        subject: { kind: "policy", id: p.id },
        before: { revision: p.acknowledgeRevision ?? null },
        after: { revision: p.revision, teamIds: [...teamsOf(p)] },
      },
      changes: [put("policies", next)],
      result: next,
    };
  });
}

/** The policy's managers stop asking; acknowledgements given stay on record. */
export async function stopPolicyAcknowledgement({ actor, policyId }: { actor: Actor; policyId: string }): Promise<Policy> {
  const store = getStore();
  return store.write(() => {
    const p = managedPolicy(actor, policyId);
    if (p.acknowledgeRevision == null) return { result: p };
    const next: Policy = { ...p, acknowledgeRevision: null, acknowledgeRequestedAt: null };
    return {
      event: {
        type: "policy.acknowledgement-stopped",
        actorId: actor.id,
        subject: { kind: "policy", id: p.id },
        before: { revision: p.acknowledgeRevision },
        after: null,
      },
      changes: [put("policies", next)],
      result: next,
    };
  });
}

/** Someone who meets the policy acknowledges the revision asked. Doing it twice changes nothing. */
export async function acknowledgePolicy({ actor, policyId }: { actor: Actor; policyId: string }): Promise<PolicyAcknowledgement> {
  const store = getStore();
  return store.write(() => {
    const p = store.data.policies[policyId];
    if (!p) throw new NotFoundError("Policy not found");
    if (!asksForAcknowledgement(p)) throw new ConflictError(messageRef("policies.acknowledge.notAsked"));
    if (!teamsOf(p).has(actor.teamId)) throw new ForbiddenError("Only people whose team meets this policy acknowledge it.");
    const revision = p.acknowledgeRevision!;
    const id = policyAcknowledgementId(p.id, revision, actor.id);
    const existing = store.data.policyAcknowledgements[id];
    if (existing) return { result: existing };
    const ack: PolicyAcknowledgement = { id, policyId: p.id, revision, personId: actor.id, at: store.clock.now().toISOString() };
    return {
      event: { type: "policy.acknowledged", actorId: actor.id, subject: { kind: "policy", id: p.id }, after: { revision, personId: actor.id } },
      changes: [put("policyAcknowledgements", ack)],
      result: ack,
    };
  });
}

export type PolicyTeamCoverage = Omit<TeamCoverage, "standards"> & { policies: CoverageRow[] };

function buildPolicyTeamCoverage(teamId: string): PolicyTeamCoverage | null {
  const team = getStore().data.teams[teamId];
  if (!team) return null;
  const members = activeMembers(teamId);
  const items = askingPolicies()
    .filter((p) => p.teamIds.has(teamId))
    .map((p) => ({ id: p.id, slug: p.slug, title: p.title, version: p.revision }));
  const { rows, given, expected } = coverageRows(members, items, policyAckIndex());
  return { teamId, teamName: team.name, members: members.length, policies: rows, given, expected };
}

function policyTeamCoverage(teamId: string) {
  return cachedOn(["policyAcknowledgements", "policies", "people", "teams"], `acks.policyCoverage.${teamId}`, () => buildPolicyTeamCoverage(teamId));
}

/**
 * Progress of the policies' acknowledgements, team by team: each team's active members against
 * each policy that asks them. Managers see their own team; admins every team, or one.
 */
export function policyCoverage({ actor, teamId }: { actor: Actor; teamId?: string | null }): PolicyTeamCoverage[] {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("Only managers and admins see acknowledgement progress.");
  if (!isAdmin(actor)) {
    if (teamId && teamId !== actor.teamId) throw new ForbiddenError("Managers see the progress of their own team.");
    const own = policyTeamCoverage(actor.teamId);
    return own ? [own] : [];
  }
  if (teamId) {
    const one = policyTeamCoverage(teamId);
    if (!one) throw new NotFoundError("Team not found");
    return [one];
  }
  return Object.values(getStore().data.teams)
    .map((t) => policyTeamCoverage(t.id))
    .filter((c): c is PolicyTeamCoverage => c !== null && c.policies.length > 0)
    .sort((a, b) => a.teamName.localeCompare(b.teamName));
}

/** The export: one row per person asked and policy, with when they acknowledged (empty: not yet). */
export function policyAcknowledgementRecords({ actor, teamId }: { actor: Actor; teamId?: string | null }): Array<Record<string, string | number>> {
  const { people } = getStore().data;
  const idx = policyAckIndex();
  const rows: Array<Record<string, string | number>> = [];
  for (const team of policyCoverage({ actor, teamId })) {
    const members = activeMembers(team.teamId);
    for (const p of askingPolicies().filter((item) => item.teamIds.has(team.teamId))) {
      const acked = idx.byVersion.get(`${p.id}:${p.revision}`);
      for (const m of members) {
        rows.push({
          team: team.teamName,
          policy: p.title,
          revision: p.revision,
          person: m.name,
          email: people[m.id]?.email ?? "",
          acknowledged_at: acked?.get(m.id) ?? "",
        });
      }
    }
  }
  return rows;
}

export const POLICY_ACK_EXPORT_COLUMNS = ["team", "policy", "revision", "person", "email", "acknowledged_at"] as const;

/** One policy's progress: the teams asked, and how many of their active members have acknowledged. */
export function policyAcknowledgementProgress(p: Policy): { revision: number; teams: string[]; given: number; expected: number } | null {
  if (!asksForAcknowledgement(p)) return null;
  const { teams } = getStore().data;
  const acked = policyAckIndex().byVersion.get(`${p.id}:${p.acknowledgeRevision}`);
  let given = 0;
  let expected = 0;
  const names: string[] = [];
  for (const teamId of teamsOf(p)) {
    if (!teams[teamId]) continue;
    names.push(teams[teamId].name);
    for (const m of activeMembers(teamId)) {
      expected++;
      if (acked?.has(m.id)) given++;
    }
  }
  return { revision: p.acknowledgeRevision!, teams: names.sort((a, b) => a.localeCompare(b)), given, expected };
}
