import { getStore, put, remove } from "~/store/index.server";
import type { Session } from "~/store/schema";
import { newId } from "./ids";

/** How long a session lives, whatever happens. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a session survives without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

// Last request per session, kept in memory: a restart only grants one more idle period.
const lastSeen = new Map<string, number>();

export async function startSession(personId: string, method: "password" | "oidc" = "password"): Promise<Session> {
  const store = getStore();
  const session: Session = { id: newId(), personId, createdAt: store.clock.now().toISOString(), method };
  await store.commit(
    { type: "person.signed-in", actorId: personId, subject: { kind: "person", id: personId }, after: { method } },
    [put("sessions", session)],
  );
  lastSeen.set(session.id, store.clock.now().getTime());
  return session;
}

/** The live session with this id, or null when it is gone, expired or idle too long. */
export function findLiveSession(sessionId: string): Session | null {
  const store = getStore();
  const session = store.data.sessions[sessionId];
  if (!session) return null;
  const now = store.clock.now().getTime();
  const created = Date.parse(session.createdAt);
  const seen = lastSeen.get(sessionId) ?? now;
  if (now - created > SESSION_ABSOLUTE_MS || now - seen > SESSION_IDLE_MS) return null;
  lastSeen.set(sessionId, now);
  return session;
}

export async function endSession(sessionId: string) {
  const store = getStore();
  const session = store.data.sessions[sessionId];
  lastSeen.delete(sessionId);
  // Already gone (signed out in another tab a moment ago): the sign-out being reported may still be on its way to the disk.
  if (!session) return store.whenDurable();
  await store.commit(
    { type: "person.signed-out", actorId: session.personId, subject: { kind: "person", id: session.personId } },
    [remove("sessions", sessionId)],
  );
}
