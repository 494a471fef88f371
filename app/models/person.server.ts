import { z } from "zod";
import { getStore, put, remove } from "~/store/index.server";
import { LOCALES, ROLES, type Person } from "~/store/schema";
import { DUMMY_HASH, hashPassword, verifyPassword } from "~/lib/password.server";
import { isAdmin, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldError } from "./errors";
import { newId } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { PasswordSchema } from "./password-policy";
import { requiredText, validate } from "./validate";
import { passwordFingerprint, signToken, verifyToken } from "~/lib/tokens.server";
import { accountDelivery } from "./notification.server";
import { liveIndex } from "./derived.server";
import { messageRef } from "~/i18n/ref";

/** What leaves the server about a person: never the password hash. */
export type PersonSummary = Pick<Person, "id" | "name" | "email" | "teamId" | "role" | "active">;

export function presentPerson(p: Person): PersonSummary {
  return { id: p.id, name: p.name, email: p.email, teamId: p.teamId, role: p.role, active: p.active };
}

const emailField = z.string().trim().toLowerCase().pipe(z.string().email(messageRef("shell.validation.email")));

export const PersonInputSchema = z.object({
  name: requiredText(120, messageRef("admin.errors.personName")),
  email: emailField,
  teamId: requiredText(100, messageRef("admin.errors.chooseTeam")),
  role: z.enum(ROLES, { error: messageRef("admin.errors.chooseRole") }),
});

export const NewPersonInputSchema = PersonInputSchema.extend({ password: PasswordSchema });

export async function getPerson(id: string): Promise<Person | null> {
  return getStore().data.people[id] ?? null;
}

type PeopleIndex = { idByEmail: Map<string, string>; idBySubject: Map<string, string>; keysById: Map<string, { email: string; subject?: string }> };

function indexPerson(index: PeopleIndex, person: Person) {
  unindexPerson(index, person.id);
  index.idByEmail.set(person.email, person.id);
  if (person.oidcSubject) index.idBySubject.set(person.oidcSubject, person.id);
  index.keysById.set(person.id, { email: person.email, subject: person.oidcSubject });
}

function unindexPerson(index: PeopleIndex, id: string) {
  const keys = index.keysById.get(id);
  if (!keys) return;
  if (index.idByEmail.get(keys.email) === id) index.idByEmail.delete(keys.email);
  if (keys.subject && index.idBySubject.get(keys.subject) === id) index.idBySubject.delete(keys.subject);
  index.keysById.delete(id);
}

/**
 * People by email and by company-account subject, kept current change by change: sign-in, an
 * invitation and each row of a directory import look a person up inside their write, which must
 * not read every person each time.
 */
function peopleIndex(): PeopleIndex {
  return liveIndex<PeopleIndex>(
    "people",
    "people",
    (store) => {
      const index: PeopleIndex = { idByEmail: new Map(), idBySubject: new Map(), keysById: new Map() };
      for (const person of Object.values(store.data.people)) indexPerson(index, person);
      return index;
    },
    (index, change) => {
      if ("del" in change) unindexPerson(index, change.id);
      else indexPerson(index, change.v as Person);
    },
  );
}

/** The person with this (lowercased) email, as the store holds now. */
export function personWithEmail(email: string): Person | null {
  const id = peopleIndex().idByEmail.get(email);
  return (id && getStore().data.people[id]) || null;
}

/** The person a company account's subject is linked to. */
export function personWithSubject(subject: string): Person | null {
  const id = peopleIndex().idBySubject.get(subject);
  return (id && getStore().data.people[id]) || null;
}

export async function findPersonByEmail(email: string): Promise<Person | null> {
  return personWithEmail(email.trim().toLowerCase());
}

export async function listPeople(): Promise<PersonSummary[]> {
  return Object.values(getStore().data.people)
    .map(presentPerson)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listTeamMembers(teamId: string): Promise<PersonSummary[]> {
  return (await listPeople()).filter((p) => p.teamId === teamId && p.active);
}

function requireAdmin(actor: Actor | null) {
  if (actor && !isAdmin(actor)) throw new ForbiddenError();
}

function checkTeamAndEmail(input: { teamId: string; email: string }, exceptId?: string) {
  const store = getStore();
  if (!store.data.teams[input.teamId]) throw fieldError("teamId", messageRef("admin.errors.chooseTeam"));
  const clash = personWithEmail(input.email);
  if (clash && clash.id !== exceptId) throw fieldError("email", messageRef("admin.errors.emailTaken"));
}

/**
 * Creates a person with a first password. `actor` is null only for the demo seed and the
 * benchmark's generator, which may pass `passwordHash` (made once with hashPassword) so that
 * thousands of people do not each cost a deliberately slow scrypt.
 */
export async function createPerson({ actor, input, passwordHash: prehashed }: { actor: Actor | null; input: unknown; passwordHash?: string }) {
  requireAdmin(actor);
  if (prehashed && actor) throw new ForbiddenError();
  if (actor) return invitePerson(actor, input);
  const data = validate(NewPersonInputSchema, input);
  checkTeamAndEmail(data);
  const passwordHash = prehashed ?? (await hashPassword(data.password));
  const store = getStore();
  checkTeamAndEmail(data); // again, synchronously with the write: the hash took an await
  const person: Person = {
    id: newId(),
    name: data.name,
    email: data.email,
    teamId: data.teamId,
    role: data.role,
    active: true,
    passwordHash,
    createdAt: store.clock.now().toISOString(),
  };
  // The email is checked again inside the write, against the latest state (several processes).
  await store.write(() => {
    checkTeamAndEmail(data);
    return {
      event: {
        type: "person.created",
        actorId: null,
        subject: { kind: "person", id: person.id },
        after: { name: person.name, email: person.email, teamId: person.teamId, role: person.role },
      },
      changes: [put("people", person)],
      result: null,
    };
  });
  return presentPerson(person);
}

/** How long an invitation's link works, and a password reset's. */
export const INVITATION_DAYS = 7;
export const RESET_MINUTES = 60;

/**
 * An admin adds a person, who gets an invitation by mail to choose their own password (the
 * admin never types one). The person and the invitation are recorded in one commit.
 */
async function invitePerson(actor: Actor, input: unknown) {
  const once = onceFor(actor.id, "person", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return presentPerson(await answerRepeat(store, store.data.people[earlier.recordId]));
  const data = validate(PersonInputSchema, input);
  checkTeamAndEmail(data);
  const now = store.clock.now();
  const person: Person = {
    id: newId(),
    name: data.name,
    email: data.email,
    teamId: data.teamId,
    role: data.role,
    active: true,
    createdAt: now.toISOString(),
  };
  const token = signToken({ p: "invitation", s: person.id, e: now.getTime() + INVITATION_DAYS * 86_400_000, x: passwordFingerprint(undefined) });
  // Against the latest state: several processes may add people at once, or take this very form.
  const written = await writeOnce(store, once, store.data.people, () => {
    checkTeamAndEmail(data);
    return {
      event: {
        type: "person.created",
        actorId: actor.id,
        subject: { kind: "person", id: person.id },
        after: { name: person.name, email: person.email, teamId: person.teamId, role: person.role, invited: true },
      },
      changes: [put("people", person), accountDelivery(person.id, "invitation", token, store), ...rememberSubmission(once, person.id, person.createdAt)],
      result: person,
    };
  });
  return presentPerson(written);
}

const lastResetRequest = new Map<string, number>();
const RESET_REQUEST_GAP_MS = 60_000;

/**
 * "Forgot your password?": mails a single-use link that works for an hour to an active
 * account with this address. Answers the same whether or not there is one, and sends at most
 * one link a minute per account.
 */
export async function requestPasswordReset({ email }: { email: unknown }) {
  const parsed = emailField.safeParse(email);
  if (!parsed.success) throw fieldError("email", messageRef("shell.validation.email"));
  const store = getStore();
  const person = await findPersonByEmail(parsed.data);
  if (!person || !person.active) return;
  const now = store.clock.now();
  const last = lastResetRequest.get(person.id);
  if (last !== undefined && Math.abs(now.getTime() - last) < RESET_REQUEST_GAP_MS) return;
  lastResetRequest.set(person.id, now.getTime());
  const token = signToken({ p: "password-reset", s: person.id, e: now.getTime() + RESET_MINUTES * 60_000, x: passwordFingerprint(person.passwordHash) });
  await store.commit(
    { type: "person.password-reset-requested", actorId: null, subject: { kind: "person", id: person.id } },
    [accountDelivery(person.id, "password-reset", token, store)],
  );
}

/** The person a password link is for, while it is genuine, unexpired and unused; null otherwise. */
export function personForPasswordToken(token: unknown): Person | null {
  const store = getStore();
  const now = store.clock.now();
  const payload = verifyToken(token, "password-reset", now) ?? verifyToken(token, "invitation", now);
  if (!payload) return null;
  const person = store.data.people[payload.s];
  if (!person || !person.active || payload.x !== passwordFingerprint(person.passwordHash)) return null;
  return person;
}

const SetPasswordSchema = z
  .object({ newPassword: PasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: messageRef("notifications.password.mismatch") });

/** Sets the password through an invitation or reset link: the link then stops working, and every session is signed out. */
export async function setPasswordWithToken({ token, input }: { token: unknown; input: unknown }) {
  if (!personForPasswordToken(token)) throw new ConflictError(messageRef("notifications.password.invalid"));
  const data = validate(SetPasswordSchema, input);
  const passwordHash = await hashPassword(data.newPassword);
  // Again, inside the write: the hash took an await, and the link works once, in any process.
  const person = await getStore().write(() => {
    const person = personForPasswordToken(token);
    if (!person) throw new ConflictError(messageRef("notifications.password.invalid"));
    return {
      event: { type: "person.password-set", actorId: person.id, subject: { kind: "person", id: person.id } },
      changes: [put("people", { ...person, passwordHash }), ...sessionsOf(person.id).map((s) => remove("sessions", s.id))],
      result: person,
    };
  });
  return presentPerson(person);
}

export async function updatePerson({ actor, personId, input }: { actor: Actor; personId: string; input: unknown }) {
  requireAdmin(actor);
  const store = getStore();
  if (!store.data.people[personId]) throw new NotFoundError("Person not found");
  const data = validate(PersonInputSchema, input);
  const next = await store.write(() => {
    const person = store.data.people[personId];
    if (!person) throw new NotFoundError("Person not found");
    checkTeamAndEmail(data, personId);
    if (person.id === actor.id && data.role !== "admin") throw fieldError("role", messageRef("admin.errors.ownAdminRole"));
    const next: Person = { ...person, ...data };
    return {
      event: {
        type: "person.updated",
        actorId: actor.id,
        subject: { kind: "person", id: personId },
        before: { name: person.name, email: person.email, teamId: person.teamId, role: person.role },
        after: { name: next.name, email: next.email, teamId: next.teamId, role: next.role },
      },
      changes: [put("people", next)],
      result: next,
    };
  });
  return presentPerson(next);
}

function sessionsOf(personId: string) {
  return Object.values(getStore().data.sessions).filter((s) => s.personId === personId);
}

export async function setPersonActive({ actor, personId, active }: { actor: Actor; personId: string; active: boolean }) {
  requireAdmin(actor);
  const store = getStore();
  const next = await store.write(() => {
    const person = store.data.people[personId];
    if (!person) throw new NotFoundError("Person not found");
    if (person.id === actor.id && !active) throw new ValidationError({}, messageRef("admin.errors.deactivateSelf"));
    if (person.active === active) return { result: person };
    const next: Person = { ...person, active };
    // Every session, those made in other processes too: the decision runs on the latest state.
    const signOut = active ? [] : sessionsOf(personId).map((s) => remove("sessions", s.id));
    return {
      event: {
        type: active ? "person.reactivated" : "person.deactivated",
        actorId: actor.id,
        subject: { kind: "person", id: personId },
        before: { active: person.active },
        after: { active },
      },
      changes: [put("people", next), ...signOut],
      result: next,
    };
  });
  return presentPerson(next);
}

export async function resetPassword({ actor, personId, password }: { actor: Actor; personId: string; password: unknown }) {
  requireAdmin(actor);
  const store = getStore();
  const person = store.data.people[personId];
  if (!person) throw new NotFoundError("Person not found");
  const { password: valid } = validate(z.object({ password: PasswordSchema }), { password });
  const passwordHash = await hashPassword(valid);
  await store.write(() => {
    const current = store.data.people[personId];
    if (!current) throw new NotFoundError("Person not found");
    return {
      event: { type: "person.password-reset", actorId: actor.id, subject: { kind: "person", id: personId } },
      changes: [put("people", { ...current, passwordHash }), ...sessionsOf(personId).map((s) => remove("sessions", s.id))],
      result: undefined,
    };
  });
}

const LanguageChoiceSchema = z.object({
  // Empty: follow the browser (or, before sign-in, the language chosen on the sign-in page).
  locale: z.preprocess((v) => (v === "" ? undefined : v), z.enum(LOCALES, { error: messageRef("shell.validation.chooseLanguage") }).optional()),
});

/** A person chooses the language of their interface and emails (or to follow their browser). */
export async function setOwnLocale({ actor, input }: { actor: Actor; input: unknown }) {
  const { locale } = validate(LanguageChoiceSchema, input);
  const store = getStore();
  await store.write(() => {
    const person = store.data.people[actor.id];
    if (!person) throw new NotFoundError("Person not found");
    if (person.locale === locale) return { result: undefined };
    const next: Person = { ...person };
    if (locale) next.locale = locale;
    else delete next.locale;
    return {
      event: {
        type: "person.locale-changed",
        actorId: actor.id,
        subject: { kind: "person", id: actor.id },
        before: { locale: person.locale ?? null },
        after: { locale: locale ?? null },
      },
      changes: [put("people", next)],
      result: undefined,
    };
  });
}

const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, messageRef("shell.validation.currentPasswordMissing")),
    newPassword: PasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: messageRef("shell.validation.passwordsDiffer"),
  });

/** A person changes their own password; their other sessions are signed out. */
export async function changeOwnPassword({ actor, sessionId, input }: { actor: Actor; sessionId: string; input: unknown }) {
  const data = validate(ChangePasswordSchema, input);
  const store = getStore();
  const person = store.data.people[actor.id];
  if (!person) throw new NotFoundError("Person not found");
  if (!(await verifyPassword(data.currentPassword, person.passwordHash ?? DUMMY_HASH)))
    throw fieldError("currentPassword", messageRef("shell.validation.currentPasswordWrong"));
  const passwordHash = await hashPassword(data.newPassword);
  await store.write(() => {
    const current = store.data.people[actor.id];
    if (!current) throw new NotFoundError("Person not found");
    const others = sessionsOf(actor.id).filter((s) => s.id !== sessionId);
    return {
      event: { type: "person.password-changed", actorId: actor.id, subject: { kind: "person", id: actor.id } },
      changes: [put("people", { ...current, passwordHash }), ...others.map((s) => remove("sessions", s.id))],
      result: undefined,
    };
  });
}

/**
 * A colleague as any signed-in person sees them (where a mention links): name, team, role, the
 * address to write to, the policies they own and the handle to mention them by. Only active
 * people have a page; never a password hash or a sign-in detail.
 */
export function colleagueProfile(personId: string) {
  const store = getStore();
  const p = store.data.people[personId];
  if (!p || !p.active) throw new NotFoundError("No colleague with that id");
  const team = store.data.teams[p.teamId];
  const owns = Object.values(store.data.policies)
    .filter((policy) => policy.ownerId === p.id && policy.status !== "retired")
    .map((policy) => ({ slug: policy.slug, title: policy.title }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return {
    name: p.name,
    email: p.email,
    role: p.role,
    team: team ? { name: team.name, slug: team.slug } : null,
    handle: p.email.slice(0, p.email.indexOf("@")).toLowerCase(),
    owns,
  };
}
