import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { BaseStore, StoreOpenError, StoreUnavailableError, checkRecord, invalidChange, type Decision, type StoreHealth } from "./base.server";
import type { ActivityEvent, Change } from "./events";
import { formatLogLine } from "./log.server";
import { MIGRATIONS_TABLE, PG_MIGRATIONS } from "./pg-migrations";
import { SCHEMA_VERSION, emptyCollections } from "./schema";
import { parseRecordLine, serialiseRecords } from "./snapshot.server";

/**
 * The PostgreSQL store: many app processes on one database (decision 014).
 *
 * Truth is the `events` table: one row per event, its `line` the same text as a line of the
 * embedded store's log (`<event JSON>\t<changes JSON>`). Each process keeps every collection in
 * memory, as the embedded store does, and follows the table: a NOTIFY after each commit, and a
 * poll as the fallback for a missed one.
 *
 * A write is a decision made against the latest state, optimistically: the process runs the
 * decision against its memory and inserts the event with the next sequence number in one
 * statement (one round trip, with the NOTIFY); the primary key on `seq` refuses it if another
 * process wrote that number first, and the process then catches up and decides again. Only
 * once committed is the event applied in memory and the write acknowledged. A number can be
 * written only by a process that has seen every number before it committed, so sequence
 * numbers become visible in order, with no gaps.
 */

/** Advisory lock keys (two 32-bit halves: "untg" and the purpose; 1 was a write lock, no longer taken). */
const LOCK_SPACE = 0x756e7467;
const MIGRATE_LOCK = 2;
const LEADER_LOCK = 3;
const CHANNEL = "untangle_events";
/** At most this many writes share one transaction. */
const MAX_BATCH = 200;
/** Decisions that read only records, never an index a listener keeps: they may follow others in a batch. */
const BATCHED_TYPES = new Set<string>(["proposal.voted"]);

type Pending = {
  decide: () => Decision<unknown>;
  blind: boolean;
  resolve: (value: { result: unknown; event: ActivityEvent | null }) => void;
  reject: (error: unknown) => void;
};

export type PostgresOptions = {
  /** How often to ask for the newest event when no notification came (ms). */
  pollEveryMs?: number;
  /** How often a process that is not the leader tries to become it (ms). */
  leaderEveryMs?: number;
  /** The leader writes a snapshot once this many events were committed since the newest one. */
  snapshotEvery?: number;
  /** How often the leader checks whether a snapshot is due (ms). */
  snapshotCheckEveryMs?: number;
  /**
   * false: read the database once and neither follow it nor campaign to lead, nor record the
   * creation of an empty one (the store command's verify and export).
   */
  follow?: boolean;
};

/** The database URL without its password, for logs and /healthz. */
export function redactUrl(url: string) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unreadable URL)";
  }
}

/** Errors that mean the connection or the server is gone (not a refusal of the statement). */
export function isConnectionError(error: unknown) {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (typeof e.code === "string") {
    if (/^(08|57P)/.test(e.code)) return true;
    if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"].includes(e.code)) return true;
  }
  return /Connection terminated|connection timeout|not currently accepting connections|terminating connection|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect/i.test(
    e.message ?? "",
  );
}

function parseLine(line: string): { event: ActivityEvent; changes: Change[] } {
  const tab = line.indexOf("\t");
  return { event: JSON.parse(line.slice(0, tab)) as ActivityEvent, changes: JSON.parse(line.slice(tab + 1)) as Change[] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PostgresStore extends BaseStore {
  readonly kind = "postgres" as const;
  readonly dataDir: string;
  private closed = false;
  private connected = true;
  private leader = false;
  /** The newest sequence number this process knows the database holds. */
  private newestKnown = 0;
  private caughtUpAt = Date.now();
  /** Writes and catch-ups run one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();
  private listenClient: pg.Client | null = null;
  private leaderClient: pg.Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private catchUpQueued = false;
  /** How many times a batch met a newer event and was decided again (since the store opened). */
  conflicts = 0;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    readonly secret: string,
    readonly wasCreated: boolean,
    private readonly options: { pollEveryMs: number; leaderEveryMs: number; snapshotEvery: number; snapshotCheckEveryMs: number },
  ) {
    super(emptyCollections());
    this.dataDir = redactUrl(url);
  }

  get healthy() {
    return !this.closed && this.connected;
  }

  isLeader() {
    return this.leader && this.healthy;
  }

  health(): StoreHealth {
    return {
      kind: "postgres",
      writable: this.healthy,
      seq: this.seq,
      lag: Math.max(0, this.newestKnown - this.seq),
      lagMs: this.newestKnown > this.seq ? Date.now() - this.caughtUpAt : 0,
      leader: this.isLeader(),
    };
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000, keepAlive: true });
    // An idle client whose server went away reports here; the pool drops it and we reconnect.
    pool.on("error", () => undefined);
    // A client in use whose server goes away fails its query (handled there) and also emits
    // 'error': without a listener that would end the process.
    pool.on("connect", (client) => client.on("error", () => undefined));
    let secret: string;
    let created = false;
    try {
      const client = await pool.connect();
      try {
        ({ secret, created } = await migrateDatabase(client, { recordCreation: options.follow !== false }));
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreOpenError) throw error;
      throw new StoreOpenError(`Refusing to start: the database at ${redactUrl(url)} cannot be used (${(error as Error).message}).`);
    }
    const store = new PostgresStore(url, pool, secret, created, {
      pollEveryMs: options.pollEveryMs ?? 1000,
      leaderEveryMs: options.leaderEveryMs ?? 2000,
      snapshotEvery: options.snapshotEvery ?? 50_000,
      snapshotCheckEveryMs: options.snapshotCheckEveryMs ?? 60_000,
    });
    try {
      await store.load();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    if (options.follow !== false) await store.startFollowing();
    return store;
  }

  /** Every row of the events table, oldest first, a page at a time (the store command's export). */
  async *lines(page = 5000): AsyncGenerator<string> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ seq: string; line: string }>(
        "SELECT seq, line FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        [after, page],
      );
      for (const row of rows) yield row.line;
      if (rows.length < page) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /**
   * Reads the state into memory: the newest complete snapshot's records (if it is at this
   * version's schema), the heading of every event it already holds (for the activity log), then
   * every event after it, replayed. Without a usable snapshot every event is replayed.
   */
  private async load() {
    const from = await this.loadSnapshot();
    this.snapshotSeq = from;
    const page = 20_000;
    // Events the snapshot holds: only their heading (the text before the tab), for the activity log.
    while (this.seq < from) {
      // No upper bound in the query: with one (and no statistics yet) PostgreSQL chose to sort
      // every remaining row on each page. The limit stops at the snapshot's last event.
      const { rows } = await this.pool.query<{ seq: string; line: string }>(
        "SELECT seq, split_part(line, E'\\t', 1) AS line FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        [this.seq, Math.min(page, from - this.seq)],
      );
      if (!rows.length) {
        throw new StoreOpenError(`Refusing to start: the newest snapshot holds events up to ${from}, but the events table ends at ${this.seq}.`);
      }
      this.loadRows(rows, true);
    }
    // Every event after it, replayed.
    for (;;) {
      const { rows } = await this.pool.query<{ seq: string; line: string }>(
        "SELECT seq, line FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        [this.seq, page],
      );
      this.loadRows(rows, false);
      if (rows.length < page) break;
    }
    this.newestKnown = this.seq;
  }

  /** Applies (or, for `headingOnly` rows, only indexes) events read at start, refusing a gap or a damaged row. */
  private loadRows(rows: Array<{ seq: string; line: string }>, headingOnly: boolean) {
    for (const row of rows) {
      let event: ActivityEvent;
      let changes: Change[] = [];
      try {
        if (headingOnly) event = JSON.parse(row.line) as ActivityEvent;
        else ({ event, changes } = parseLine(row.line));
      } catch {
        throw new StoreOpenError(`Refusing to start: event ${row.seq} in the events table is not valid JSON.`);
      }
      if (event.seq !== this.seq + 1) {
        throw new StoreOpenError(`Refusing to start: the events table jumps from ${this.seq} to ${event.seq}.`);
      }
      this.seq = event.seq;
      for (const change of changes) this.applyChange(change);
      this.index(event);
    }
  }

  /**
   * Reads the newest complete snapshot's records into memory, each checked against its
   * collection's schema, in one repeatable-read transaction (a newer snapshot completing
   * meanwhile deletes this one; the transaction still sees it whole). Returns the last event it
   * holds, or 0 when there is none at this version's schema.
   */
  private async loadSnapshot(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const { rows } = await client.query<{ id: string; last_seq: string; records: string }>(
        "SELECT id, last_seq, records FROM snapshots WHERE complete AND schema_version = $1 ORDER BY id DESC LIMIT 1",
        [SCHEMA_VERSION],
      );
      if (!rows.length) {
        await client.query("COMMIT");
        return 0;
      }
      const snapshot = rows[0];
      const damaged = (what: string) =>
        new StoreOpenError(`Refusing to start: snapshot ${snapshot.id} in the database is damaged: ${what}. It was left as it is.`);
      let count = 0;
      let expected = 0;
      for (;;) {
        // A few chunks (of about 1 MB each) at a time.
        const chunks = await client.query<{ n: number; lines: string }>(
          "SELECT n, lines FROM snapshot_chunks WHERE snapshot_id = $1 AND n >= $2 ORDER BY n LIMIT 8",
          [snapshot.id, expected],
        );
        for (const chunk of chunks.rows) {
          if (chunk.n !== expected) throw damaged(`chunk ${expected} is missing`);
          expected++;
          const text = chunk.lines;
          for (let start = 0; start < text.length; ) {
            let end = text.indexOf("\n", start);
            if (end === -1) end = text.length;
            let record: [string, string, unknown] | null;
            try {
              record = parseRecordLine(JSON.parse(text.slice(start, end)));
            } catch {
              record = null;
            }
            if (!record) throw damaged(`line ${count + 1} is not a record`);
            const checked = checkRecord(record[0], record[1], record[2]);
            if (checked.problem !== undefined) throw damaged(`it does not match the Untangle schema — ${checked.problem}`);
            this.applyChange({ c: record[0] as Change["c"], id: record[1], v: checked.value } as Change);
            count++;
            start = end + 1;
          }
        }
        if (chunks.rows.length < 8) break;
      }
      if (count !== Number(snapshot.records)) throw damaged(`it counts ${snapshot.records} records, but ${count} were read`);
      await client.query("COMMIT");
      return Number(snapshot.last_seq);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  // ---------------------------------------------------------------- snapshots

  /** The newest snapshot's last event, as far as this process knows (read at start, updated when it writes one). */
  private snapshotSeq = 0;
  private snapshotting: Promise<void> | null = null;
  /** What the last snapshot this process wrote held, and how long it took (the event loop served meanwhile). */
  lastSnapshot: { records: number; chunks: number; ms: number; lastSeq: number } | null = null;

  /**
   * Writes a snapshot of every record as of now into the database, in slices while the process
   * serves (see BaseStore.beginSnapshot), then marks it complete and deletes the older ones, in
   * one transaction. A snapshot asked for while one is written waits for that one.
   */
  snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    const run = this.writeSnapshotNow().finally(() => {
      this.snapshotting = null;
    });
    this.snapshotting = run;
    return run;
  }

  private async writeSnapshotNow() {
    const started = performance.now();
    // Begun between writes: memory then holds exactly the committed state (a batch in flight
    // holds records not yet committed).
    const state = await this.serial(async () => this.beginSnapshot());
    try {
      const { rows } = await this.pool.query<{ id: string }>(
        "INSERT INTO snapshots (last_seq, schema_version) VALUES ($1, $2) RETURNING id",
        [state.lastSeq, SCHEMA_VERSION],
      );
      const id = rows[0].id;
      let chunks = 0;
      const records = await serialiseRecords(state.records, async (text) => {
        await this.pool.query("INSERT INTO snapshot_chunks (snapshot_id, n, lines) VALUES ($1, $2, $3)", [id, chunks++, text]);
      });
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("UPDATE snapshots SET complete = true, records = $2, completed_at = now() WHERE id = $1", [id, records]);
        // Older snapshots, and any a stopped process left unfinished.
        await client.query("DELETE FROM snapshots WHERE id < $1", [id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      this.snapshotSeq = Math.max(this.snapshotSeq, state.lastSeq);
      this.lastSnapshot = { records, chunks, ms: performance.now() - started, lastSeq: state.lastSeq };
    } finally {
      state.end();
    }
  }

  /**
   * The leader writes a snapshot once `snapshotEvery` events have been committed since the
   * newest one (by any process), so that a process starting reads those records instead of
   * replaying every event.
   */
  private async snapshotIfDue() {
    if (this.closed || !this.isLeader() || this.snapshotting || this.seq - this.snapshotSeq < this.options.snapshotEvery) return;
    try {
      const { rows } = await this.pool.query<{ newest: string | null }>("SELECT max(last_seq) AS newest FROM snapshots WHERE complete");
      this.snapshotSeq = Math.max(this.snapshotSeq, Number(rows[0].newest ?? 0));
      if (this.seq - this.snapshotSeq < this.options.snapshotEvery) return;
      await this.snapshot();
    } catch (error) {
      if (!this.closed && !isConnectionError(error)) console.error(`PostgreSQL store: the snapshot failed: ${(error as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- following

  /** Starts following the table and campaigning; resolves once the first campaign has an answer. */
  private async startFollowing() {
    void this.listen();
    let answered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
    void this.campaign(answered);
    await firstAnswer;
    const poll = setInterval(() => void this.poll(), this.options.pollEveryMs);
    poll.unref();
    const snapshots = setInterval(() => void this.snapshotIfDue(), this.options.snapshotCheckEveryMs);
    snapshots.unref();
    this.timers.push(poll, snapshots);
  }

  /** LISTEN on a connection of its own; reconnects when it drops. */
  private async listen() {
    while (!this.closed) {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3000, keepAlive: true });
      const ended = new Promise<void>((resolve) => {
        client.on("error", () => resolve());
        client.on("end", () => resolve());
      });
      try {
        await client.connect();
        client.on("notification", (message) => {
          const seq = Number(message.payload);
          if (Number.isFinite(seq)) this.newestKnown = Math.max(this.newestKnown, seq);
          if (this.newestKnown > this.seq) this.scheduleCatchUp();
        });
        await client.query(`LISTEN ${CHANNEL}`);
        this.listenClient = client;
        // Something may have been committed while we were not listening.
        this.scheduleCatchUp();
        await ended;
      } catch {
        /* retried below */
      }
      this.listenClient = null;
      await client.end().catch(() => undefined);
      if (!this.closed) await sleep(500);
    }
  }

  /** Tries to hold the leader lock on a connection of its own; loses it when that connection drops. */
  private async campaign(answered: () => void) {
    while (!this.closed) {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3000, keepAlive: true });
      let lost = false;
      client.on("error", () => {
        lost = true;
        this.leader = false;
      });
      client.on("end", () => {
        lost = true;
        this.leader = false;
      });
      try {
        await client.connect();
        this.leaderClient = client;
        while (!this.closed && !lost) {
          if (!this.leader) {
            const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [LOCK_SPACE, LEADER_LOCK]);
            this.leader = rows[0].ok;
            answered();
          } else {
            await client.query("SELECT 1");
          }
          await sleep(this.options.leaderEveryMs);
        }
      } catch {
        /* reconnect below */
      }
      answered();
      this.leader = false;
      this.leaderClient = null;
      await client.end().catch(() => undefined);
      if (!this.closed) await sleep(500);
    }
  }

  /** The fallback for a missed notification, and the check that the database is reachable. */
  private async poll() {
    if (this.closed) return;
    try {
      const { rows } = await this.pool.query<{ newest: string | null }>("SELECT max(seq) AS newest FROM events");
      this.connected = true;
      this.newestKnown = Math.max(this.newestKnown, Number(rows[0].newest ?? 0));
      if (this.newestKnown > this.seq) this.scheduleCatchUp();
      else this.caughtUpAt = Date.now();
    } catch (error) {
      if (isConnectionError(error)) this.connected = false;
    }
  }

  private scheduleCatchUp() {
    if (this.catchUpQueued || this.closed) return;
    this.catchUpQueued = true;
    void this.serial(async () => {
      this.catchUpQueued = false;
      try {
        await this.catchUp(this.pool);
        this.connected = true;
      } catch (error) {
        if (isConnectionError(error)) this.connected = false;
      }
    });
  }

  /** Runs `task` after every write and catch-up queued before it. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Applies every committed event this process lacks, in order. */
  private async catchUp(db: pg.Pool | pg.PoolClient) {
    for (;;) {
      const { rows } = await db.query<{ seq: string; line: string }>(
        `SELECT seq, line FROM events WHERE seq > ${this.seq} ORDER BY seq LIMIT 5000`,
      );
      this.applyRows(rows);
      if (rows.length < 5000) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.newestKnown = Math.max(this.newestKnown, this.seq);
    this.caughtUpAt = Date.now();
  }

  private applyRows(rows: Array<{ seq: string; line: string }>) {
    for (const row of rows) {
      const { event, changes } = parseLine(row.line);
      if (event.seq !== this.seq + 1) return; // a number is written only after the one before it; stop and ask again
      this.applyEvent(event, changes);
    }
  }

  // ---------------------------------------------------------------- writing

  protected record<T>(decide: () => Decision<T>, options: { blind?: boolean } = {}): Promise<{ result: T; event: ActivityEvent | null }> {
    if (this.closed) return Promise.reject(new Error("The store is closed."));
    return new Promise((resolve, reject) => {
      this.queue.push({ decide, blind: options.blind ?? false, resolve, reject } as Pending);
      this.scheduleBatch();
    });
  }

  /** Writes waiting for the next transaction, oldest first. */
  private queue: Pending[] = [];
  private batchQueued = false;
  /** Settles when the transaction in flight has committed (or failed): what whenDurable waits for. */
  private inFlight: Promise<void> = Promise.resolve();

  private scheduleBatch() {
    if (this.batchQueued) return;
    this.batchQueued = true;
    void this.serial(async () => {
      this.batchQueued = false;
      const batch = this.queue.splice(0, MAX_BATCH);
      if (!batch.length) return;
      let done!: () => void;
      this.inFlight = new Promise<void>((resolve) => (done = resolve));
      try {
        await this.runBatch(batch);
      } finally {
        done();
        if (this.queue.length) this.scheduleBatch();
      }
    });
  }

  /**
   * Group commit: the writes waiting in this process share one statement and one flush. Each
   * decision runs in order against memory that already holds the decisions before it in the
   * batch (their records applied, to be taken back if the statement fails); the activity index
   * and the listeners see them only once committed. A decision that may read the indexes the
   * listeners keep (anything but a vote or a commit decided by its caller) therefore runs only
   * first in a batch, with every event before it committed and indexed.
   *
   * Optimistic, in one round trip: the decisions are made against what this process holds, and
   * their rows are inserted with the sequence numbers that follow it, in one implicit
   * transaction with the NOTIFY. If another process wrote first, the primary key on `seq`
   * refuses the insert (nothing of it is kept): the batch's records are taken back, the process
   * catches up, and the decisions run again against the newer state (the contract of `write`).
   * A batch that writes nothing is checked the same way: its answers stand only if nothing
   * newer was committed meanwhile.
   */
  private async runBatch(batch: Pending[]) {
    let unreachable = 0;
    /** The database is out of reach: true after a pause to try again, false once the batch is refused (503). */
    const tryAgain = async (error: unknown) => {
      this.connected = false;
      if (++unreachable < 3) {
        await sleep(200 * unreachable);
        return true;
      }
      const refusal = new StoreUnavailableError(`The database cannot be reached: ${(error as Error).message}`);
      for (const p of batch) p.reject(refusal);
      return false;
    };
    for (let conflicts = 0; ; ) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        if (await tryAgain(error)) continue;
        return;
      }
      const undo: Array<{ c: Change["c"]; id: string; before: unknown }> = [];
      const takeBack = () => {
        for (let i = undo.length - 1; i >= 0; i--) {
          const { c, id, before } = undo[i];
          this.setRecord(before === undefined ? { c, id, del: true } : ({ c, id, v: before } as Change));
        }
        undo.length = 0;
      };
      const written: Array<{ pending: Pending; event: ActivityEvent; changes: Change[]; line: string }> = [];
      const outcomes = new Map<Pending, { ok: true; result: unknown; event: ActivityEvent | null } | { ok: false; error: unknown }>();
      const deferred: Pending[] = [];
      let sentInsert = false;
      let conflicted = false;
      try {
        const base = this.seq;
        const started = performance.now();
        for (const pending of batch) {
          if (deferred.length) {
            deferred.push(pending); // keep the order: once one waits, those after it wait too
            continue;
          }
          let decision: Decision<unknown>;
          try {
            decision = pending.decide();
          } catch (error) {
            outcomes.set(pending, { ok: false, error });
            continue;
          }
          if (!decision.event) {
            outcomes.set(pending, { ok: true, result: decision.result, event: null });
            continue;
          }
          if (written.length && !pending.blind && !BATCHED_TYPES.has(decision.event.type)) {
            deferred.push(pending); // may read an index: next batch, first in it
            continue;
          }
          const invalid = invalidChange(decision.changes);
          if (invalid) {
            outcomes.set(pending, { ok: false, error: invalid });
            continue;
          }
          const event = this.newEvent(decision.event, base + written.length + 1);
          for (const change of decision.changes) {
            const records = this.data[change.c] as Record<string, unknown>;
            undo.push({ c: change.c, id: change.id, before: records[change.id] });
            this.applyChange(change);
          }
          written.push({ pending, event, changes: decision.changes, line: formatLogLine(event, decision.changes).slice(0, -1) });
          outcomes.set(pending, { ok: true, result: decision.result, event });
          if (!pending.blind && !BATCHED_TYPES.has(event.type)) break; // ends the batch: those after it see it indexed
        }
        for (const pending of batch) if (!outcomes.has(pending) && !deferred.includes(pending)) deferred.push(pending);
        this.longestCommitMs = Math.max(this.longestCommitMs, performance.now() - started);
        if (!written.length) {
          // Nothing to write: the answers stand if nothing newer was committed meanwhile.
          const { rows } = await client.query<{ seq: string; line: string }>(`SELECT seq, line FROM events WHERE seq > ${base} ORDER BY seq`);
          if (rows.length) {
            conflicted = true;
            this.applyRows(rows);
          }
        } else {
          sentInsert = true;
          const values = written.map((w) => `(${w.event.seq}, ${client.escapeLiteral(w.line)})`).join(", ");
          const last = written[written.length - 1].event.seq;
          // One statement, one implicit transaction: the rows and the notification, or nothing.
          await client.query(
            `WITH added AS (INSERT INTO events (seq, line) VALUES ${values} RETURNING seq) SELECT pg_notify('${CHANNEL}', '${last}') FROM (SELECT count(*) FROM added) AS n`,
          );
        }
        client.release();
      } catch (error) {
        const lostConnection = isConnectionError(error);
        client.release(lostConnection ? (error as Error) : undefined);
        if ((error as { code?: string }).code === "23505") {
          // Another process wrote first: take back, catch up, decide again.
          takeBack();
          conflicted = true;
          try {
            await this.catchUp(this.pool);
          } catch (caughtUp) {
            if (!isConnectionError(caughtUp)) {
              for (const p of batch) p.reject(caughtUp);
              return;
            }
            this.connected = false;
            if (++unreachable >= 3) {
              const refusal = new StoreUnavailableError(`The database cannot be reached: ${(caughtUp as Error).message}`);
              for (const p of batch) p.reject(refusal);
              return;
            }
            await sleep(200 * unreachable);
          }
        } else {
          let committed = false;
          if (lostConnection && sentInsert && written.length) {
            // The insert may or may not have been committed: ask, once reachable.
            const lastWritten = written[written.length - 1];
            committed = await this.wasCommitted(lastWritten.event.seq, lastWritten.line).catch(() => false);
          }
          if (!committed) {
            // Take back what the batch applied (never the sequence: memory holds only committed events).
            takeBack();
            if (!lostConnection) {
              for (const p of batch) p.reject(error);
              return;
            }
            if (await tryAgain(error)) continue;
            return;
          }
        }
      }
      if (conflicted) {
        takeBack();
        conflicts++;
        this.conflicts++;
        // Under heavy contention, step aside a little (and a little more each time) before deciding again.
        if (conflicts > 3) await sleep(Math.min(50, conflicts) * Math.random());
        if (conflicts > 1000) {
          const refusal = new StoreUnavailableError("The write kept meeting newer writes from other processes; nothing was recorded.");
          for (const p of batch) p.reject(refusal);
          return;
        }
        continue;
      }
      // Committed: now, and only now, the events are indexed, the listeners told, the writes acknowledged.
      this.connected = true;
      for (const w of written) {
        this.seq = w.event.seq;
        this.indexAndTell(w.event, w.changes);
      }
      if (written.length) this.newestKnown = Math.max(this.newestKnown, this.seq);
      this.caughtUpAt = Date.now();
      for (const [pending, outcome] of outcomes) {
        if (outcome.ok) pending.resolve({ result: outcome.result, event: outcome.event });
        else pending.reject(outcome.error);
      }
      if (deferred.length) {
        this.queue.unshift(...deferred);
      }
      return;
    }
  }

  /**
   * After an insert whose answer was lost: whether it was committed. The probe inserts a row at
   * the same sequence number in a transaction it never commits: the primary key makes it wait
   * for a transaction still deciding that number, so the answer is final.
   */
  private async wasCommitted(seq: number, line: string): Promise<boolean> {
    for (let i = 0; i < 10 && !this.closed; i++) {
      try {
        const client = await this.pool.connect();
        try {
          await client.query("BEGIN");
          const probe = await client.query("INSERT INTO events (seq, line) VALUES ($1, '') ON CONFLICT (seq) DO NOTHING RETURNING seq", [seq]);
          let found = false;
          if (!probe.rowCount) {
            const { rows } = await client.query<{ line: string }>("SELECT line FROM events WHERE seq = $1", [seq]);
            found = rows.length === 1 && rows[0].line === line;
          }
          await client.query("ROLLBACK");
          this.connected = true;
          return found;
        } finally {
          client.release();
        }
      } catch {
        await sleep(300);
      }
    }
    throw new StoreUnavailableError("The database cannot be reached to confirm a write; it may or may not have been recorded.");
  }

  /** Every write so far has committed (memory holds only committed events). */
  whenDurable(): Promise<void> {
    // Memory may hold the records of a transaction not yet committed (a batch in flight).
    return this.inFlight;
  }

  /** Waits for the writes and catch-ups queued so far. */
  async flush() {
    await this.serial(async () => undefined);
  }

  /** Waits until this process has applied every event committed so far (tests, the copy command). */
  async sync() {
    await this.serial(() => this.catchUp(this.pool));
  }

  async close() {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.listenClient?.end().catch(() => undefined);
    await this.leaderClient?.end().catch(() => undefined);
    this.leader = false;
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * Applies the migrations this database lacks, under the migration lock, and reads the store's
 * secret. On an empty database, with `recordCreation`, records the store's creation (seq 1).
 */
export async function migrateDatabase(client: pg.ClientBase, { recordCreation }: { recordCreation: boolean }) {
  await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_SPACE, MIGRATE_LOCK]);
  try {
    await client.query(MIGRATIONS_TABLE);
    const done = new Set((await client.query<{ version: number }>("SELECT version FROM untangle_migrations")).rows.map((r) => r.version));
    for (const migration of PG_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO untangle_migrations (version, description) VALUES ($1, $2)", [
          migration.version,
          migration.description,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new StoreOpenError(`Refusing to start: migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`);
      }
      console.log(`PostgreSQL store: applied migration ${migration.version} (${migration.description}).`);
    }
    const newest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
    const ahead = [...done].filter((v) => v > newest);
    if (ahead.length) {
      throw new StoreOpenError(
        `Refusing to start: the database has migration ${Math.max(...ahead)}, newer than this version of Untangle knows (${newest}).`,
      );
    }
    await client.query("INSERT INTO untangle_meta (key, value) VALUES ('secret', $1) ON CONFLICT (key) DO NOTHING", [
      randomBytes(24).toString("hex"),
    ]);
    const secret = (await client.query<{ value: string }>("SELECT value FROM untangle_meta WHERE key = 'secret'")).rows[0].value;
    // The first process on an empty database records its creation, so that exactly one
    // process seeds it (the others, starting meanwhile, find an event and follow).
    let created = false;
    const any = await client.query("SELECT 1 FROM events LIMIT 1");
    if (recordCreation && any.rowCount === 0) {
      const event: ActivityEvent = {
        seq: 1,
        at: new Date().toISOString(),
        actorId: null,
        type: "store.created",
        subject: { kind: "store", id: "store" },
        before: null,
        after: { kind: "postgres" },
      };
      await client.query("INSERT INTO events (seq, line) VALUES (1, $1)", [formatLogLine(event, []).slice(0, -1)]);
      created = true;
    }
    return { secret, created };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_SPACE, MIGRATE_LOCK]).catch(() => undefined);
  }
}
