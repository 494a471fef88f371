import fs from "node:fs";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { randomBytes } from "node:crypto";
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
  type StoreDocument,
} from "./schema";
import { LogEntrySchema, type ActivityEvent, type LogEntry } from "./events";
import { BaseStore, StoreOpenError, firstIssue, invalidChange, type Decision, type StoreHealth } from "./base.server";

export {
  put,
  remove,
  systemClock,
  StoreOpenError,
  StoreUnavailableError,
  type Clock,
  type CommitInput,
  type Decision,
} from "./base.server";

/**
 * The embedded store.
 *
 * Truth is the append-only event log (`events.ndjson`): each line is one activity event with
 * the records it changed. The lowdb document (`untangle.json`) is a snapshot of every
 * collection that records the last event it includes; on open, the events it lacks are
 * replayed. A write applies its changes in memory in one synchronous step, appends its line,
 * and resolves once the line is fsync'd — a vote costs one short line, not a rewrite.
 */

export const SNAPSHOT_FILE = "untangle.json";
export const LOG_FILE = "events.ndjson";

/** The store every model reads and writes: embedded or PostgreSQL, alike in every other way. */
export type Store = BaseStore;
export const Store = {
  /** Opens the embedded store on a data folder (see EmbeddedStore.open). */
  open: (dataDir: string) => EmbeddedStore.open(dataDir),
};

export class EmbeddedStore extends BaseStore {
  readonly kind = "embedded" as const;
  readonly secret: string;
  /** The newest commit's write: settles once it, and so every commit before it, is on disk. */
  private lastWrite: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly dataDir: string,
    doc: StoreDocument,
    private readonly writer: EventLogWriter,
    private readonly releaseLock: () => void,
    readonly wasCreated: boolean,
  ) {
    super(
      Object.fromEntries((Object.keys(COLLECTION_SCHEMAS) as CollectionName[]).map((c) => [c, doc[c]])) as Collections,
    );
    this.seq = doc.lastSeq;
    this.secret = doc.secret;
  }

  get healthy() {
    return !this.closed && !this.writer.failed;
  }

  isLeader() {
    return true;
  }

  health(): StoreHealth {
    return { kind: "embedded", writable: this.healthy, seq: this.seq, lag: 0, lagMs: 0, leader: true };
  }

  static async open(dataDir: string): Promise<EmbeddedStore> {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = acquireLock(dataDir);
    try {
      return await EmbeddedStore.load(dataDir, release);
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
    const store: EmbeddedStore = new EmbeddedStore(dataDir, doc, writer, release, created);
    for (const event of activity) store.index(event);
    for (const entry of entries) {
      for (const change of entry.ch) store.applyChange(change);
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

  /**
   * Decides and records a write in one synchronous step, so no other request can interleave:
   * the decision, validation, applying and the listeners; the promise resolves when the line is
   * on disk (or, with nothing to write, when the state the decision read is).
   */
  protected record<T>(decide: () => Decision<T>): Promise<{ result: T; event: ActivityEvent | null }> {
    const started = performance.now();
    try {
      if (this.closed) return Promise.reject(new Error("The store is closed."));
      if (this.writer.failed) return Promise.reject(this.writer.failed);
      let decision: Decision<T>;
      try {
        decision = decide();
      } catch (error) {
        return Promise.reject(error);
      }
      if (!decision.event) return this.lastWrite.then(() => ({ result: decision.result, event: null }));
      const invalid = invalidChange(decision.changes);
      if (invalid) return Promise.reject(invalid);
      const event = this.newEvent(decision.event, this.seq + 1);
      const line = formatLogLine(event, decision.changes);
      this.applyEvent(event, decision.changes);
      this.lastWrite = this.writer.append(line);
      return this.lastWrite.then(() => ({ result: decision.result, event }));
    } finally {
      this.longestCommitMs = Math.max(this.longestCommitMs, performance.now() - started);
    }
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
