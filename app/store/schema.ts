/**
 * The whole stored shape of Untangle, one zod schema per concept.
 * These schemas describe the snapshot, validate it on start, and are reused by the
 * domain (app/models) for forms and imports. Change them only together with a migration
 * in ./migrations.ts and a bump of SCHEMA_VERSION.
 */
import { z } from "zod";
import {
  DECISION_OUTCOMES,
  FRICTION_TAGS,
  IMPLEMENTATION_STATUSES,
  MANDATES,
  POLICY_STATUSES,
  PROPOSAL_KINDS,
  PURPOSE_TAGS,
  ROLES,
  SERVQUAL_DIMENSIONS,
  STANDARD_FACTORS,
  STANDARD_STATUSES,
  VOTE_POSITIONS,
  NOTIFICATION_KINDS,
  NOTIFICATION_CHANNELS,
  ACCOUNT_MAIL_PURPOSES,
  DELIVERY_STATES,
  DELIVERY_LOG_STATES,
  LOCALES,
  SIGN_IN_METHODS,
  REVIEW_STATUSES,
  PROPOSAL_STATUSES,
  STANDARD_DRAFT_STATES,
  DELIVERY_KINDS,
  DIGEST_CADENCES,
} from "./vocabulary";

export * from "./vocabulary";

export const SCHEMA_VERSION = 2;

const id = z.string().min(1);
const isoDateTime = z.string().datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");

// ---------------------------------------------------------------- people and teams


export const TeamSchema = z.object({
  id,
  slug: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  createdAt: isoDateTime,
});
export type Team = z.infer<typeof TeamSchema>;

export const PersonSchema = z.object({
  id,
  name: z.string().min(1),
  email: z.string().email(),
  teamId: id,
  role: z.enum(ROLES),
  active: z.boolean(),
  locale: z.enum(LOCALES).optional(),
  passwordHash: z.string().min(1).optional(),
  createdAt: isoDateTime,
  oidcSubject: z.string().min(1).optional(),
  /** The person's manager, from the people directory. */
  managerId: id.optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const SessionSchema = z.object({
  id,
  personId: id,
  createdAt: isoDateTime,
  /** How the person signed in; absent for sessions from before company sign-in (a password). */
  method: z.enum(SIGN_IN_METHODS).optional(),
});
export type Session = z.infer<typeof SessionSchema>;

// ---------------------------------------------------------------- policies





export const FrictionSchema = z.object({
  occurrencesPerMonth: z.number().min(0).max(1_000_000),
  steps: z.number().int().min(0).max(1000),
  approvals: z.number().int().min(0).max(100),
  handoffs: z.number().int().min(0).max(100),
  activeMinutes: z.number().min(0).max(100_000),
  waitingMinutes: z.number().min(0).max(1_000_000),
});
export type Friction = z.infer<typeof FrictionSchema>;

/** The fields of a policy that a revision captures in full. */
export const PolicyContentSchema = z.object({
  title: z.string().min(1).max(160),
  summary: z.string().max(300),
  body: z.string().max(100_000),
  teamId: id,
  ownerId: id,
  purpose: z.string().max(2000),
  purposeTags: z.array(z.enum(PURPOSE_TAGS)),
  audienceExternal: z.boolean(),
  audienceTeamIds: z.array(id),
  mandate: z.enum(MANDATES),
  friction: FrictionSchema,
  frictionTags: z.array(z.enum(FRICTION_TAGS)),
  reviewCycleMonths: z.number().int().min(1).max(120),
});
export type PolicyContent = z.infer<typeof PolicyContentSchema>;

export const PolicySchema = PolicyContentSchema.extend({
  id,
  slug: z.string().min(1),
  status: z.enum(POLICY_STATUSES),
  /** Status to return to when a review closes or a retirement is undone. */
  lastReviewedOn: isoDate.nullable(),
  bodyHtml: z.string(),
  revision: z.number().int().min(1),
  retiredReason: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  /**
   * The revision everyone who meets the policy (its team and its audience teams) must
   * acknowledge, and since when it is asked; absent or null: no acknowledgement asked.
   */
  acknowledgeRevision: z.number().int().min(1).nullable().optional(),
  acknowledgeRequestedAt: isoDateTime.nullable().optional(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const PolicyRevisionSchema = z.object({
  id,
  policyId: id,
  number: z.number().int().min(1),
  authorId: id,
  at: isoDateTime,
  note: z.string(),
  content: PolicyContentSchema,
  /** Set when the revision comes from an adopted proposal. */
  source: z.object({ reviewId: id, proposalId: id }).nullable(),
});
export type PolicyRevision = z.infer<typeof PolicyRevisionSchema>;

export const FrictionReportSchema = z.object({
  id,
  policyId: id,
  personId: id,
  at: isoDateTime,
  minutesLost: z.number().min(0).max(10_000),
  effort: z.number().int().min(1).max(5),
  what: z.string().max(2000),
  /** When its author last changed it (reports kept from before editing have none). */
  editedAt: isoDateTime.optional(),
  /** Set on the answer to a "did the change work?" follow-up: the adopted proposal it measures. */
  followUpOf: id.optional(),
});
export type FrictionReport = z.infer<typeof FrictionReportSchema>;

// ---------------------------------------------------------------- reviews





export const ReviewSchema = z.object({
  id,
  title: z.string().min(1),
  description: z.string(),
  descriptionHtml: z.string(),
  policyIds: z.array(id).min(1),
  ownerId: id,
  openedAt: isoDateTime,
  deadline: isoDateTime,
  hideTallies: z.boolean(),
  status: z.enum(REVIEW_STATUSES),
  closedAt: isoDateTime.nullable(),
});
export type Review = z.infer<typeof ReviewSchema>;

/**
 * What a proposal changes in a policy besides its text and friction estimates: only the fields
 * that differ from the policy when it was proposed. Team, owner and mandate are facts of
 * accountability, changed by the policy's managers, not by a vote.
 */
export const ProposalFieldChangesSchema = PolicyContentSchema.pick({
  title: true,
  summary: true,
  purpose: true,
  purposeTags: true,
  audienceExternal: true,
  audienceTeamIds: true,
  frictionTags: true,
  reviewCycleMonths: true,
}).partial();
export type ProposalFieldChanges = z.infer<typeof ProposalFieldChangesSchema>;

export const ProposalSchema = z.object({
  id,
  reviewId: id,
  policyId: id,
  authorId: id,
  kind: z.enum(PROPOSAL_KINDS),
  title: z.string().min(1),
  reasoning: z.string(),
  reasoningHtml: z.string(),
  newBody: z.string().nullable(),
  newFriction: FrictionSchema.nullable(),
  newFields: ProposalFieldChangesSchema.optional(),
  status: z.enum(PROPOSAL_STATUSES),
  version: z.number().int().min(1),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  decision: z
    .object({
      outcome: z.enum(DECISION_OUTCOMES),
      rationale: z.string().min(1),
      decidedAt: isoDateTime,
      decidedBy: id,
      /** Customer hours per month removed by adopting it (0 when nothing changed). */
      hoursRemoved: z.number(),
    })
    .nullable(),
  implementation: z.enum(IMPLEMENTATION_STATUSES).nullable(),
  /** Who sees a tracked change through, and by when (set when it is adopted). */
  implementationOwnerId: id.optional(),
  implementationDueOn: isoDate.optional(),
  /** When a tracked implementation was last marked done: the change takes effect then. */
  implementedAt: isoDateTime.optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const ProposalVersionSchema = z.object({
  id,
  proposalId: id,
  number: z.number().int().min(1),
  at: isoDateTime,
  title: z.string(),
  reasoning: z.string(),
  newBody: z.string().nullable(),
  newFriction: FrictionSchema.nullable(),
  newFields: ProposalFieldChangesSchema.optional(),
});
export type ProposalVersion = z.infer<typeof ProposalVersionSchema>;

export const VoteSchema = z.object({
  /** `${proposalId}:${personId}`, so one person has at most one vote per proposal. */
  id,
  proposalId: id,
  reviewId: id,
  personId: id,
  position: z.enum(VOTE_POSITIONS),
  reason: z.string(),
  at: isoDateTime,
});
export type Vote = z.infer<typeof VoteSchema>;

export const CommentSchema = z.object({
  id,
  proposalId: id,
  reviewId: id,
  authorId: id,
  body: z.string().min(1),
  bodyHtml: z.string(),
  at: isoDateTime,
});
export type Comment = z.infer<typeof CommentSchema>;

// ---------------------------------------------------------------- service standards



export const StandardContentSchema = z.object({
  title: z.string().min(1).max(160),
  commitment: z.string().min(1).max(300),
  metric: z.string().min(1).max(160),
  targetValue: z.number(),
  unit: z.string().min(1).max(40),
  period: z.string().min(1).max(40),
  /** Internal-customer teams; empty means everyone. */
  customerTeamIds: z.array(id),
  dimension: z.enum(SERVQUAL_DIMENSIONS),
  factor: z.enum(STANDARD_FACTORS).nullable(),
  body: z.string().max(100_000),
  linkedPolicyIds: z.array(id),
});
export type StandardContent = z.infer<typeof StandardContentSchema>;

export const StandardSchema = z.object({
  id,
  slug: z.string().min(1),
  teamId: id,
  status: z.enum(STANDARD_STATUSES),
  /** The version in force, if one has been published. */
  publishedVersion: z.number().int().min(1).nullable(),
  /** The version being drafted or reviewed, if any. */
  draftVersion: z.number().int().min(1).nullable(),
  draftState: z.enum(STANDARD_DRAFT_STATES).nullable(),
  returnComment: z.string().nullable(),
  retiredReason: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Standard = z.infer<typeof StandardSchema>;

export const StandardVersionSchema = z.object({
  id,
  standardId: id,
  number: z.number().int().min(1),
  content: StandardContentSchema,
  bodyHtml: z.string(),
  authorId: id,
  at: isoDateTime,
  publishedAt: isoDateTime.nullable(),
});
export type StandardVersion = z.infer<typeof StandardVersionSchema>;

export const AcknowledgementSchema = z.object({
  /** `${standardId}:${version}:${personId}` */
  id,
  standardId: id,
  version: z.number().int().min(1),
  personId: id,
  at: isoDateTime,
});
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

/** A person has read a policy's revision that asks for acknowledgement. */
export const PolicyAcknowledgementSchema = z.object({
  /** `${policyId}:${revision}:${personId}` */
  id,
  policyId: id,
  revision: z.number().int().min(1),
  personId: id,
  at: isoDateTime,
});
export type PolicyAcknowledgement = z.infer<typeof PolicyAcknowledgementSchema>;

export const RatingSchema = z.object({
  /** `${standardId}:${personId}:${month}` — one rating per person per calendar month. */
  id,
  standardId: id,
  personId: id,
  teamId: id,
  month: z.string().regex(/^\d{4}-\d{2}$/),
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000),
  at: isoDateTime,
});
export type Rating = z.infer<typeof RatingSchema>;

// ---------------------------------------------------------------- culture pulse


export const PulseSchema = z.object({
  id,
  title: z.string().min(1),
  openedBy: id,
  opensAt: isoDateTime,
  closesAt: isoDateTime,
});
export type Pulse = z.infer<typeof PulseSchema>;

export const PulseAnswerSchema = z.object({
  id,
  pulseId: id,
  /** A keyed hash of the respondent: lets them change their answer, never shows who they are. */
  respondentKey: z.string().min(1),
  teamId: id,
  scores: z.object({
    "serve-without-fighting-rules": z.number().int().min(1).max(5),
    "know-why-policies-exist": z.number().int().min(1).max(5),
    "can-get-rules-changed": z.number().int().min(1).max(5),
    "teams-keep-promises": z.number().int().min(1).max(5),
    "week-lost-to-process": z.number().min(0).max(100),
  }),
  at: isoDateTime,
});
export type PulseAnswer = z.infer<typeof PulseAnswerSchema>;

// ---------------------------------------------------------------- reaching people

/**
 * What is owed to whom (the inbox), and each mail owed (the outbox). A notification is recorded
 * before anything is sent; its id is made from what it is about, so recording it twice is a no-op.
 */
export const NotificationSchema = z.object({
  /** `${kind}:${what it is about}:${personId}` — one per person per occasion. */
  id,
  personId: id,
  kind: z.enum(NOTIFICATION_KINDS),
  at: isoDateTime,
  /** The values its message is filled with, in the reader's language when shown. */
  params: z.record(z.string(), z.string()),
  /** The page where the action is: a path on this site. */
  link: z.string().startsWith("/"),
  readAt: isoDateTime.nullable(),
  /** How it reaches the person beyond the inbox, chosen from their settings when recorded. */
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** The mail that carries it (at once or in a digest), once there is one. */
  deliveryId: id.nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const DeliverySchema = z.object({
  /** `mail:${notificationId}`, `digest:${cadence}:${period}:${personId}` or `account:${purpose}:${personId}:${n}`. */
  id,
  personId: id,
  kind: z.enum(DELIVERY_KINDS),
  notificationIds: z.array(id),
  cadence: z.enum(DIGEST_CADENCES).nullable(),
  /** Account mail: what it is for, and the signed token its link carries. */
  account: z.object({ purpose: z.enum(ACCOUNT_MAIL_PURPOSES), token: z.string().min(1) }).nullable(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int().min(0),
  nextAttemptAt: isoDateTime,
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  /** The address it went to, when sent. */
  to: z.string().nullable(),
  log: z.array(z.object({ at: isoDateTime, state: z.enum(DELIVERY_LOG_STATES), reason: z.string().nullable() })),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** A person's choice per kind of notification; a kind not listed follows the default. */
export const NotificationSettingsSchema = z.object({
  /** The person's id. */
  id,
  channels: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.enum(NOTIFICATION_CHANNELS)),
  updatedAt: isoDateTime,
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** How far the notifier has read the activity log (one record, id "cursor"). */
export const NotifierCursorSchema = z.object({ id, seq: z.number().int().min(0) });
export type NotifierCursor = z.infer<typeof NotifierCursorSchema>;

// ---------------------------------------------------------------- one submission, one record

/**
 * A form that creates something carries a key made when the form was shown; the record it
 * created is remembered under that key, so the same form sent again (a double click, back and
 * resend) is answered with the first record instead of a second one (docs/decisions/009).
 */
export const SubmissionSchema = z.object({
  /** `${personId}:${kind}:${key}` — a key counts only for the person who was shown the form. */
  id,
  personId: id,
  kind: z.string().min(1),
  /** The record the first submission created. */
  recordId: id,
  at: isoDateTime,
});
export type Submission = z.infer<typeof SubmissionSchema>;

// ---------------------------------------------------------------- the document

/** Every collection of the store: a map from id to record. */
export const COLLECTION_SCHEMAS = {
  teams: TeamSchema,
  people: PersonSchema,
  sessions: SessionSchema,
  policies: PolicySchema,
  policyRevisions: PolicyRevisionSchema,
  frictionReports: FrictionReportSchema,
  reviews: ReviewSchema,
  proposals: ProposalSchema,
  proposalVersions: ProposalVersionSchema,
  votes: VoteSchema,
  comments: CommentSchema,
  standards: StandardSchema,
  standardVersions: StandardVersionSchema,
  acknowledgements: AcknowledgementSchema,
  ratings: RatingSchema,
  pulses: PulseSchema,
  pulseAnswers: PulseAnswerSchema,
  notifications: NotificationSchema,
  deliveries: DeliverySchema,
  notificationSettings: NotificationSettingsSchema,
  notifier: NotifierCursorSchema,
  submissions: SubmissionSchema,
  policyAcknowledgements: PolicyAcknowledgementSchema,
} as const;

/** Collections added after version 2 without a migration: a data file without them opens with them empty. */
const ADDED_COLLECTIONS: readonly CollectionName[] = ["notifications", "deliveries", "notificationSettings", "notifier", "submissions", "policyAcknowledgements"];

export type CollectionName = keyof typeof COLLECTION_SCHEMAS;
export const COLLECTION_NAMES = Object.keys(COLLECTION_SCHEMAS) as CollectionName[];

export type Collections = {
  [K in CollectionName]: Record<string, z.infer<(typeof COLLECTION_SCHEMAS)[K]>>;
};

export type RecordOf<K extends CollectionName> = Collections[K][string];

const collectionsShape = Object.fromEntries(
  COLLECTION_NAMES.map((name) => {
    const collection = z.record(z.string(), COLLECTION_SCHEMAS[name]);
    return [name, ADDED_COLLECTIONS.includes(name) ? collection.default({}) : collection];
  }),
) as { [K in CollectionName]: z.ZodRecord<z.ZodString, (typeof COLLECTION_SCHEMAS)[K]> };

export const DocumentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** The sequence number of the last event of the log this snapshot includes. */
  lastSeq: z.number().int().min(0),
  savedAt: isoDateTime,
  /** Secret used for keyed hashes (anonymous pulse answers); created with the store. */
  secret: z.string().min(16),
  ...collectionsShape,
});
export type StoreDocument = z.infer<typeof DocumentSchema>;

export function emptyCollections(): Collections {
  return Object.fromEntries(COLLECTION_NAMES.map((n) => [n, {}])) as Collections;
}
