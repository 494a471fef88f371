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

export function findPersonBySubject(subject: string): Person | null {
  return Object.values(getStore().data.people).find((p) => p.oidcSubject === subject) ?? null;
}

function findByEmail(email: string): Person | null {
  return Object.values(getStore().data.people).find((p) => p.email === email) ?? null;
}

async function refuse(person: Person, reason: RefusalReason): Promise<CompanySignIn> {
  const store = getStore();
  const sessions = Object.values(store.data.sessions).filter((s) => s.personId === person.id);
  await store.commit(
    { type: "person.sign-in-refused", actorId: person.id, subject: { kind: "person", id: person.id }, after: { reason, via: "company account" } },
    sessions.map((s) => remove("sessions", s.id)),
  );
  return { ok: false, reason, personId: person.id };
}

/**
 * Finds, links or creates the person the provider vouches for. Every check and its write
 * happen in one synchronous step (no await between them), so two sign-ins cannot both create.
 */
export async function signInWithCompanyAccount({
  identity,
  defaultTeam,
}: {
  identity: CompanyIdentity;
  defaultTeam: string | null;
}): Promise<CompanySignIn> {
  const store = getStore();
  const now = store.clock.now().toISOString();
  const email = identity.email && EmailSchema.safeParse(identity.email).success ? identity.email : null;

  const known = findPersonBySubject(identity.subject);
  if (known) {
    if (!known.active) return refuse(known, "deactivated");
    // The provider's verified email follows the person, when nobody else uses it.
    const newEmail = email && identity.emailVerified && email !== known.email && !findByEmail(email) ? email : null;
    if (!newEmail) return { ok: true, person: known, created: false, linked: false };
    const next: Person = { ...known, email: newEmail };
    await store.commit(
      {
        type: "person.updated",
        actorId: known.id,
        subject: { kind: "person", id: known.id },
        before: { email: known.email },
        after: { email: newEmail, via: "company account" },
      },
      [put("people", next)],
    );
    return { ok: true, person: next, created: false, linked: false };
  }

  if (!email) return { ok: false, reason: "noEmail", personId: null };
  const byEmail = findByEmail(email);
  if (byEmail) {
    // Only the provider's word that this email is theirs may tie an account to an existing person.
    if (!identity.emailVerified) return { ok: false, reason: "emailUnverified", personId: byEmail.id };
    if (byEmail.oidcSubject) return { ok: false, reason: "emailTaken", personId: byEmail.id };
    if (!byEmail.active) return refuse(byEmail, "deactivated");
    const linked: Person = { ...byEmail, oidcSubject: identity.subject };
    await store.commit(
      { type: "person.linked", actorId: byEmail.id, subject: { kind: "person", id: byEmail.id }, after: { via: "company account" } },
      [put("people", linked)],
    );
    return { ok: true, person: linked, created: false, linked: true };
  }

  const team = findTeam(identity.team) ?? findTeam(defaultTeam);
  if (!team) return { ok: false, reason: "noTeam", personId: null };
  const person: Person = {
    id: newId(),
    name: (identity.name ?? email.split("@")[0]).slice(0, 120),
    email,
    teamId: team.id,
    role: identity.role,
    active: true,
    createdAt: now,
    oidcSubject: identity.subject,
  };
  await store.commit(
    {
      type: "person.created",
      actorId: null,
      subject: { kind: "person", id: person.id },
      after: { name: person.name, email: person.email, teamId: person.teamId, role: person.role, via: "company account" },
    },
    [put("people", person)],
  );
  return { ok: true, person, created: true, linked: false };
}
