import type { Role } from "~/store/schema";

/** Who is acting: the signed-in person as the domain needs them. */
export type Actor = { id: string; name: string; role: Role; teamId: string };

const RANK: Record<Role, number> = { employee: 0, manager: 1, admin: 2 };

/** Roles nest: a manager can do all an employee can, an admin all a manager can. */
export function hasRole(actor: Pick<Actor, "role">, role: Role) {
  return RANK[actor.role] >= RANK[role];
}

export function isAdmin(actor: Pick<Actor, "role">) {
  return actor.role === "admin";
}

/** Managers manage their own team; admins manage every team. */
export function canManageTeam(actor: Actor, teamId: string) {
  return actor.role === "admin" || (actor.role === "manager" && actor.teamId === teamId);
}
