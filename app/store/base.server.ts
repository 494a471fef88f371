import { performance } from "node:perf_hooks";
import type { ZodError, ZodTypeAny } from "zod";
import { COLLECTION_NAMES, COLLECTION_SCHEMAS, type CollectionName, type Collections, type RecordOf } from "./schema";
import type { ActivityEvent, Change, EventType, SubjectKind } from "./events";
import { StringPool } from "./string-pool";

/**
 * What every store has in common: the state of every collection in memory, the activity log
 * indexed by item, the listeners told of every change, and the clock. The embedded store
 * (./store.server.ts: an fsync'd log file) and the PostgreSQL store (./postgres.server.ts: an
 * events table shared by many processes) differ only in where an event becomes durable and in
 * how a write is decided (see `write`).
 */

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export class StoreOpenError extends Error {}

/** The database cannot be reached: nothing was written; the person may try again shortly. */
export class StoreUnavailableError extends Error {
  readonly status = 503;
}

export type CommitInput = {
  type: EventType;
  actorId: string | null;
  subject: { kind: SubjectKind; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/**
 * What a write decided, given the latest state: an event with its record changes (and what the
 * caller gets back), or nothing to write.
 */
export type Decision<T> = { event: CommitInput; changes: Change[]; result: T } | { result: T; event?: undefined };

export type Listener = (event: ActivityEvent, changes: Change[]) => void;

export type StoreKind = "embedded" | "postgres";

export type StoreHealth = {
  kind: StoreKind;
  /** Whether a write can be taken now. */
  writable: boolean;
  /** The newest event this process has applied. */
  seq: number;
  /** How many events the database holds that this process has not applied yet (0 for the embedded store). */
  lag: number;
  /** Milliseconds since this process last knew itself caught up with the database. */
  lagMs: number;
  leader: boolean;
};

export function put<K extends CollectionName>(c: K, value: RecordOf<K>): Change {
  return { c, id: (value as { id: string }).id, v: value };
}
export function remove(c: CollectionName, id: string): Change {
  return { c, id, del: true };
}

export function firstIssue(error: ZodError) {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "(the document)";
  return `${where}: ${issue.message}`;
}

/** Refuses a record that does not match its collection's schema; null when all are valid. */
export function invalidChange(changes: Change[]): Error | null {
  for (const change of changes) {
    if (!("v" in change)) continue;
    const checked = COLLECTION_SCHEMAS[change.c].safeParse(change.v);
    if (!checked.success) {
      return new Error(`Refusing to store an invalid ${change.c} record — ${firstIssue(checked.error)}`);
    }
  }
  return null;
}

/** A record that did not exist when a snapshot began (see BaseStore.beginSnapshot). */
const ABSENT = Symbol("absent");

/**
 * Every id of one collection, in the order they came, for a snapshot to walk a slice at a time:
 * Object.keys on a collection of 500,000 records holds the event loop for a third of a second
 * or more. Each id is in the list once; a removed id stays (it is skipped) until the list is
 * compacted, and comes back in its old place if it is added again.
 */
class IdOrder {
  ids: string[] = [];
  private removed = new Set<string>();
  static of(ids: string[]) {
    const order = new IdOrder();
    order.ids = ids;
    return order;
  }
  added(id: string) {
    if (!this.removed.delete(id)) this.ids.push(id);
  }
  deleted(id: string) {
    this.removed.add(id);
  }
  /** Drops removed ids, once they are many; never while a snapshot walks the list. */
  compact() {
    if (this.removed.size < 1000 && this.removed.size * 8 < this.ids.length) return;
    const removed = this.removed;
    this.ids = this.ids.filter((id) => !removed.has(id));
    this.removed = new Set();
  }
}
/**
 * The state as of one event, for a snapshot written while commits go on (see
 * BaseStore.beginSnapshot): every record, one at a time, and `end` once it is written.
 */
export type SnapshotState = {
  lastSeq: number;
  records: Generator<[string, string, unknown]>;
  end(): void;
};

/**
 * A record read back from a snapshot, checked against its collection's schema: the checked
 * value, or where it fails (`collection.id.field: message`).
 */
export function checkRecord(c: string, id: string, value: unknown): { value: unknown; problem?: undefined } | { problem: string } {
  const schema = (COLLECTION_SCHEMAS as Record<string, ZodTypeAny>)[c];
  if (!schema) return { problem: `a collection Untangle does not know (${c})` };
  const checked = schema.safeParse(value);
  if (!checked.success) return { problem: `${c}.${id}.${firstIssue(checked.error)}` };
  // The schemas transform nothing, so the checked copy differs from what was read only where
  // zod dropped a field it does not know. Without such a field the record read is kept: zod's
  // copy is built a property at a time, and held about 130 bytes more per vote.
  return { value: sameFields(value, checked.data) ? value : checked.data };
}

/** Whether `a` and `b` have the same number of fields (or items) at every level. */
function sameFields(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameFields(a[i], b[i])) return false;
    return true;
  }
  let count = 0;
  for (const key in a) {
    count++;
    if (!(key in b) || !sameFields((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  for (const _ in b) count--;
  return count === 0;
}

export abstract class BaseStore {
  /** Current state of every collection. Read it; change it only through commit() or write(). */
  readonly data: Collections;
  /** Every event ever recorded, oldest first. */
  readonly activity: ActivityEvent[] = [];
  clock: Clock = systemClock;
  /** While false (bulk loading), writes are batched and not awaited one by one. */
  durable = true;
  readonly openedAt = Date.now();
  abstract readonly kind: StoreKind;
  /** Where the data lives: the data folder, or the database (without its password). */
  abstract readonly dataDir: string;
  abstract readonly secret: string;
  abstract readonly wasCreated: boolean;

  /** The newest event applied to memory. */
  protected seq = 0;
  private bySubject = new Map<string, ActivityEvent[]>();
  private listeners = new Set<Listener>();

  /**
   * The longest time a commit held the event loop (validation, applying, the listeners that
   * keep indexes current, formatting the line) since the last reset: what a write costs every
   * other request. The disk or database write happens off the loop.
   */
  longestCommitMs = 0;

  /** One copy of each id held in memory (see ./string-pool.ts). */
  protected readonly strings: StringPool;

  /** Every collection's ids in the order they came (see IdOrder). */
  private readonly order: Record<string, IdOrder>;
  /**
   * While a snapshot is written: each record changed since it began, with its value when it
   * began (ABSENT if it did not exist then), by collection. See `beginSnapshot`.
   */
  private preimages: Map<string, Map<string, unknown>> | null = null;

  /** `ids`: each collection's ids in the order they came, when known (else taken from `data`). */
  protected constructor(data: Collections, strings = new StringPool(), ids?: Record<string, string[]>) {
    this.data = data;
    this.strings = strings;
    this.order = Object.fromEntries(
      COLLECTION_NAMES.map((c) => [c, IdOrder.of(ids?.[c] ?? Object.keys(data[c]))]),
    );
  }

  /** The sequence number of the newest event: changes whenever anything changes. */
  get version() {
    return this.seq;
  }

  abstract get healthy(): boolean;

  protected index(event: ActivityEvent) {
    this.strings.event(event);
    this.activity.push(event);
    const key = `${event.subject.kind}:${event.subject.id}`;
    const list = this.bySubject.get(key);
    if (list) {
      event.subject = list[0].subject; // one subject object per item, shared by its events
      list.push(event);
    } else this.bySubject.set(key, [event]);
  }

  protected applyChange(change: Change) {
    this.setRecord(this.strings.change(change));
  }

  /**
   * Sets or removes one record (its strings already the pool's), keeping the id order and, while
   * a snapshot is written, the record's value from when it began.
   */
  protected setRecord(change: Change) {
    const collection = this.data[change.c] as Record<string, unknown>;
    const exists = Object.hasOwn(collection, change.id);
    const pre = this.preimages;
    if (pre) {
      let changed = pre.get(change.c);
      if (!changed) pre.set(change.c, (changed = new Map()));
      if (!changed.has(change.id)) changed.set(change.id, exists ? collection[change.id] : ABSENT);
    }
    if ("del" in change) {
      if (exists) {
        this.order[change.c].deleted(change.id);
        delete collection[change.id];
      }
    } else {
      if (!exists) this.order[change.c].added(change.id);
      collection[change.id] = change.v;
    }
  }

  /**
   * The state as of now, for a snapshot written in slices while the event loop serves and
   * commits keep coming: the records hold the state at `lastSeq`, because a record changed after
   * the snapshot began is given with the value it had then, kept aside when the change is
   * applied (`preimages`) until `end`. One snapshot at a time.
   */
  protected beginSnapshot(): SnapshotState {
    const pre = new Map<string, Map<string, unknown>>();
    this.preimages = pre;
    const data = this.data;
    const order = this.order;
    for (const c of COLLECTION_NAMES) order[c].compact();
    // Each id in a collection's list once: every record that existed when the snapshot began is
    // there (with ids added since, which are skipped). A record changed since is given as it
    // was then.
    function* records(): Generator<[string, string, unknown]> {
      for (const c of COLLECTION_NAMES) {
        const collection = data[c] as Record<string, unknown>;
        const ids = order[c].ids; // grows while it is walked; compacted only between snapshots
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i];
          const changed = pre.get(c);
          if (changed?.has(id)) {
            const value = changed.get(id);
            if (value !== ABSENT) yield [c, id, value];
          } else if (Object.hasOwn(collection, id)) {
            yield [c, id, collection[id]];
          }
        }
      }
    }
    return {
      lastSeq: this.seq,
      records: records(),
      end: () => {
        if (this.preimages === pre) this.preimages = null;
      },
    };
  }

  /** Applies one committed event: its records, the activity index, then every listener. */
  protected applyEvent(event: ActivityEvent, changes: Change[]) {
    const started = performance.now();
    this.seq = Math.max(this.seq, event.seq);
    for (const change of changes) this.applyChange(change);
    this.indexAndTell(event, changes);
    this.longestCommitMs = Math.max(this.longestCommitMs, performance.now() - started);
  }

  /** The activity index and the listeners, for an event whose records are applied. */
  protected indexAndTell(event: ActivityEvent, changes: Change[]) {
    this.index(event);
    for (const listener of this.listeners) listener(event, changes);
  }

  protected newEvent(input: CommitInput, seq: number): ActivityEvent {
    return {
      seq,
      at: this.clock.now().toISOString(),
      actorId: input.actorId,
      type: input.type,
      subject: input.subject,
      before: input.before ?? null,
      after: input.after ?? null,
    };
  }

  /** Events about one item, oldest first. */
  activityFor(kind: SubjectKind, id: string): readonly ActivityEvent[] {
    return this.bySubject.get(`${kind}:${id}`) ?? [];
  }

  /** Called synchronously after every applied event (search index, caches). Returns an unsubscribe. */
  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records one event and its record changes, decided by the caller from the state it read.
   * The promise resolves once the event is durable. Prefer `write` for anything whose rules
   * depend on the current state: several processes may share one database.
   */
  commit(input: CommitInput, changes: Change[]): Promise<ActivityEvent> {
    return this.record(() => ({ event: input, changes, result: null }), { blind: true }).then((r) => r.event!);
  }

  /**
   * Decides and records one write. `decide` reads the latest state (`store.data`) and returns
   * the event with its record changes, or nothing to write; it may throw to refuse. The store
   * runs it when this process has every event it knows of applied (on PostgreSQL another process
   * may commit first: the database then refuses this one's sequence number, and the store catches
   * up and runs it again), so it may run more than once.
   * It resolves, with the decision's result, once the event is durable; with nothing to write,
   * once the state it read is.
   */
  write<T>(decide: () => Decision<T>): Promise<T> {
    return this.record(decide).then((r) => r.result);
  }

  /** `blind`: the decision reads nothing (a commit whose changes the caller made). */
  protected abstract record<T>(decide: () => Decision<T>, options?: { blind?: boolean }): Promise<{ result: T; event: ActivityEvent | null }>;

  /**
   * Resolves once every event applied so far is as durable as its own commit promised. An answer
   * that reports the current state without writing waits for this.
   */
  abstract whenDurable(): Promise<void>;
  /** Waits until every event so far is durable. */
  abstract flush(): Promise<void>;
  /** Writes a snapshot of the current state, where the store keeps one. */
  abstract snapshot(): Promise<void>;
  abstract close(): Promise<void>;
  /** Whether this process is the one that sends mail and runs the scheduler. */
  abstract isLeader(): boolean;
  abstract health(): StoreHealth;
}
