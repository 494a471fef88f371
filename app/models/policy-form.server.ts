/**
 * What the policy form offers a person: the teams they may own a policy for, the people who can
 * be accountable, and the fixed lists. Only the fields the form shows leave the server.
 */
import { getStore } from "~/store/index.server";
import { FRICTION_TAGS, MANDATES, PURPOSE_TAGS, type Policy } from "~/store/schema";
import { canManageTeam, type Actor } from "./actor";

export function policyFormOptions(actor: Actor, policy: Policy | null = null) {
  const { teams, people } = getStore().data;
  const allTeams = Object.values(teams).sort((a, b) => a.name.localeCompare(b.name));
  const ownerTeams = allTeams.filter((t) => canManageTeam(actor, t.id) || t.id === policy?.teamId);
  const teamName = new Map(allTeams.map((t) => [t.id, t.name]));
  // An admin may pick anyone; a manager picks from their own team (and keeps the current owner).
  const candidates = Object.values(people).filter(
    (p) => (p.active && (actor.role === "admin" || p.teamId === actor.teamId)) || p.id === policy?.ownerId,
  );
  candidates.sort((a, b) => (teamName.get(a.teamId) ?? "").localeCompare(teamName.get(b.teamId) ?? "") || a.name.localeCompare(b.name));
  return {
    teams: allTeams.map((t) => ({ id: t.id, name: t.name })),
    ownerTeams: ownerTeams.map((t) => ({ id: t.id, name: t.name })),
    people: candidates.map((p) => ({
      id: p.id,
      name: p.name,
      active: p.active,
      teamName: teamName.get(p.teamId) ?? "",
    })),
    purposeTags: PURPOSE_TAGS,
    frictionTags: FRICTION_TAGS,
    mandates: MANDATES,
  };
}

/** The form's starting values: the policy's current content, or sensible blanks for a new one. */
export type PolicyFormInitial = {
  title: string;
  summary: string;
  body: string;
  teamId: string;
  ownerId: string;
  purpose: string;
  purposeTags: string[];
  audienceExternal: boolean;
  audienceTeamIds: string[];
  mandate: string;
  occurrencesPerMonth: number | string;
  steps: number | string;
  approvals: number | string;
  handoffs: number | string;
  activeMinutes: number | string;
  waitingMinutes: number | string;
  frictionTags: string[];
  reviewCycleMonths: number | string;
  lastReviewedOn: string | null;
};

export function policyFormInitial(actor: Actor, policy: Policy | null): PolicyFormInitial {
  if (policy) {
    return {
      title: policy.title,
      summary: policy.summary,
      body: policy.body,
      teamId: policy.teamId,
      ownerId: policy.ownerId,
      purpose: policy.purpose,
      purposeTags: policy.purposeTags,
      audienceExternal: policy.audienceExternal,
      audienceTeamIds: policy.audienceTeamIds,
      mandate: policy.mandate,
      ...policy.friction,
      frictionTags: policy.frictionTags,
      reviewCycleMonths: policy.reviewCycleMonths,
      lastReviewedOn: policy.lastReviewedOn,
    };
  }
  return {
    title: "",
    summary: "",
    body: "",
    teamId: canManageTeam(actor, actor.teamId) ? actor.teamId : "",
    ownerId: actor.id,
    purpose: "",
    purposeTags: [],
    audienceExternal: false,
    audienceTeamIds: [],
    mandate: "own",
    occurrencesPerMonth: "",
    steps: "",
    approvals: "",
    handoffs: "",
    activeMinutes: "",
    waitingMinutes: "",
    frictionTags: [],
    reviewCycleMonths: 12,
    lastReviewedOn: null,
  };
}
