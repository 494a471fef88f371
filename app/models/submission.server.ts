/**
 * One submission, one record (docs/decisions/009). Every form that creates something carries a
 * key made when the form was shown (`submissionKey`). The record the first submission created is
 * remembered under the key, in the same commit that creates it; the same form sent again — a
 * double click, back and resend, a retry after a lost answer, a restart in between — is answered
 * with that first record, and nothing new is written.
 *
 * A create function reads the key from its input, looks for an earlier submission right before
 * its commit (no `await` between the two, so two copies arriving together cannot both create),
 * and adds `rememberSubmission` to its commit's changes.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { put, type Decision, type Store } from "~/store/index.server";
import type { Change } from "~/store/events";
import type { Submission } from "~/store/schema";
import { ConflictError, ValidationError } from "./errors";
import { messageRef } from "~/i18n/ref";

/** The form field that carries the key. */
export const SUBMISSION_KEY_FIELD = "submissionKey";

const KeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** A new key for a form being shown. */
export function newSubmissionKey(): string {
  return randomUUID();
}

/** What a create is, for whom, under which key (null: a caller that sent none, such as the seed). */
export type Once = { personId: string; kind: string; key: string | null };

/**
 * The key an input carries, checked. No key means no protection (the domain's own callers);
 * a key that is not one of ours is refused, never silently ignored.
 */
export function onceFor(personId: string, kind: string, input: unknown): Once {
  const raw = input && typeof input === "object" ? (input as Record<string, unknown>)[SUBMISSION_KEY_FIELD] : undefined;
  if (raw === undefined || raw === null || raw === "") return { personId, kind, key: null };
  const parsed = KeySchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError({}, messageRef("shell.form.badSubmissionKey"));
  return { personId, kind, key: parsed.data };
}

const submissionId = (once: Once) => `${once.personId}:${once.kind}:${once.key}`;

/** The earlier submission of this form by this person, if there was one. */
export function earlierSubmission(store: Store, once: Once): Submission | null {
  if (!once.key) return null;
  return store.data.submissions[submissionId(once)] ?? null;
}

/** The change that remembers which record this submission created (none without a key). */
export function rememberSubmission(once: Once, recordId: string, at: string): Change[] {
  if (!once.key) return [];
  return [put("submissions", { id: submissionId(once), personId: once.personId, kind: once.kind, recordId, at })];
}

/**
 * Writes what one submission makes, decided against the latest state (`store.write`): when an
 * earlier copy of the same submission has been written meanwhile, in whichever process, the
 * decision answers with that copy's record instead of making a second. Callers answer a repeat
 * they already see with `answerRepeat` before any other work.
 */
export function writeOnce<T>(store: Store, once: Once, records: Record<string, T>, decide: () => Decision<T>): Promise<T> {
  return store.write(() => {
    const earlier = earlierSubmission(store, once);
    if (!earlier) return decide();
    const record = records[earlier.recordId];
    if (record === undefined) throw new ConflictError(messageRef("shell.form.submissionGone"));
    return { result: record };
  });
}

/**
 * The answer to a repeated submission: the first record, once its write is on disk (it may come
 * from a request whose commit is still being flushed). A record removed since (a withdrawn
 * friction report) is not made again: the repeat is told it is gone.
 */
export async function answerRepeat<T>(store: Store, record: T | undefined): Promise<T> {
  await store.whenDurable();
  if (record === undefined) throw new ConflictError(messageRef("shell.form.submissionGone"));
  return record;
}
