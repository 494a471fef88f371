/**
 * `npm run store -- <command>`: moving data between the embedded store and PostgreSQL, and
 * backups. Stop the app first for copy and import (the embedded store's folder is locked while
 * the app runs; a PostgreSQL target must be empty).
 *
 *   copy   --from=DATA_DIR --to=postgres://…          copies an embedded data folder into an empty
 *                                                      database, then verifies the copy
 *   export --from=DATA_DIR|postgres://… --to=FILE      writes either store to one portable file
 *   import --from=FILE --to=DATA_DIR|postgres://…      restores such a file into an empty store, then verifies
 *   verify --from=A --to=B                             compares two stores (or files): counts and a
 *                                                      digest per collection
 *
 * A target that is not empty is refused unless --force is given: an embedded folder's files are
 * then moved aside (kept, renamed with the time), a database's events are replaced.
 *
 * The portable file is the event log itself, one event per line as the embedded store writes
 * it, after a first line that names the format and carries the store's secret (which keeps
 * anonymous pulse answers anonymous and unlinkable across a move).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { EmbeddedStore, LOG_FILE, SNAPSHOT_FILE } from "~/store/store.server";
import { PostgresStore, migrateDatabase, redactUrl } from "~/store/postgres.server";
import type { BaseStore } from "~/store/base.server";
import { COLLECTION_NAMES, SCHEMA_VERSION } from "~/store/schema";
import { readLogLines } from "~/store/log.server";
import { writeSnapshot } from "~/store/snapshot.server";

const FORMAT = "untangle-events";

type Header = { format: typeof FORMAT; version: 1; secret: string; events: number; exportedAt: string };

const isDatabase = (where: string) => /^postgres(ql)?:\/\//.test(where);

class CommandError extends Error {}

function args(argv: string[]) {
  const [command, ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (const a of rest) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new CommandError(`Unknown argument: ${a}`);
    flags.set(m[1], m[2] ?? true);
  }
  const need = (name: string) => {
    const v = flags.get(name);
    if (typeof v !== "string" || !v) throw new CommandError(`${command} needs --${name}=…`);
    return v;
  };
  return { command, need, force: flags.get("force") === true };
}

/** The log lines of a store or file, oldest first, and its secret. */
async function source(from: string): Promise<{ secret: string; lines: () => AsyncGenerator<string>; close: () => Promise<void> }> {
  if (isDatabase(from)) {
    const store = await PostgresStore.open(from, { follow: false });
    return { secret: store.secret, lines: () => store.lines(), close: () => store.close() };
  }
  if (fs.existsSync(from) && fs.statSync(from).isFile()) {
    const header = await readHeader(from);
    return {
      secret: header.secret,
      lines: async function* () {
        const input = readline.createInterface({ input: fs.createReadStream(from, "utf8"), crlfDelay: Infinity });
        let first = true;
        for await (const line of input) {
          if (first) {
            first = false;
            continue;
          }
          if (line) yield line;
        }
      },
      close: async () => undefined,
    };
  }
  if (!fs.existsSync(path.join(from, LOG_FILE)) && !fs.existsSync(path.join(from, SNAPSHOT_FILE))) {
    throw new CommandError(`${from} is neither a database URL, an export file, nor a data folder with ${LOG_FILE}.`);
  }
  // Opening the store checks every line and cuts an unacknowledged torn tail, as a start would.
  const store = await EmbeddedStore.open(path.resolve(from));
  await store.flush();
  return {
    secret: store.secret,
    lines: async function* () {
      const { lines } = await readLogLines(path.join(path.resolve(from), LOG_FILE));
      for (const line of lines) yield `${line.event}\t${line.changes()}`;
    },
    close: () => store.close(),
  };
}

async function readHeader(file: string): Promise<Header> {
  const input = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of input) {
    input.close();
    let header: Header | null = null;
    try {
      header = JSON.parse(line) as Header;
    } catch {
      /* below */
    }
    if (header?.format !== FORMAT) throw new CommandError(`${file} is not an Untangle export (its first line does not name the format).`);
    return header;
  }
  throw new CommandError(`${file} is empty.`);
}

/** Writes the lines into an empty (or, with force, emptied) database. */
async function intoDatabase(url: string, secret: string, lines: AsyncGenerator<string>, force: boolean) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrateDatabase(client, { recordCreation: false });
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM events");
    if (Number(rows[0].n) > 0 && !force) {
      throw new CommandError(`The database ${redactUrl(url)} already holds ${rows[0].n} events. Give --force to replace them.`);
    }
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [0x756e7467, 1]);
    await client.query("DELETE FROM events");
    await client.query("DELETE FROM snapshots"); // they hold the records of the events replaced
    await client.query("INSERT INTO untangle_meta (key, value) VALUES ('secret', $1) ON CONFLICT (key) DO UPDATE SET value = $1", [secret]);
    let batch: string[] = [];
    let expected = 1;
    let count = 0;
    const flush = async () => {
      if (!batch.length) return;
      const values = batch.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(", ");
      const params = batch.flatMap((line, i) => [expected - batch.length + i, line]);
      await client.query(`INSERT INTO events (seq, line) VALUES ${values}`, params);
      batch = [];
    };
    for await (const line of lines) {
      const seq = (JSON.parse(line.slice(0, line.indexOf("\t"))) as { seq: number }).seq;
      if (seq !== expected) throw new CommandError(`The events jump from ${expected - 1} to ${seq}: refusing to copy a log with a gap.`);
      batch.push(line);
      expected++;
      count++;
      if (batch.length >= 1000) await flush();
    }
    await flush();
    await client.query("COMMIT");
    return count;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Writes the lines as a new embedded data folder; an existing one's files are moved aside with force. */
async function intoFolder(dir: string, secret: string, lines: AsyncGenerator<string>, force: boolean) {
  fs.mkdirSync(dir, { recursive: true });
  const present = [LOG_FILE, SNAPSHOT_FILE].filter((f) => fs.existsSync(path.join(dir, f)));
  if (present.length && !force) throw new CommandError(`${dir} already holds ${present.join(" and ")}. Give --force to move them aside.`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  for (const f of present) fs.renameSync(path.join(dir, f), path.join(dir, `${f}.before-import-${stamp}`));
  const log = fs.openSync(path.join(dir, LOG_FILE), "w");
  let count = 0;
  try {
    for await (const line of lines) {
      fs.writeSync(log, `${line}\n`);
      count++;
    }
    fs.fsyncSync(log);
  } finally {
    fs.closeSync(log);
  }
  // A snapshot of nothing, carrying the secret: the store replays the whole log on open.
  await writeSnapshot(path.join(dir, SNAPSHOT_FILE), { schemaVersion: SCHEMA_VERSION, lastSeq: 0, savedAt: new Date().toISOString(), secret }, []);
  const store = await EmbeddedStore.open(dir); // replays and writes the real snapshot
  await store.close();
  return count;
}

async function exportTo(file: string, secret: string, lines: () => AsyncGenerator<string>, force: boolean) {
  if (fs.existsSync(file) && fs.statSync(file).size > 0 && !force) throw new CommandError(`${file} exists. Give --force to overwrite it.`);
  let events = 0;
  for await (const _ of lines()) events++;
  const out = fs.createWriteStream(`${file}.tmp`);
  let failed: Error | null = null;
  out.on("error", (error) => (failed = error));
  const write = async (text: string) => {
    if (failed) throw failed;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  const header: Header = { format: FORMAT, version: 1, secret, events, exportedAt: new Date().toISOString() };
  await write(`${JSON.stringify(header)}\n`);
  for await (const line of lines()) await write(`${line}\n`);
  await new Promise<void>((resolve, reject) => out.end(() => resolve()).once("error", reject));
  const fd = fs.openSync(`${file}.tmp`, "r");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
  return events;
}

// ---------------------------------------------------------------- verifying

/** Sorted keys, so that two stores holding the same record digest it alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export type Summary = Record<string, { count: number; digest: string }>;

export function summarise(store: Pick<BaseStore, "data" | "activity">): Summary {
  const summary: Summary = {};
  for (const c of COLLECTION_NAMES) {
    const records = store.data[c] as Record<string, unknown>;
    const hash = createHash("sha256");
    const ids = Object.keys(records).sort();
    for (const id of ids) hash.update(`${id}\t${canonical(records[id])}\n`);
    summary[c] = { count: ids.length, digest: hash.digest("hex").slice(0, 16) };
  }
  const events = createHash("sha256");
  for (const e of store.activity) events.update(`${canonical(e)}\n`);
  summary["(events)"] = { count: store.activity.length, digest: events.digest("hex").slice(0, 16) };
  return summary;
}

/** Opens a store, a data folder or an export file (read into a temporary folder) for reading. */
async function openForReading(where: string): Promise<{ store: BaseStore; close: () => Promise<void> }> {
  if (isDatabase(where)) {
    const store = await PostgresStore.open(where, { follow: false });
    return { store, close: () => store.close() };
  }
  if (fs.statSync(where).isFile()) {
    const dir = fs.mkdtempSync(path.join(path.dirname(path.resolve(where)), ".untangle-verify-"));
    const from = await source(where);
    await intoFolder(dir, from.secret, from.lines(), false);
    const store = await EmbeddedStore.open(dir);
    return {
      store,
      close: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const store = await EmbeddedStore.open(path.resolve(where));
  return { store, close: () => store.close() };
}

async function verify(a: string, b: string) {
  const left = await openForReading(a);
  const sa = summarise(left.store);
  await left.close();
  const right = await openForReading(b);
  const sb = summarise(right.store);
  await right.close();
  let same = true;
  const rows = Object.keys(sa).map((c) => {
    const ok = sa[c].count === sb[c]?.count && sa[c].digest === sb[c]?.digest;
    same &&= ok;
    return `${ok ? "  same" : "  DIFF"}  ${c.padEnd(22)} ${String(sa[c].count).padStart(9)} ${sa[c].digest}   ${String(sb[c]?.count ?? "-").padStart(9)} ${sb[c]?.digest ?? "-"}`;
  });
  console.log(`        collection              ${"count".padStart(9)} digest (from)      ${"count".padStart(9)} digest (to)`);
  console.log(rows.join("\n"));
  return same;
}

function where(w: string) {
  return isDatabase(w) ? redactUrl(w) : w;
}

export async function main(argv: string[]) {
  const { command, need, force } = args(argv);
  if (command === "copy" || command === "import") {
    const from = need("from");
    const to = need("to");
    if (command === "copy" && (isDatabase(from) || !isDatabase(to))) throw new CommandError("copy takes an embedded data folder (--from) into PostgreSQL (--to=postgres://…); use export and import for the rest.");
    const src = await source(from);
    let count: number;
    try {
      count = isDatabase(to) ? await intoDatabase(to, src.secret, src.lines(), force) : await intoFolder(path.resolve(to), src.secret, src.lines(), force);
    } finally {
      await src.close();
    }
    if (isDatabase(to)) {
      // A snapshot, so that the app's processes start from it instead of replaying every event;
      // the verification below then reads the database as a starting process does.
      const store = await PostgresStore.open(to, { follow: false });
      try {
        await store.snapshot();
      } finally {
        await store.close();
      }
    }
    console.log(`Copied ${count.toLocaleString("en")} events from ${where(from)} to ${where(to)}. Verifying…`);
    if (!(await verify(from, to))) throw new CommandError("The copy differs from its source (see DIFF above).");
    console.log("The copy matches its source in every collection.");
  } else if (command === "export") {
    const from = need("from");
    const to = need("to");
    const src = await source(from);
    try {
      const count = await exportTo(to, src.secret, src.lines, force);
      console.log(`Exported ${count.toLocaleString("en")} events from ${where(from)} to ${to}.`);
    } finally {
      await src.close();
    }
  } else if (command === "verify") {
    if (!(await verify(need("from"), need("to")))) throw new CommandError("The two differ (see DIFF above).");
    console.log("Both hold the same in every collection.");
  } else {
    throw new CommandError("Usage: npm run store -- copy|export|import|verify --from=… --to=… [--force]");
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("store-command.ts")) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error instanceof CommandError ? error.message : `The store command failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}
