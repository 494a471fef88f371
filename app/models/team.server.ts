import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Team } from "~/store/schema";
import { isAdmin, type Actor } from "./actor";
import { cachedOn } from "./derived.server";
import { ForbiddenError, NotFoundError, fieldError } from "./errors";
import { newId, slugify } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { formText, requiredText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

export const TeamInputSchema = z.object({
  name: requiredText(80, messageRef("admin.errors.teamName")),
  slug: z.preprocess(
    (v) => (typeof v === "string" ? slugify(v) : v),
    z.string().min(1, messageRef("admin.errors.teamSlug")).max(80, messageRef("shell.validation.tooLong", { max: 80 })),
  ).optional(),
  description: formText(500).default(""),
});
export type TeamInput = z.input<typeof TeamInputSchema>;

/** Every team by name, sorted once per change of teams (shared: read it, never change it). */
export function teamsByName(): readonly Team[] {
  return cachedOn(["teams"], "teams.byName", () => Object.values(getStore().data.teams).sort((a, b) => a.name.localeCompare(b.name)));
}

export async function listTeams(): Promise<readonly Team[]> {
  return teamsByName();
}

export async function getTeam(id: string): Promise<Team | null> {
  return getStore().data.teams[id] ?? null;
}

export async function getTeamBySlug(slug: string): Promise<Team | null> {
  return Object.values(getStore().data.teams).find((t) => t.slug === slug) ?? null;
}

export async function createTeam({ actor, input }: { actor: Actor | null; input: unknown }) {
  if (actor && !isAdmin(actor)) throw new ForbiddenError();
  const once = onceFor(actor?.id ?? "system", "team", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.teams[earlier.recordId]);
  const data = validate(TeamInputSchema, input);
  const slug = data.slug ?? slugify(data.name);
  // Checked against the latest state inside the write: a name or slug is never given twice.
  return writeOnce(store, once, store.data.teams, () => {
    const teams = Object.values(store.data.teams);
    if (teams.some((t) => t.name.toLowerCase() === data.name.toLowerCase()))
      throw fieldError("name", messageRef("admin.errors.teamNameTaken"));
    if (teams.some((t) => t.slug === slug)) throw fieldError("slug", messageRef("admin.errors.teamSlugTaken"));
    const team: Team = {
      id: newId(),
      slug,
      name: data.name,
      description: data.description,
      createdAt: store.clock.now().toISOString(),
    };
    return {
      event: { type: "team.created", actorId: actor?.id ?? null, subject: { kind: "team", id: team.id }, after: { name: team.name, slug } },
      changes: [put("teams", team), ...rememberSubmission(once, team.id, team.createdAt)],
      result: team,
    };
  });
}

export async function updateTeam({ actor, teamId, input }: { actor: Actor; teamId: string; input: unknown }) {
  if (!isAdmin(actor)) throw new ForbiddenError();
  const store = getStore();
  if (!store.data.teams[teamId]) throw new NotFoundError("Team not found");
  const data = validate(TeamInputSchema, input);
  // Checked against the latest state inside the write: a renamed team never takes a name or slug another process just gave.
  return store.write(() => {
    const team = store.data.teams[teamId];
    if (!team) throw new NotFoundError("Team not found");
    const slug = data.slug ?? team.slug;
    const others = Object.values(store.data.teams).filter((t) => t.id !== teamId);
    if (others.some((t) => t.name.toLowerCase() === data.name.toLowerCase()))
      throw fieldError("name", messageRef("admin.errors.teamNameTaken"));
    if (others.some((t) => t.slug === slug)) throw fieldError("slug", messageRef("admin.errors.teamSlugTaken"));
    const next: Team = { ...team, name: data.name, slug, description: data.description };
    return {
      event: {
        type: "team.updated",
        actorId: actor.id,
        subject: { kind: "team", id: teamId },
        before: { name: team.name, slug: team.slug, description: team.description },
        after: { name: next.name, slug: next.slug, description: next.description },
      },
      changes: [put("teams", next)],
      result: next,
    };
  });
}
