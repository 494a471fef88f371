import fs from "node:fs";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ZodError } from "zod";
import { acquireLock } from "./lock.server";
import { EventLogWriter, formatLogLine, readLogLines } from "./log.server";
import { openSnapshot } from "./snapshot.server";
import { migrate } from "./migrations";
import {
  COLLECTION_SCHEMAS,
  DocumentSchema,
  SCHEMA_VERSION,
  emptyCollections,
  type CollectionName,
  type Collections,
  type RecordOf,
  type StoreDocument,
} from "./schema";
import { LogEntrySchema, type ActivityEvent, type Change, type EventType, type LogEntry, type SubjectKind } from "./events";

/**
 * The embedded store.
 *
 * Truth is the append-only event log (`events.ndjson`): each line is one activity event with
 * the records it changed. The lowdb document (`untangle.json`) is a snapshot of every
 * collection that records the last event it includes; on open, the events it lacks are
 * replayed. A write applies its changes in memory in one synchronous step, appends its line,
 * and resolves once the line is fsync'd — a vote costs one short line, not a rewrite.
 */

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export class StoreOpenError extends Error {}

export const SNAPSHOT_FILE = "untangle.json";
export const LOG_FILE = "events.ndjson";

export type CommitInput = {
  type: EventType;
  actorId: string | null;
  subject: { kind: SubjectKind; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

type Listener = (event: ActivityEvent, changes: Change[]) => void;

export function put<K extends CollectionName>(c: K, value: RecordOf<K>): Change {
  return { c, id: (value as { id: string }).id, v: value };
}
export function remove(c: CollectionName, id: string): Change {
  return { c, id, del: true };
}

function firstIssue(error: ZodError) {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "(the document)";
  return `${where}: ${issue.message}`;
}

export class Store {
  /** Current state of every collection. Read it; change it only through commit(). */
  readonly data: Collections;
  /** Every event ever recorded, oldest first. */
  readonly activity: ActivityEvent[] = [];
  clock: Clock = systemClock;
  /** While false (bulk loading), writes are batched and not awaited one by one. */
  durable = true;
  readonly secret: string;
  readonly openedAt = Date.now();

  private seq: number;
  /** The newest commit's write: settles once it, and so every commit before it, is on disk. */
  private lastWrite: Promise<void> = Promise.resolve();
  private bySubject = new Map<string, ActivityEvent[]>();
  private listeners = new Set<Listener>();
  private closed = false;

  private constructor(
    readonly dataDir: string,
    doc: StoreDocument,
    private readonly writer: EventLogWriter,
    private readonly releaseLock: () => void,
    readonly wasCreated: boolean,
  ) {
    this.data = Object.fromEntries(
      (Object.keys(COLLECTION_SCHEMAS) as CollectionName[]).map((c) => [c, doc[c]]),
    ) as Collections;
    this.seq = doc.lastSeq;
    this.secret = doc.secret;
  }

  /** The sequence number of the newest event: changes whenever anything changes. */
  get version() {
    return this.seq;
  }

  get healthy() {
    return !this.closed && !this.writer.failed;
  }

  static async open(dataDir: string): Promise<Store> {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = acquireLock(dataDir);
    try {
      return await Store.load(dataDir, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  private static async load(dataDir: string, release: () => void) {
    const snapshotFile = path.join(dataDir, SNAPSHOT_FILE);
    const logFile = path.join(dataDir, LOG_FILE);
    const snapshot = openSnapshot<Record<string, unknown>>(snapshotFile);
    try {
      await snapshot.read();
    } catch (error) {
      throw new StoreOpenError(
        `Refusing to start: ${snapshotFile} is not valid JSON (${(error as Error).message}). The file was left as it is.`,
      );
    }
    const { lines, tornAt, size } = await readLogLines(logFile);
    const created = snapshot.data === null && lines.length === 0;

    let raw = snapshot.data ?? {
      schemaVersion: SCHEMA_VERSION,
      lastSeq: 0,
      savedAt: new Date().toISOString(),
      secret: randomBytes(24).toString("hex"),
      ...emptyCollections(),
    };
    let migrated: string[] = [];
    if (typeof raw.schemaVersion === "number" && raw.schemaVersion < SCHEMA_VERSION) {
      const result = migrate(raw, SCHEMA_VERSION);
      raw = result.doc;
      migrated = result.applied;
    }
    const parsed = DocumentSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StoreOpenError(
        `Refusing to start: ${snapshotFile} does not match the Untangle schema — ${firstIssue(parsed.error)}. The file was left as it is.`,
      );
    }
    const doc = parsed.data;

    // Replay what the snapshot lacks; collect the whole activity log.
    const entries: LogEntry[] = [];
    const activity: ActivityEvent[] = [];
    for (const { event: eventText, changes, lineNumber } of lines) {
      let event: ActivityEvent;
      let json: { e: unknown; ch: unknown } | null = null;
      try {
        event = JSON.parse(eventText) as ActivityEvent;
        if (!(event?.seq > doc.lastSeq)) {
          activity.push(event);
          continue;
        }
        json = { e: event, ch: JSON.parse(changes()) };
      } catch {
        // A line that ends with its newline was written whole: unreadable, it is damage, not a
        // torn write, wherever it stands (the last line included).
        throw new StoreOpenError(
          `Refusing to start: line ${lineNumber} of ${logFile} is not valid JSON. The file was left as it is.`,
        );
      }
      const checked = LogEntrySchema.safeParse(json);
      if (!checked.success) {
        throw new StoreOpenError(
          `Refusing to start: line ${lineNumber} of ${logFile} is not a valid event — ${firstIssue(checked.error)}. The file was left as it is.`,
        );
      }
      entries.push(json as LogEntry);
      activity.push(event);
    }

    if (tornAt !== null) {
      console.warn(
        `${logFile}: cut ${size - tornAt} bytes from its end, the unfinished line of a write that was never acknowledged.`,
      );
    }
    const writer = await EventLogWriter.open(logFile, tornAt, () => store.durable);
    const store: Store = new Store(dataDir, doc, writer, release, created);
    for (const event of activity) store.index(event);
    for (const entry of entries) {
      for (const change of entry.ch) store.apply(change);
      store.seq = Math.max(store.seq, entry.e.seq);
    }
    if (activity.length) store.seq = Math.max(store.seq, activity[activity.length - 1].seq);
    if (migrated.length || entries.length || created) await store.snapshot();
    if (migrated.length) {
      await store.commit({
        type: "store.migrated",
        actorId: null,
        subject: { kind: "store", id: "store" },
        after: { schemaVersion: SCHEMA_VERSION, migrations: migrated },
      }, []);
    }
    return store;
  }

  private index(event: ActivityEvent) {
    this.activity.push(event);
    const key = `${event.subject.kind}:${event.subject.id}`;
    const list = this.bySubject.get(key);
    if (list) list.push(event);
    else this.bySubject.set(key, [event]);
  }

  private apply(change: Change) {
    const collection = this.data[change.c] as Record<string, unknown>;
    if ("del" in change) delete collection[change.id];
    else collection[change.id] = change.v;
  }

  /** Events about one item, oldest first. */
  activityFor(kind: SubjectKind, id: string): readonly ActivityEvent[] {
    return this.bySubject.get(`${kind}:${id}`) ?? [];
  }

  /** Called synchronously after every commit (search index, caches). Returns an unsubscribe. */
  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records one event and its record changes. Validation and the change happen in one
   * synchronous step, so no other request can interleave; the promise resolves when the
   * event is durable. Callers check their preconditions synchronously right before calling.
   */
  commit(input: CommitInput, changes: Change[]): Promise<ActivityEvent> {
    const started = performance.now();
    try {
      return this.commitNow(input, changes);
    } finally {
      this.longestCommitMs = Math.max(this.longestCommitMs, performance.now() - started);
    }
  }

  /**
   * The longest time a commit held the event loop (validation, applying, the listeners that
   * keep indexes current, formatting the line) since the last reset: what a write costs every
   * other request. The disk write and fsync happen off the loop.
   */
  longestCommitMs = 0;

  private commitNow(input: CommitInput, changes: Change[]): Promise<ActivityEvent> {
    if (this.closed) return Promise.reject(new Error("The store is closed."));
    if (this.writer.failed) return Promise.reject(this.writer.failed);
    for (const change of changes) {
      if (!("v" in change)) continue;
      const checked = COLLECTION_SCHEMAS[change.c].safeParse(change.v);
      if (!checked.success) {
        return Promise.reject(new Error(`Refusing to store an invalid ${change.c} record — ${firstIssue(checked.error)}`));
      }
    }
    const event: ActivityEvent = {
      seq: this.seq + 1,
      at: this.clock.now().toISOString(),
      actorId: input.actorId,
      type: input.type,
      subject: input.subject,
      before: input.before ?? null,
      after: input.after ?? null,
    };
    const line = formatLogLine(event, changes);
    this.seq = event.seq;
    for (const change of changes) this.apply(change);
    this.index(event);
    for (const listener of this.listeners) listener(event, changes);
    this.lastWrite = this.writer.append(line);
    return this.lastWrite.then(() => event);
  }

  /**
   * Resolves once every event committed so far is as durable as its own commit promised (on
   * disk, or batched while bulk loading). An answer that reports the current state without
   * writing — the same vote cast twice, an acknowledgement given again — waits for this: that
   * state may come from another request's write whose line is not on disk yet. Unlike flush(),
   * it never waits for writes that come after it.
   */
  whenDurable(): Promise<void> {
    return this.lastWrite;
  }

  /** Waits until every event so far is on disk. */
  flush() {
    return this.writer.flush();
  }

  /** Writes the lowdb snapshot of the current state. */
  async snapshot() {
    await this.writer.flush();
    const db = openSnapshot<StoreDocument>(path.join(this.dataDir, SNAPSHOT_FILE));
    db.data = {
      schemaVersion: SCHEMA_VERSION,
      lastSeq: this.seq,
      savedAt: new Date().toISOString(),
      secret: this.secret,
      ...this.data,
    } as StoreDocument;
    await db.write();
  }

  /** Lets pending writes reach the disk, writes a snapshot, and releases the data directory. */
  async close() {
    if (this.closed) return;
    await this.writer.flush().catch(() => undefined);
    if (!this.writer.failed) await this.snapshot();
    this.closed = true;
    await this.writer.close().catch(() => undefined);
    this.releaseLock();
  }
}
