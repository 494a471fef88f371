/**
 * The culture pulse: a short survey an admin opens for everyone for two weeks.
 *
 * Anonymity by construction: an answer is stored with a keyed hash of (pulse, person) — so the
 * same person finds and changes their own answer while the pulse is open — and their team,
 * never their id; the activity event of an answer has no actor. Results are shown for a group
 * only when at least five of it answered, and a team is also held back when showing it would
 * let the hidden rest be worked out from the organisation's total.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import { PULSE_QUESTIONS, type Pulse, type PulseAnswer, type PulseQuestion } from "~/store/schema";
import { isAdmin, type Actor } from "./actor";
import { MIN_RESPONSES } from "./culture";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { newId } from "./ids";
import { answerRepeat, earlierSubmission, onceFor, rememberSubmission, writeOnce } from "./submission.server";
import { formNumber, requiredText, validate } from "./validate";
import { messageRef } from "~/i18n/ref";

/** A pulse stays open this many days. */
export const PULSE_DAYS = 14;
export { MIN_RESPONSES, PERCENT_QUESTION, SCALE_QUESTIONS } from "./culture";

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- input

export const OpenPulseInputSchema = z.object({
  title: requiredText(120, messageRef("dashboard.pulse.errors.title")),
});

const scale = formNumber(messageRef("dashboard.pulse.errors.answer")).pipe(
  z.number().int(messageRef("dashboard.pulse.errors.answer")).min(1, messageRef("dashboard.pulse.errors.answer")).max(5, messageRef("dashboard.pulse.errors.answer"))
);
export const AnswerInputSchema = z.object({
  "serve-without-fighting-rules": scale,
  "know-why-policies-exist": scale,
  "can-get-rules-changed": scale,
  "teams-keep-promises": scale,
  "week-lost-to-process": formNumber(messageRef("dashboard.pulse.errors.weekShare")).pipe(
    z.number().min(0, messageRef("dashboard.pulse.errors.weekShare")).max(100, messageRef("dashboard.pulse.errors.weekShare"))
  ),
});
export type AnswerScores = z.output<typeof AnswerInputSchema>;

// ---------------------------------------------------------------- keys

/** The respondent's key: HMAC(store secret, pulse id + person id). Not reversible without the secret. */
export function respondentKey(secret: string, pulseId: string, personId: string): string {
  return createHmac("sha256", secret).update(`${pulseId}:${personId}`).digest("hex");
}

function answerId(pulseId: string, key: string) {
  return `${pulseId}:${key.slice(0, 32)}`;
}

export function isOpen(pulse: Pick<Pulse, "opensAt" | "closesAt">, now: Date): boolean {
  const iso = now.toISOString();
  return pulse.opensAt <= iso && iso < pulse.closesAt;
}

// ---------------------------------------------------------------- reads

/** The pulse open now, if any. */
export async function getOpenPulse(): Promise<Pulse | null> {
  const store = getStore();
  const now = store.clock.now();
  for (const p of Object.values(store.data.pulses)) if (isOpen(p, now)) return p;
  return null;
}

/** The signed-in person's own answer to a pulse (found by their key), to pre-fill the form. */
export async function getMyAnswer({
  actor,
  pulseId,
}: {
  actor: Actor;
  pulseId: string;
}): Promise<{ scores: AnswerScores; at: string } | null> {
  const store = getStore();
  const answer = store.data.pulseAnswers[answerId(pulseId, respondentKey(store.secret, pulseId, actor.id))];
  return answer ? { scores: answer.scores, at: answer.at } : null;
}

/** Every pulse with how many answered (admins). */
export async function listPulses({ actor }: { actor: Actor }) {
  if (!isAdmin(actor)) throw new ForbiddenError("Only admins manage pulses.");
  const store = getStore();
  const now = store.clock.now();
  const counts = new Map<string, number>();
  for (const a of Object.values(store.data.pulseAnswers)) counts.set(a.pulseId, (counts.get(a.pulseId) ?? 0) + 1);
  return Object.values(store.data.pulses)
    .sort((a, b) => (a.opensAt < b.opensAt ? 1 : -1))
    .map((p) => ({
      id: p.id,
      title: p.title,
      opensAt: p.opensAt,
      closesAt: p.closesAt,
      open: isOpen(p, now),
      responses: counts.get(p.id) ?? 0,
    }));
}

// ---------------------------------------------------------------- writes

/** Opens a pulse for everyone, for two weeks from now. Admins only; one open pulse at a time. */
export async function openPulse({ actor, input }: { actor: Actor; input: unknown }): Promise<Pulse> {
  if (!isAdmin(actor)) throw new ForbiddenError("Only admins open a pulse.");
  const once = onceFor(actor.id, "pulse", input);
  const store = getStore();
  const earlier = earlierSubmission(store, once);
  if (earlier) return answerRepeat(store, store.data.pulses[earlier.recordId]);
  const data = validate(OpenPulseInputSchema, input);
  // Decided against the latest state: two admins in two processes never open two pulses at once.
  return writeOnce(store, once, store.data.pulses, () => {
    const now = store.clock.now();
    const open = Object.values(store.data.pulses).find((p) => isOpen(p, now));
    if (open) throw new ConflictError(messageRef("dashboard.pulse.errors.stillOpen", { title: open.title }));
    const pulse: Pulse = {
      id: newId(),
      title: data.title,
      openedBy: actor.id,
      opensAt: now.toISOString(),
      closesAt: new Date(now.getTime() + PULSE_DAYS * DAY_MS).toISOString(),
    };
    return {
      event: {
        type: "pulse.opened",
        actorId: actor.id,
        subject: { kind: "pulse", id: pulse.id },
        after: { title: pulse.title, opensAt: pulse.opensAt, closesAt: pulse.closesAt },
      },
      changes: [put("pulses", pulse), ...rememberSubmission(once, pulse.id, pulse.opensAt)],
      result: pulse,
    };
  });
}

/**
 * Records (or changes) the signed-in person's answer to an open pulse. Stored under their
 * keyed hash with their team; the event names no one.
 */
export async function answerPulse({
  actor,
  pulseId,
  input,
}: {
  actor: Actor;
  pulseId: string;
  input: unknown;
}): Promise<{ changed: boolean }> {
  const scores = validate(AnswerInputSchema, input);
  const store = getStore();
  return store.write(() => {
    const pulse = store.data.pulses[pulseId];
    if (!pulse) throw new NotFoundError("Pulse not found");
    const person = store.data.people[actor.id];
    if (!person || !person.active) throw new ForbiddenError("Only active people answer a pulse.");
    const now = store.clock.now();
    if (!isOpen(pulse, now)) throw new ConflictError(messageRef("dashboard.pulse.errors.closed"));
    const key = respondentKey(store.secret, pulseId, actor.id);
    const id = answerId(pulseId, key);
    const changed = Boolean(store.data.pulseAnswers[id]);
    // The record keeps only the day, so its time cannot be matched against other events.
    const day = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
    const answer: PulseAnswer = { id, pulseId, respondentKey: key, teamId: person.teamId, scores, at: day };
    return {
      event: { type: "pulse.answered", actorId: null, subject: { kind: "pulse", id: pulseId }, after: null },
      changes: [put("pulseAnswers", answer)],
      result: { changed },
    };
  });
}

// ---------------------------------------------------------------- results (pure)

export type PulseMeans = Record<PulseQuestion, number>;
export type GroupResult = { responses: number; shown: boolean; means: PulseMeans | null };
export type PulseResult = {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
  org: GroupResult;
  teams: Array<{ teamId: string } & GroupResult>;
};

function means(answers: PulseAnswer[]): PulseMeans {
  const out = {} as PulseMeans;
  for (const q of PULSE_QUESTIONS) {
    const total = answers.reduce((acc, a) => acc + a.scores[q], 0);
    out[q] = Math.round((total / answers.length) * 10) / 10;
  }
  return out;
}

/**
 * Results of every pulse, oldest first. A group (the organisation or a team) shows its means
 * only with at least MIN_RESPONSES answers. When the teams held back add up to fewer than
 * MIN_RESPONSES answers, the smallest shown team is held back too, so that no team's result
 * can be had by subtracting the others from the organisation's.
 */
export function pulseResults({ pulses, answers }: { pulses: Pulse[]; answers: PulseAnswer[] }): PulseResult[] {
  const byPulse = new Map<string, PulseAnswer[]>();
  for (const a of answers) {
    const list = byPulse.get(a.pulseId);
    if (list) list.push(a);
    else byPulse.set(a.pulseId, [a]);
  }
  return [...pulses]
    .sort((a, b) => (a.opensAt < b.opensAt ? -1 : 1))
    .map((pulse) => {
      const all = byPulse.get(pulse.id) ?? [];
      const byTeam = new Map<string, PulseAnswer[]>();
      for (const a of all) {
        const list = byTeam.get(a.teamId);
        if (list) list.push(a);
        else byTeam.set(a.teamId, [a]);
      }
      const orgShown = all.length >= MIN_RESPONSES;
      const shown = new Set([...byTeam].filter(([, list]) => list.length >= MIN_RESPONSES).map(([t]) => t));
      if (orgShown) {
        // Complementary suppression: the hidden rest must itself be at least MIN_RESPONSES (or none).
        const shownSorted = [...shown].sort((a, b) => byTeam.get(a)!.length - byTeam.get(b)!.length);
        let hidden = all.length - shownSorted.reduce((acc, t) => acc + byTeam.get(t)!.length, 0);
        while (hidden > 0 && hidden < MIN_RESPONSES && shownSorted.length) {
          const t = shownSorted.shift()!;
          shown.delete(t);
          hidden += byTeam.get(t)!.length;
        }
      } else {
        shown.clear();
      }
      return {
        id: pulse.id,
        title: pulse.title,
        opensAt: pulse.opensAt,
        closesAt: pulse.closesAt,
        org: { responses: all.length, shown: orgShown, means: orgShown ? means(all) : null },
        teams: [...byTeam]
          .map(([teamId, list]) => ({
            teamId,
            responses: list.length,
            shown: shown.has(teamId),
            means: shown.has(teamId) ? means(list) : null,
          }))
          .sort((a, b) => a.teamId.localeCompare(b.teamId)),
      };
    });
}
