/**
 * Reaching people: the notifier follows the activity log and records what is owed to whom (the
 * inbox: `notifications`) and each mail owed (the outbox: `deliveries`), durably and before
 * anything is sent; a scheduler driven by the store's clock records the reminders and digests
 * that time makes owed. Sending is app/lib/mail.server.ts's job.
 *
 * Every notification's id names its kind, its occasion and its person, so recording the same
 * thing twice (a restart in the middle of a fan-out, a second sweep) records it once. The
 * notifier's place in the log is saved with the batch that finishes an event.
 */
import { messageRef } from "~/i18n/ref";
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { ActivityEvent, Change } from "~/store/events";
import {
  DIGEST_CADENCES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type AccountMailPurpose,
  type Delivery,
  type Notification,
  type NotificationChannel,
  type NotificationKind,
} from "~/store/schema";
import type { Actor } from "./actor";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { Slicer } from "~/lib/slices.server";
import { notificationId, owedBySchedule, owedForEvent, type Owed } from "./notification-rules.server";

/** What each kind does until a person chooses: what needs them by mail at once, the rest in the app or a digest. */
export const DEFAULT_CHANNELS: Record<NotificationKind, NotificationChannel> = {
  "review-opened": "email",
  "review-closing": "email",
  "proposal-decided": "email",
  acknowledgement: "email",
  "policy-due": "email",
  comment: "email",
  "friction-reported": "weekly",
  "pulse-opened": "app",
  "standard-health": "email",
  "follow-up": "email",
};

/**
 * How many notifications one commit records. Each record is validated by its schema as it is
 * committed (about 0.1 ms for a notification and its mail on a busy machine): a hundred keep a
 * commit near 10-30 ms, and the event loop turns between batches.
 */
export const RECORD_BATCH = 100;
/** Deliveries of digest notifications that the person no longer wants as a digest. */
const NOT_DIGESTED = "none";

// ---------------------------------------------------------------- the index kept beside the store

type Index = {
  /** Each person's notifications, in the order they were recorded. */
  byPerson: Map<string, string[]>;
  unread: Map<string, number>;
  read: Map<string, boolean>;
  /** Digest notifications not yet in a digest, per person. */
  pendingDigest: Map<string, Set<string>>;
  /** Deliveries still to be attempted. */
  queued: Set<string>;
};

const indexes = new WeakMap<Store, Index>();

function indexNotification(index: Index, n: Notification) {
  const wasRead = index.read.get(n.id);
  const isRead = n.readAt !== null;
  if (wasRead === undefined) {
    const list = index.byPerson.get(n.personId);
    if (list) list.push(n.id);
    else index.byPerson.set(n.personId, [n.id]);
    if (!isRead) index.unread.set(n.personId, (index.unread.get(n.personId) ?? 0) + 1);
  } else if (wasRead !== isRead) {
    index.unread.set(n.personId, Math.max(0, (index.unread.get(n.personId) ?? 0) + (isRead ? -1 : 1)));
  }
  index.read.set(n.id, isRead);
  const digest = (n.channel === "daily" || n.channel === "weekly") && n.deliveryId === null;
  let pending = index.pendingDigest.get(n.personId);
  if (digest) {
    if (!pending) index.pendingDigest.set(n.personId, (pending = new Set()));
    pending.add(n.id);
  } else pending?.delete(n.id);
}

function indexDelivery(index: Index, d: Delivery) {
  if (d.state === "queued") index.queued.add(d.id);
  else index.queued.delete(d.id);
}

/** The inbox counts and the outbox queue, built once and kept current change by change. */
export function notificationIndex(store: Store = getStore()): Index {
  let index = indexes.get(store);
  if (index) return index;
  const built: Index = { byPerson: new Map(), unread: new Map(), read: new Map(), pendingDigest: new Map(), queued: new Set() };
  const all = Object.values(store.data.notifications).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const n of all) indexNotification(built, n);
  for (const d of Object.values(store.data.deliveries)) indexDelivery(built, d);
  store.subscribe((_event, changes) => {
    for (const change of changes) {
      if (!("v" in change)) continue;
      if (change.c === "notifications") indexNotification(built, change.v as Notification);
      else if (change.c === "deliveries") indexDelivery(built, change.v as Delivery);
    }
  });
  indexes.set(store, built);
  return built;
}

// ---------------------------------------------------------------- settings

export function channelsOf(personId: string, store: Store = getStore()): Record<NotificationKind, NotificationChannel> {
  const chosen = store.data.notificationSettings[personId]?.channels ?? {};
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, chosen[k] ?? DEFAULT_CHANNELS[k]])) as Record<NotificationKind, NotificationChannel>;
}

const SettingsInputSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.enum(NOTIFICATION_CHANNELS, { error: messageRef("notifications.validation.chooseChannel") })])) as Record<
    NotificationKind,
    z.ZodEnum<{ [C in NotificationChannel]: C }>
  >,
);

/** A person chooses, per kind, how notifications reach them. */
export async function saveNotificationSettings({ actor, input }: { actor: Actor; input: unknown }) {
  const parsed = SettingsInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError({}, messageRef("notifications.validation.chooseChannels"));
  return setChannels(actor.id, parsed.data, actor.id, "notifications.settings-changed");
}

async function setChannels(
  personId: string,
  channels: Partial<Record<NotificationKind, NotificationChannel>>,
  actorId: string | null,
  type: "notifications.settings-changed" | "notifications.unsubscribed",
) {
  const store = getStore();
  const before = channelsOf(personId, store);
  const after = { ...before, ...channels };
  await store.commit(
    { type, actorId, subject: { kind: "notification", id: personId }, before, after },
    [put("notificationSettings", { id: personId, channels: after, updatedAt: store.clock.now().toISOString() })],
  );
  return after;
}

/** What an unsubscribe link stops: one kind's mail, or a digest. */
export type UnsubscribeTarget = NotificationKind | "daily" | "weekly";

/** Stops the mail a link was for; the notifications still reach the inbox. Needs no sign-in: the link's token is the proof. */
export async function unsubscribe({ personId, target }: { personId: string; target: UnsubscribeTarget }) {
  const store = getStore();
  if (!store.data.people[personId]) throw new NotFoundError("Person not found");
  const current = channelsOf(personId, store);
  const changes: Partial<Record<NotificationKind, NotificationChannel>> = {};
  for (const kind of NOTIFICATION_KINDS) {
    if (target === kind || current[kind] === target) changes[kind] = "app";
  }
  return setChannels(personId, changes, null, "notifications.unsubscribed");
}

// ---------------------------------------------------------------- recording

function newDelivery(
  store: Store,
  fields: Pick<Delivery, "id" | "personId" | "kind" | "notificationIds"> & Partial<Pick<Delivery, "cadence" | "account">>,
): Delivery {
  const at = store.clock.now().toISOString();
  return {
    cadence: null,
    account: null,
    ...fields,
    state: "queued",
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    sentAt: null,
    to: null,
    log: [{ at, state: "queued", reason: null }],
  };
}

/** The change that queues an account mail (an invitation, a password reset): made with the change it is about, in one commit. */
export function accountDelivery(personId: string, purpose: AccountMailPurpose, token: string, store: Store = getStore()): Change {
  return put("deliveries", newDelivery(store, { id: `account:${purpose}:${personId}:${store.version + 1}`, personId, kind: "account", notificationIds: [], account: { purpose, token } }));
}

let afterRecord: (() => void) | null = null;

/**
 * Records what is owed, a batch per commit with a turn of the event loop between batches, and
 * queues a mail for each person who wants it at once. What is already recorded is skipped.
 * `cursor`, when given, is saved with the last batch: the notifier has then handled that event.
 */
export async function recordOwed(
  owed: readonly Owed[],
  { source, cursor, going = () => true }: { source: string; cursor?: number; going?: () => boolean },
) {
  const store = getStore();
  const seen = new Set<string>();
  const fresh: Owed[] = [];
  const slicer = new Slicer();
  for (const o of owed) {
    await slicer.tick(); // a sweep at the large size owes tens of thousands
    const id = notificationId(o);
    if (seen.has(id) || store.data.notifications[id]) continue;
    seen.add(id);
    fresh.push(o);
  }
  let recorded = 0;
  for (let start = 0; start < fresh.length || (start === 0 && cursor !== undefined); start += RECORD_BATCH) {
    if (start > 0) await nextTurn();
    // Stopping (a shutdown): the rest is recorded after the restart, from the saved cursor.
    if (!going() || !store.healthy) return recorded;
    const at = store.clock.now().toISOString();
    const changes: Change[] = [];
    const channels = new Map<string, Record<NotificationKind, NotificationChannel>>();
    for (const o of fresh.slice(start, start + RECORD_BATCH)) {
      const id = notificationId(o);
      if (store.data.notifications[id]) continue;
      let personChannels = channels.get(o.personId);
      if (!personChannels) channels.set(o.personId, (personChannels = channelsOf(o.personId, store)));
      const channel = personChannels[o.kind];
      const deliveryId = channel === "email" ? `mail:${id}` : null;
      changes.push(put("notifications", { id, personId: o.personId, kind: o.kind, at, params: o.params, link: o.link, readAt: null, channel, deliveryId }));
      if (deliveryId) changes.push(put("deliveries", newDelivery(store, { id: deliveryId, personId: o.personId, kind: "notification", notificationIds: [id] })));
      recorded++;
    }
    const last = start + RECORD_BATCH >= fresh.length;
    if (last && cursor !== undefined) changes.push(put("notifier", { id: "cursor", seq: cursor }));
    if (changes.length === 0) continue;
    await store.commit(
      {
        type: "notifications.recorded",
        actorId: null,
        subject: { kind: "notification", id: source },
        after: { notifications: changes.filter((c) => c.c === "notifications").length, ...(cursor !== undefined ? { through: cursor } : {}) },
      },
      changes,
    );
  }
  if (recorded) afterRecord?.();
  return recorded;
}

// ---------------------------------------------------------------- digests

const DIGEST_HOUR_UTC = 7;

/** The start of the digest period `now` falls in: today at 07:00 UTC (daily), the last Monday at 07:00 UTC (weekly). */
export function digestPeriodStart(cadence: "daily" | "weekly", now: Date): Date {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (start > now) start.setUTCDate(start.getUTCDate() - 1);
  if (cadence === "weekly") while (start.getUTCDay() !== 1) start.setUTCDate(start.getUTCDate() - 1);
  return start;
}

/**
 * Gathers each person's digest notifications recorded before the current period began into one
 * mail per cadence and period. Nothing pending, no digest. A notification whose kind the person
 * has since switched away from a digest is left out.
 */
export async function makeDigests() {
  const store = getStore();
  const index = notificationIndex(store);
  const now = store.clock.now();
  let made = 0;
  let changes: Change[] = [];
  const flush = async () => {
    if (!changes.length) return;
    const batch = changes;
    changes = [];
    await store.commit({ type: "delivery.queued", actorId: null, subject: { kind: "notification", id: "digests" }, after: { digests: made } }, batch);
    await nextTurn();
  };
  for (const [personId, pending] of [...index.pendingDigest]) {
    if (!pending.size) continue;
    const channels = channelsOf(personId, store);
    for (const cadence of DIGEST_CADENCES) {
      const periodStart = digestPeriodStart(cadence, now).toISOString();
      const id = `digest:${cadence}:${periodStart.slice(0, 10)}:${personId}`;
      if (store.data.deliveries[id]) continue;
      const included: string[] = [];
      for (const nid of pending) {
        const n = store.data.notifications[nid];
        if (!n || n.channel !== cadence || n.at >= periodStart) continue;
        if (channels[n.kind] === cadence) {
          included.push(nid);
          changes.push(put("notifications", { ...n, deliveryId: id }));
        } else changes.push(put("notifications", { ...n, deliveryId: NOT_DIGESTED }));
      }
      if (!included.length) continue;
      changes.push(put("deliveries", newDelivery(store, { id, personId, kind: "digest", notificationIds: included, cadence })));
      made++;
    }
    if (changes.length >= RECORD_BATCH) await flush();
  }
  await flush();
  if (made) afterRecord?.();
  return made;
}

// ---------------------------------------------------------------- the notifier

export type NotifierOptions = {
  /**
   * Whether this process records and sends. One process does: when several share a database,
   * this is where they agree which (a PostgreSQL advisory lock, say). Asked before each round.
   */
  isSender?: () => boolean;
  /** How often the scheduler looks at the clock (ms); 0 never, for tests that call sweep(). */
  sweepEveryMs?: number;
  /** Called after something was recorded: the mail sender drains the outbox. */
  onRecorded?: () => void;
  /** Start from the beginning of the log (a new data folder with the demo); otherwise from now. */
  fromStart?: boolean;
};

function isOwnEvent(e: ActivityEvent) {
  return e.subject.kind === "notification";
}

export class Notifier {
  private cursor = 0;
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failure: unknown = null;
  readonly isSender: () => boolean;

  constructor(
    private readonly store: Store,
    private readonly options: NotifierOptions = {},
  ) {
    this.isSender = options.isSender ?? (() => true);
  }

  async start() {
    const saved = this.store.data.notifier.cursor;
    if (saved) this.cursor = saved.seq;
    else if (this.options.fromStart) this.cursor = 0;
    else {
      // An existing data folder meets the notifier for the first time: it starts from now, not from years of history.
      this.cursor = this.store.version;
      if (this.isSender()) await recordOwed([], { source: "start", cursor: this.cursor });
    }
    afterRecord = this.options.onRecorded ?? null;
    notificationIndex(this.store);
    this.unsubscribe = this.store.subscribe((event) => {
      if (!isOwnEvent(event)) this.kick();
    });
    if (this.options.sweepEveryMs) {
      const sweep = () => void this.sweep().catch((e) => console.error("Notification sweep failed:", e));
      this.timer = setInterval(sweep, this.options.sweepEveryMs);
      this.timer.unref();
      // And once soon after start, so reminders due while the app was down are not a whole interval late.
      setTimeout(sweep, Math.min(5_000, this.options.sweepEveryMs)).unref();
    }
    this.kick();
  }

  /** Stops after the batch being written; what remains is recorded after the next start. */
  stop() {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    afterRecord = null;
  }

  /** Handles the events recorded since it last looked, soon (never inside the commit that called it). */
  kick() {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.running
        .then(() => this.catchUp())
        .catch((e) => {
          this.failure = e;
          console.error("Notifier failed:", e);
        });
    });
  }

  /** Resolves when every event so far has been handled. */
  async idle() {
    this.failure = null;
    while (this.scheduled || this.cursor < this.lastSeq()) {
      await this.running;
      if (this.failure) throw this.failure;
      if (this.stopped || !this.store.healthy || !this.isSender()) return;
      if (this.scheduled) await nextTurn();
      else if (this.cursor < this.lastSeq()) this.kick();
    }
    await this.running;
  }

  private lastSeq() {
    const a = this.store.activity;
    for (let i = a.length - 1; i >= 0; i--) if (!isOwnEvent(a[i])) return Math.max(a[i].seq, this.cursor);
    return this.cursor;
  }

  private async catchUp() {
    if (this.stopped || !this.store.healthy || !this.isSender()) return;
    // Another process may have been the sender until now: go on from where it saved its place.
    this.cursor = Math.max(this.cursor, this.store.data.notifier.cursor?.seq ?? 0);
    const activity = this.store.activity;
    // The first event after the cursor: the log is ordered by seq.
    let lo = 0;
    let hi = activity.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (activity[mid].seq <= this.cursor) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < activity.length; i++) {
      const event = activity[i];
      if (this.stopped) return;
      if (isOwnEvent(event)) continue;
      const owed = owedForEvent(this.store, event);
      if (owed.length) await recordOwed(owed, { source: `${event.type}:${event.subject.id}`, cursor: event.seq, going: () => !this.stopped });
      if (this.stopped) return;
      this.cursor = event.seq;
    }
  }

  /** Records the reminders and digests the clock makes owed. Safe to call as often as you like. */
  async sweep() {
    if (this.stopped || !this.store.healthy || !this.isSender()) return 0;
    let recorded = 0;
    await (this.running = this.running.then(async () => {
      recorded += await recordOwed(await owedBySchedule(this.store), { source: "schedule", going: () => !this.stopped });
      recorded += await makeDigests();
    }));
    return recorded;
  }
}

const holder = globalThis as typeof globalThis & { __untangleNotifier?: Notifier | null };

/** Starts the notifier of this process's store (kept across development rebuilds, like the store). */
export async function startNotifier(store: Store, options: NotifierOptions = {}) {
  holder.__untangleNotifier?.stop();
  const notifier = new Notifier(store, options);
  holder.__untangleNotifier = notifier;
  await notifier.start();
  return notifier;
}

export function stopNotifier() {
  holder.__untangleNotifier?.stop();
  holder.__untangleNotifier = null;
}

export function getNotifier() {
  return holder.__untangleNotifier ?? null;
}

// ---------------------------------------------------------------- the inbox

export function unreadCount(personId: string) {
  return notificationIndex().unread.get(personId) ?? 0;
}

/** The person's notifications, newest first, a page at a time. */
export function inboxPage({ actor, page, pageSize = 20 }: { actor: Actor; page: number; pageSize?: number }) {
  const store = getStore();
  const ids = notificationIndex(store).byPerson.get(actor.id) ?? [];
  const pages = Math.max(1, Math.ceil(ids.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows: Notification[] = [];
  for (let i = ids.length - 1 - (current - 1) * pageSize; i >= 0 && rows.length < pageSize; i--) {
    const n = store.data.notifications[ids[i]];
    if (n) rows.push(n);
  }
  return { rows, page: current, pages, total: ids.length, unread: unreadCount(actor.id) };
}

/** Marks one of the person's own notifications as read. */
export async function markRead({ actor, notificationId: id }: { actor: Actor; notificationId: string }) {
  const store = getStore();
  const n = store.data.notifications[id];
  if (!n) throw new NotFoundError("Notification not found");
  if (n.personId !== actor.id) throw new ForbiddenError();
  if (n.readAt) return n;
  const next = { ...n, readAt: store.clock.now().toISOString() };
  await store.commit({ type: "notifications.read", actorId: actor.id, subject: { kind: "notification", id: actor.id }, after: { count: 1 } }, [put("notifications", next)]);
  return next;
}

const InboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().min(1), next: z.string().optional() }),
  z.object({ intent: z.literal("read-all") }),
]);

/** What the inbox's forms ask: mark one notification read (and perhaps open it), or all. */
export function parseInboxAction(formData: FormData) {
  return InboxActionSchema.safeParse(Object.fromEntries(formData));
}

/** Marks every unread notification of the person as read, a batch per commit. */
export async function markAllRead({ actor }: { actor: Actor }) {
  const store = getStore();
  const index = notificationIndex(store);
  const unread = (index.byPerson.get(actor.id) ?? []).filter((id) => index.read.get(id) === false);
  for (let start = 0; start < unread.length; start += RECORD_BATCH) {
    if (start > 0) await nextTurn();
    const at = store.clock.now().toISOString();
    const changes: Change[] = [];
    for (const id of unread.slice(start, start + RECORD_BATCH)) {
      const n = store.data.notifications[id];
      if (n && !n.readAt) changes.push(put("notifications", { ...n, readAt: at }));
    }
    if (changes.length) {
      await store.commit({ type: "notifications.read", actorId: actor.id, subject: { kind: "notification", id: actor.id }, after: { count: changes.length } }, changes);
    }
  }
  return unread.length;
}
