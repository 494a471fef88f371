/**
 * Signing in with a company account (OpenID Connect), in the domain's terms: given who the
 * provider says someone is, find the person, link them, or create them. Knows nothing of the
 * protocol; app/lib/oidc.server.ts hands over the checked claims.
 *
 * The rules (docs/decisions/011):
 * - the provider's subject (`sub`) identifies a person once linked, whatever their email;
 * - a verified email that matches a person not yet linked links them; an unverified one never does;
 * - an unknown person is created in the team and role the claims give (the team must exist:
 *   teams are never created from claims), or in the configured default team;
 * - a deactivated person is refused, and any session of theirs ends.
 */
import { z } from "zod";
import { getStore, put, remove } from "~/store/index.server";
import type { Person, Role, Team } from "~/store/schema";
import type { Decision } from "~/store/base.server";
import { personWithEmail, personWithSubject } from "./person.server";
import { newId, slugify } from "./ids";

export type CompanyIdentity = {
  subject: string;
  /** Lowercased; null when the provider gave none. */
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** A team's name or short name from the claims, if any. */
  team: string | null;
  role: Role;
};

export type RefusalReason = "deactivated" | "noEmail" | "emailUnverified" | "emailTaken" | "noTeam";

export type CompanySignIn =
  | { ok: true; person: Person; created: boolean; linked: boolean }
  | { ok: false; reason: RefusalReason; personId: string | null };

const EmailSchema = z.string().email();

/** A team by its name or short name, forgiving case and spacing. */
export function findTeam(key: string | null | undefined): Team | null {
  if (!key || !key.trim()) return null;
  const wanted = key.trim().toLowerCase();
  const slug = slugify(key);
  const teams = Object.values(getStore().data.teams);
  return teams.find((t) => t.slug === wanted || t.name.toLowerCase() === wanted) ?? teams.find((t) => t.slug === slug) ?? null;
}

/** A refused sign-in is recorded, and any session of the person's ends. */
function refusal(person: Person, reason: RefusalReason): Decision<CompanySignIn> {
  const sessions = Object.values(getStore().data.sessions).filter((s) => s.personId === person.id);
  return {
    event: { type: "person.sign-in-refused", actorId: person.id, subject: { kind: "person", id: person.id }, after: { reason, via: "company account" } },
    changes: sessions.map((s) => remove("sessions", s.id)),
    result: { ok: false, reason, personId: person.id },
  };
}

/**
 * Finds, links or creates the person the provider vouches for, decided against the latest state
 * (`store.write`): with several processes, a person another one just created, linked or gave this
 * email is seen, so one email never reaches two people and one account is never created twice.
 */
export async function signInWithCompanyAccount({
  identity,
  defaultTeam,
}: {
  identity: CompanyIdentity;
  defaultTeam: string | null;
}): Promise<CompanySignIn> {
  const email = identity.email && EmailSchema.safeParse(identity.email).success ? identity.email : null;
  return getStore().write(() => decideSignIn(identity, email, defaultTeam));
}

function decideSignIn(identity: CompanyIdentity, email: string | null, defaultTeam: string | null): Decision<CompanySignIn> {
  const store = getStore();
  const known = personWithSubject(identity.subject);
  if (known) {
    if (!known.active) return refusal(known, "deactivated");
    // The provider's verified email follows the person, when nobody else uses it.
    const newEmail = email && identity.emailVerified && email !== known.email && !personWithEmail(email) ? email : null;
    if (!newEmail) return { result: { ok: true, person: known, created: false, linked: false } };
    const next: Person = { ...known, email: newEmail };
    return {
      event: {
        type: "person.updated",
        actorId: known.id,
        subject: { kind: "person", id: known.id },
        before: { email: known.email },
        after: { email: newEmail, via: "company account" },
      },
      changes: [put("people", next)],
      result: { ok: true, person: next, created: false, linked: false },
    };
  }

  if (!email) return { result: { ok: false, reason: "noEmail", personId: null } };
  const byEmail = personWithEmail(email);
  if (byEmail) {
    // Only the provider's word that this email is theirs may tie an account to an existing person.
    if (!identity.emailVerified) return { result: { ok: false, reason: "emailUnverified", personId: byEmail.id } };
    if (byEmail.oidcSubject) return { result: { ok: false, reason: "emailTaken", personId: byEmail.id } };
    if (!byEmail.active) return refusal(byEmail, "deactivated");
    const linked: Person = { ...byEmail, oidcSubject: identity.subject };
    return {
      event: { type: "person.linked", actorId: byEmail.id, subject: { kind: "person", id: byEmail.id }, after: { via: "company account" } },
      changes: [put("people", linked)],
      result: { ok: true, person: linked, created: false, linked: true },
    };
  }

  const team = findTeam(identity.team) ?? findTeam(defaultTeam);
  if (!team) return { result: { ok: false, reason: "noTeam", personId: null } };
  const person: Person = {
    id: newId(),
    name: (identity.name ?? email.split("@")[0]).slice(0, 120),
    email,
    teamId: team.id,
    role: identity.role,
    active: true,
    createdAt: store.clock.now().toISOString(),
    oidcSubject: identity.subject,
  };
  return {
    event: {
      type: "person.created",
      actorId: null,
      subject: { kind: "person", id: person.id },
      after: { name: person.name, email: person.email, teamId: person.teamId, role: person.role, via: "company account" },
    },
    changes: [put("people", person)],
    result: { ok: true, person, created: true, linked: false },
  };
}
