import fs from "node:fs";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { acquireLock } from "./lock.server";
import { EventLogWriter, forEachLogLine, formatLogLine } from "./log.server";
import { SnapshotDamagedError, readSnapshot, writeSnapshot } from "./snapshot.server";
import type { ZodTypeAny } from "zod";
import { migrate } from "./migrations";
import {
  COLLECTION_NAMES,
  COLLECTION_SCHEMAS,
  DocumentSchema,
  SCHEMA_VERSION,
  emptyCollections,
  type CollectionName,
  type Collections,
  type StoreDocument,
} from "./schema";
import { LogEntrySchema, type ActivityEvent, type Change, type LogEntry } from "./events";
import { StringPool } from "./string-pool";
import { BaseStore, StoreOpenError, checkRecord, firstIssue, invalidChange, type Decision, type StoreHealth } from "./base.server";

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
 * the records it changed. The snapshot (`untangle.json`, a stream of records: see
 * ./snapshot.server.ts) holds every collection as of the last event it includes; on open, the
 * events it lacks are replayed. A write applies its changes in memory in one synchronous step, appends its line,
 * and resolves once the line is fsync'd — a vote costs one short line, not a rewrite.
 */

export const SNAPSHOT_FILE = "untangle.json";

/** The snapshot's own fields, checked apart from its records. */
const HeaderSchema = DocumentSchema.pick({ schemaVersion: true, lastSeq: true, savedAt: true, secret: true });

export const LOG_FILE = "events.ndjson";

/** The store every model reads and writes: embedded or PostgreSQL, alike in every other way. */
export type Store = BaseStore;
export const Store = {
  /** Opens the embedded store on a data folder (see EmbeddedStore.open). */
  open: (dataDir: string) => EmbeddedStore.open(dataDir),
};

/**
 * The snapshot, one record at a time; each is checked against its collection's schema as it is
 * read (a snapshot at an older schemaVersion is kept raw, migrated, then checked whole). A
 * function of its own, so that the closures it makes do not keep what it read alive after the
 * store has it.
 */
async function readSnapshotRecords(
  snapshotFile: string,
  strings: StringPool,
  refuse: (problem: string) => Error,
  notSchema: (where: string) => Error,
) {
  const collections = emptyCollections() as unknown as Record<string, Record<string, unknown>>;
  const ids: Record<string, string[]> = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, []]));
  let current = true;
  let read: Awaited<ReturnType<typeof readSnapshot>>;
  try {
    read = await readSnapshot(
      snapshotFile,
      (header) => {
        current = header.schemaVersion === SCHEMA_VERSION;
      },
      (c, id, value, lineNumber) => {
        if (!current) {
          (collections[c] ??= {})[id] = value;
          return;
        }
        const checked = checkRecord(c, id, value);
        if (checked.problem !== undefined) {
          throw Object.hasOwn(collections, c)
            ? notSchema(checked.problem)
            : refuse(`${snapshotFile} is damaged: line ${lineNumber} names ${checked.problem}`);
        }
        if (!Object.hasOwn(collections[c], id)) ids[c].push(id);
        collections[c][id] = strings.record(checked.value, id);
      },
    );
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    if (error instanceof SnapshotDamagedError) throw refuse(error.message);
    throw error;
  }
  return { read, collections, ids, current };
}

/**
 * Whether the store's writes are durable one by one, for its log writer: made here, not inside
 * `load`, so that the writer does not keep alive everything `load` read on the way.
 */
function durableOf(holder: { store?: EmbeddedStore }) {
  return () => holder.store?.durable ?? true;
}

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
    ids: Record<string, string[]>,
    strings: StringPool,
  ) {
    super(
      Object.fromEntries((Object.keys(COLLECTION_SCHEMAS) as CollectionName[]).map((c) => [c, doc[c]])) as Collections,
      strings,
      ids,
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
    const refuse = (problem: string) => new StoreOpenError(`Refusing to start: ${problem}. The file was left as it is.`);
    const notSchema = (where: string) => refuse(`${snapshotFile} does not match the Untangle schema — ${where}`);

    const strings = new StringPool();
    const { read, collections, ids, current } = await readSnapshotRecords(snapshotFile, strings, refuse, notSchema);

    let doc: StoreDocument;
    let migrated: string[] = [];
    if (read.kind === "records" && current) {
      const { schemaVersion, lastSeq, savedAt, secret } = read.header;
      const checked = HeaderSchema.safeParse({ schemaVersion, lastSeq, savedAt, secret });
      if (!checked.success) throw notSchema(firstIssue(checked.error));
      doc = { ...checked.data, ...(collections as unknown as Collections) };
    } else {
      let raw: Record<string, unknown> =
        read.kind === "document"
          ? read.doc
          : read.kind === "records"
            ? { schemaVersion: read.header.schemaVersion, lastSeq: read.header.lastSeq, savedAt: read.header.savedAt, secret: read.header.secret, ...collections }
            : {
                schemaVersion: SCHEMA_VERSION,
                lastSeq: 0,
                savedAt: new Date().toISOString(),
                secret: randomBytes(24).toString("hex"),
                ...emptyCollections(),
              };
      if (typeof raw.schemaVersion === "number" && raw.schemaVersion < SCHEMA_VERSION) {
        const result = migrate(raw, SCHEMA_VERSION);
        raw = result.doc;
        migrated = result.applied;
      }
      const parsed = DocumentSchema.safeParse(raw);
      if (!parsed.success) throw notSchema(firstIssue(parsed.error));
      doc = parsed.data;
      for (const c of COLLECTION_NAMES) ids[c] = Object.keys(doc[c]); // once, before serving
    }
    /** A single-document snapshot is rewritten in the streamed format at once. */
    const rewrite = read.kind === "document";

    // Replay what the snapshot lacks; collect the whole activity log.
    const entries: LogEntry[] = [];
    const activity: ActivityEvent[] = [];
    // In blocks: the whole log is never in memory at once.
    const { lines, tornAt, size } = await forEachLogLine(logFile, ({ event: eventText, changes, lineNumber }) => {
      let event: ActivityEvent;
      let json: { e: unknown; ch: unknown } | null = null;
      try {
        event = JSON.parse(eventText) as ActivityEvent;
        if (!(event?.seq > doc.lastSeq)) {
          activity.push(event);
          return;
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
    });
    const created = read.kind === "missing" && lines === 0;

    if (tornAt !== null) {
      console.warn(
        `${logFile}: cut ${size - tornAt} bytes from its end, the unfinished line of a write that was never acknowledged.`,
      );
    }
    const holder: { store?: EmbeddedStore } = {};
    const writer = await EventLogWriter.open(logFile, tornAt, durableOf(holder));
    const store: EmbeddedStore = new EmbeddedStore(
      dataDir,
      doc,
      writer,
      release,
      created,
      ids,
      strings,
    );
    holder.store = store;
    for (const event of activity) store.index(event);
    for (const entry of entries) {
      for (const change of entry.ch) store.applyChange(change);
      store.seq = Math.max(store.seq, entry.e.seq);
    }
    if (activity.length) store.seq = Math.max(store.seq, activity[activity.length - 1].seq);
    if (migrated.length || entries.length || created || rewrite) await store.snapshot();
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

  /** The snapshot being written (and any queued after it). */
  private snapshotting: Promise<void> = Promise.resolve();
  /** What the last snapshot wrote, and how long it took in all (the event loop served meanwhile). */
  lastSnapshot: { records: number; bytes: number; ms: number } | null = null;

  /**
   * Writes a snapshot of the state as of now, as a stream of records (see ./snapshot.server.ts):
   * the event loop keeps serving, and commits keep coming, while it is written. The file still
   * holds the state at one event (`lastSeq`): a record changed after the snapshot began is
   * written with the value it had then, kept aside when the change is applied (`preimages`).
   * Snapshots asked for while one is written are written after it, one by one.
   */
  snapshot(): Promise<void> {
    const next = this.snapshotting.catch(() => undefined).then(() => this.writeSnapshotNow());
    this.snapshotting = next;
    return next;
  }

  private async writeSnapshotNow() {
    const started = performance.now();
    const state = this.beginSnapshot();
    try {
      const written = await writeSnapshot(
        path.join(this.dataDir, SNAPSHOT_FILE),
        { schemaVersion: SCHEMA_VERSION, lastSeq: state.lastSeq, savedAt: new Date().toISOString(), secret: this.secret },
        state.records,
        // Every event the snapshot holds is in the log on disk before the snapshot replaces the old one.
        { beforeRename: () => this.writer.flush() },
      );
      this.lastSnapshot = { ...written, ms: performance.now() - started };
    } finally {
      state.end();
    }
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
