/**
 * Small factories for tests: a real store in a temporary folder, and people, teams, policies and
 * standards built through the domain functions.
 */
import { closeStore, getStore, openStore } from "~/store/index.server";
import { systemClock, type Clock } from "~/store/store.server";
import { createPerson } from "~/models/person.server";
import { createTeam } from "~/models/team.server";
import { createPolicy, type PolicyInput } from "~/models/policy.server";
import { createStandard, publishStandard, submitStandard, type NewStandardInput } from "~/models/standard.server";
import type { Actor } from "~/models/actor";
import type { Role } from "~/store/schema";
import { startSearchIndex, stopSearchIndex } from "~/lib/search.server";
import { seedDemo } from "~/seed/demo.server";
import { tempDir } from "./support/temp";

export const TEST_PASSWORD = "correct-horse-battery";

export async function openTestStore({ demo = false }: { demo?: boolean } = {}) {
  await closeStore();
  const dir = tempDir();
  const store = await openStore(dir);
  if (demo) await seedDemo(store);
  startSearchIndex(store);
  return { store, dir };
}

export async function closeTestStore() {
  stopSearchIndex();
  await closeStore();
}

/** A clock that stands still until moved. */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceDays(n: number): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (value: string) => {
      now = new Date(value);
    },
    advanceDays: (n: number) => {
      now = new Date(now.getTime() + n * 86_400_000);
    },
  };
}

export function useSystemClock() {
  getStore().clock = systemClock;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function buildTeam(overrides: Partial<{ name: string; slug: string; description: string }> = {}) {
  const name = overrides.name ?? `Team ${unique()}`;
  return createTeam({ actor: null, input: { description: "", ...overrides, name } });
}

export async function buildPerson(
  overrides: Partial<{ name: string; email: string; teamId: string; role: Role; password: string }> = {},
): Promise<Actor & { email: string; password: string }> {
  const teamId = overrides.teamId ?? (await buildTeam()).id;
  const id = unique();
  const password = overrides.password ?? TEST_PASSWORD;
  const person = await createPerson({
    actor: null,
    input: {
      name: overrides.name ?? `Person ${id}`,
      email: overrides.email ?? `person-${id}@example.test`,
      teamId,
      role: overrides.role ?? "employee",
      password,
    },
  });
  return { id: person.id, name: person.name, role: person.role, teamId: person.teamId, email: person.email, password };
}

export function policyInput(overrides: Partial<PolicyInput> & { teamId: string; ownerId: string }): PolicyInput {
  return {
    title: `Policy ${unique()}`,
    summary: "A rule for testing.",
    body: "## What\n\nDo the thing.",
    purpose: "Protects the customer from mistakes.",
    purposeTags: ["quality"],
    audienceExternal: true,
    audienceTeamIds: [],
    mandate: "own",
    occurrencesPerMonth: 100,
    steps: 3,
    approvals: 1,
    handoffs: 1,
    activeMinutes: 10,
    waitingMinutes: 20,
    frictionTags: ["approval"],
    reviewCycleMonths: 12,
    ...overrides,
  };
}

export async function buildPolicy(actor: Actor, overrides: Partial<PolicyInput> = {}) {
  return createPolicy({ actor, input: policyInput({ teamId: actor.teamId, ownerId: actor.id, ...overrides }) });
}

export function standardInput(overrides: Partial<NewStandardInput> & { teamId: string; customerTeamIds: string[] }): NewStandardInput {
  return {
    title: `Standard ${unique()}`,
    commitment: "We answer every ticket within one working day.",
    metric: "Time to first answer",
    targetValue: "1",
    unit: "working day",
    period: "per ticket",
    dimension: "responsiveness",
    factor: "hygiene",
    body: "Plain answers.",
    linkedPolicyIds: [],
    ...overrides,
  };
}

/** A standard of the manager's team, written, sent for approval and published by the admin. */
export async function buildPublishedStandard(manager: Actor, admin: Actor, overrides: Partial<NewStandardInput> & { customerTeamIds: string[] }) {
  const draft = await createStandard({ actor: manager, input: standardInput({ teamId: manager.teamId, ...overrides }) });
  await submitStandard({ actor: manager, standardId: draft.id });
  return publishStandard({ actor: admin, standardId: draft.id });
}
