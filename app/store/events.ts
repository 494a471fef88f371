/**
 * The activity log: every change anyone makes, as a typed event.
 *
 * Each event is one line of the append-only log (see ./log.server.ts) together with the
 * record changes it made, so the log is both the audit trail and the store's source of truth.
 */
import { z } from "zod";
import { COLLECTION_NAMES, type CollectionName } from "./schema";

export const SUBJECT_KINDS = [
  "team",
  "person",
  "policy",
  "review",
  "proposal",
  "standard",
  "pulse",
  "store",
  "notification",
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Each event type and the kind of item it is about. */
export const EVENT_TYPES = {
  "store.created": "store",
  "store.migrated": "store",
  "team.created": "team",
  "team.updated": "team",
  "person.created": "person",
  "person.updated": "person",
  "person.deactivated": "person",
  "person.reactivated": "person",
  "person.password-changed": "person",
  "person.password-reset": "person",
  "person.locale-changed": "person",
  "person.signed-in": "person",
  "person.signed-out": "person",
  "person.linked": "person",
  "person.sign-in-refused": "person",
  "policy.created": "policy",
  "policy.revised": "policy",
  "policy.retired": "policy",
  "policy.reinstated": "policy",
  "policy.activated": "policy",
  "policy.friction-reported": "policy",
  "policy.friction-report-edited": "policy",
  "policy.friction-report-withdrawn": "policy",
  "policy.acknowledgement-requested": "policy",
  "policy.acknowledgement-stopped": "policy",
  "policy.acknowledged": "policy",
  "policy.imported": "policy",
  "review.opened": "review",
  "review.closed": "review",
  "proposal.submitted": "proposal",
  "proposal.edited": "proposal",
  "proposal.withdrawn": "proposal",
  "proposal.voted": "proposal",
  "proposal.commented": "proposal",
  "proposal.decided": "proposal",
  "proposal.implementation-updated": "proposal",
  "standard.drafted": "standard",
  "standard.edited": "standard",
  "standard.submitted": "standard",
  "standard.returned": "standard",
  "standard.published": "standard",
  "standard.retired": "standard",
  "standard.acknowledged": "standard",
  "standard.rated": "standard",
  "pulse.opened": "pulse",
  "pulse.answered": "pulse",
  "person.invited": "person",
  "person.password-reset-requested": "person",
  "person.password-set": "person",
  "notifications.recorded": "notification",
  "notifications.read": "notification",
  "notifications.settings-changed": "notification",
  "notifications.unsubscribed": "notification",
  "delivery.queued": "notification",
  "delivery.sent": "notification",
  "delivery.retrying": "notification",
  "delivery.failed": "notification",
  "delivery.skipped": "notification",
} as const satisfies Record<string, SubjectKind>;

export type EventType = keyof typeof EVENT_TYPES;
type SubjectOf<T extends EventType> = (typeof EVENT_TYPES)[T];

/** What changed, in the words a history page needs: essential fields before and after. */
const EventDataSchema = z.record(z.string(), z.unknown());

function eventVariant<T extends EventType>(type: T) {
  return z.object({
    seq: z.number().int().min(1),
    at: z.string(),
    /** Who did it; null for the system and for anonymous answers. */
    actorId: z.string().nullable(),
    type: z.literal(type),
    subject: z.object({ kind: z.literal(EVENT_TYPES[type] as SubjectOf<T>), id: z.string() }),
    before: EventDataSchema.nullable(),
    after: EventDataSchema.nullable(),
  });
}

const variants = (Object.keys(EVENT_TYPES) as EventType[]).map((t) => eventVariant(t));

export const ActivityEventSchema = z.discriminatedUnion(
  "type",
  variants as unknown as [ReturnType<typeof eventVariant<EventType>>, ...ReturnType<typeof eventVariant<EventType>>[]],
);

export type ActivityEvent = {
  seq: number;
  at: string;
  actorId: string | null;
  type: EventType;
  subject: { kind: SubjectKind; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** A change to one record: the whole new value, or its removal. Replaying it twice is harmless. */
export const ChangeSchema = z.union([
  z.object({ c: z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]), id: z.string(), v: z.unknown() }),
  z.object({ c: z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]), id: z.string(), del: z.literal(true) }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** One line of the log. */
export const LogEntrySchema = z.object({ e: ActivityEventSchema, ch: z.array(ChangeSchema) });
export type LogEntry = { e: ActivityEvent; ch: Change[] };
