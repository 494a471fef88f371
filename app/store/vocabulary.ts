/**
 * The product's vocabulary: the fixed lists the schemas, forms and pages share.
 * Kept free of zod so that pages can import it without shipping a validator to the browser.
 */
export const ROLES = ["employee", "manager", "admin"] as const;

/** The five needs of every customer, then the protective purposes a customer never sees. */
export const PURPOSE_TAGS = [
  "service",
  "quality",
  "appreciation",
  "action",
  "price",
  "compliance",
  "safety",
  "fraud-prevention",
] as const;

export const FRICTION_TAGS = [
  "approval",
  "waiting",
  "paperwork",
  "hand-off",
  "channel-limit",
  "jargon",
  "duplicate-entry",
] as const;

export const POLICY_STATUSES = ["draft", "active", "under-review", "retired"] as const;

/** Imposed from outside (law, regulator, contract) or the organisation's own choice. */
export const MANDATES = ["own", "law", "regulator", "contract"] as const;

export const PROPOSAL_KINDS = [
  "remove",
  "relax-threshold",
  "delegate",
  "automate",
  "merge",
  "reword",
  "change-channel",
  "other",
] as const;

export const VOTE_POSITIONS = ["agree", "abstain", "disagree", "block"] as const;

export const DECISION_OUTCOMES = ["adopted", "rejected", "deferred"] as const;

export const IMPLEMENTATION_STATUSES = ["planned", "in-progress", "done"] as const;

export const SERVQUAL_DIMENSIONS = [
  "reliability",
  "responsiveness",
  "assurance",
  "empathy",
  "tangibles",
] as const;

export const STANDARD_FACTORS = ["hygiene", "motivator"] as const;

export const STANDARD_STATUSES = ["draft", "in-review", "published", "retired"] as const;

export const PULSE_QUESTIONS = [
  "serve-without-fighting-rules",
  "know-why-policies-exist",
  "can-get-rules-changed",
  "teams-keep-promises",
  "week-lost-to-process",
] as const;

export type Role = (typeof ROLES)[number];

export type PurposeTag = (typeof PURPOSE_TAGS)[number];

export type FrictionTag = (typeof FRICTION_TAGS)[number];

export type PolicyStatus = (typeof POLICY_STATUSES)[number];

export type Mandate = (typeof MANDATES)[number];

export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export type VotePosition = (typeof VOTE_POSITIONS)[number];

export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

export type StandardStatus = (typeof STANDARD_STATUSES)[number];

export type PulseQuestion = (typeof PULSE_QUESTIONS)[number];

/**
 * The kinds of notification, in the order of priority the product gives them: each has a
 * channel a person can choose (in the app only, email at once, daily or weekly digest).
 */
export const NOTIFICATION_KINDS = [
  "review-opened",
  "review-closing",
  "proposal-decided",
  "acknowledgement",
  "policy-due",
  "comment",
  "friction-reported",
  "pulse-opened",
  "standard-health",
  "follow-up",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ["app", "email", "daily", "weekly"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Mail about the account itself: always sent, never in a digest, not unsubscribable. */
export const ACCOUNT_MAIL_PURPOSES = ["invitation", "password-reset"] as const;
export type AccountMailPurpose = (typeof ACCOUNT_MAIL_PURPOSES)[number];

export const DELIVERY_STATES = ["queued", "sent", "failed", "skipped"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
/** What the delivery log records: each attempt's outcome. */
export const DELIVERY_LOG_STATES = ["queued", "sent", "retrying", "failed", "skipped"] as const;

/** The languages a person can choose (app/i18n). */
export const LOCALES = ["en", "nl"] as const;

/** How a person signed in. */
export const SIGN_IN_METHODS = ["password", "oidc"] as const;

export const REVIEW_STATUSES = ["open", "closed"] as const;

export const PROPOSAL_STATUSES = ["open", "withdrawn", ...DECISION_OUTCOMES] as const;

/** Where a standard's next version stands while it is drafted. */
export const STANDARD_DRAFT_STATES = ["draft", "in-review"] as const;

/** What a mail delivery carries: one notification, a digest of several, or mail about the account. */
export const DELIVERY_KINDS = ["notification", "digest", "account"] as const;

export const DIGEST_CADENCES = ["daily", "weekly"] as const;
